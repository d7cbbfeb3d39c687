/* concur-locked-callback through function pointers copied from another
 * pointer: a duplicate of a container takes its original's free method
 * (the same field of another object: nothing new), while a type registered
 * by the application copies the methods the application filled in. */
#include <pthread.h>
#include <stdlib.h>

typedef struct queue_item {
  struct queue_item *next;
  void *value;
} queue_item;

typedef struct queue {
  queue_item *head;
  void (*release)(void *value);
} queue;

static queue *queue_new(void) {
  queue *q = calloc(1, sizeof *q);
  if (q) q->release = NULL;
  return q;
}

static queue *queue_dup(const queue *orig) {
  queue *copy = queue_new();
  if (!copy) return NULL;
  copy->release = orig->release;
  return copy;
}

static void queue_pop(queue *q) {
  queue_item *item = q->head;
  if (!item) return;
  q->head = item->next;
  if (q->release) q->release(item->value);
  free(item);
}

static void release_buffer(void *value) { free(value); }

static pthread_mutex_t jobs_lock = PTHREAD_MUTEX_INITIALIZER;
static queue *jobs;
static queue *jobs_backup;

static void jobs_init(void) {
  jobs = queue_new();
  if (jobs) jobs->release = release_buffer;
  jobs_backup = jobs ? queue_dup(jobs) : NULL;
}

static void jobs_drop_one(void) {
  pthread_mutex_lock(&jobs_lock);
  /* negative: a queue's release is NULL, release_buffer, or what queue_dup copies from another queue's release. */
  queue_pop(jobs);
  /* negative: the same for the copy. */
  queue_pop(jobs_backup);
  pthread_mutex_unlock(&jobs_lock);
}

/* The methods an application fills in for a value type it registers. */
typedef struct value_methods {
  void (*destroy)(void *value);
} value_methods;

typedef struct value_type {
  void (*destroy)(void *value);
} value_type;

static pthread_mutex_t types_lock = PTHREAD_MUTEX_INITIALIZER;
static value_type registered;

void register_value_type(const value_methods *methods) {
  pthread_mutex_lock(&types_lock);
  registered.destroy = methods->destroy;
  pthread_mutex_unlock(&types_lock);
}

void destroy_value(void *value) {
  pthread_mutex_lock(&types_lock);
  /* positive: destroy is copied from the application's value_methods, which the project never fills. */
  if (registered.destroy) registered.destroy(value); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&types_lock);
}

int run_jobs(void) {
  jobs_init();
  jobs_drop_one();
  return 0;
}

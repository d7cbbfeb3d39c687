/* A C object's lock taken again through a helper handed the same object. */
#include <pthread.h>
#include <stdlib.h>

typedef struct queue {
  pthread_mutex_t lock;
  int length;
  int dropped;
} queue;

void queue_note_drop(queue *q) {
  pthread_mutex_lock(&q->lock);
  q->dropped++;
  pthread_mutex_unlock(&q->lock);
}

/* positive: the helper locks the queue this function holds. */
int queue_push(queue *q, int limit) {
  pthread_mutex_lock(&q->lock);
  if (q->length >= limit) {
    queue_note_drop(q); /* expect: concur-self-deadlock */
    pthread_mutex_unlock(&q->lock);
    return -1;
  }
  q->length++;
  pthread_mutex_unlock(&q->lock);
  return 0;
}

/* negative: the helper is handed the other queue. */
void queue_move(queue *from, queue *to) {
  pthread_mutex_lock(&from->lock);
  from->length--;
  queue_note_drop(to);
  pthread_mutex_unlock(&from->lock);
}

/* negative: unlocked before the helper runs. */
int queue_push_or_drop(queue *q, int limit) {
  pthread_mutex_lock(&q->lock);
  int full = q->length >= limit;
  if (!full) q->length++;
  pthread_mutex_unlock(&q->lock);
  if (full) queue_note_drop(q);
  return full ? -1 : 0;
}

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static int table_size;

static int table_grow(int by) {
  pthread_mutex_lock(&table_lock);
  table_size += by;
  pthread_mutex_unlock(&table_lock);
  return table_size;
}

static int table_reserve(int n) {
  int missing = n > table_size ? n - table_size : 0;
  return table_grow(missing);
}

/* positive: two calls down to the same static lock. */
int table_insert(int n) {
  pthread_mutex_lock(&table_lock);
  int size = table_reserve(n); /* expect: concur-self-deadlock */
  pthread_mutex_unlock(&table_lock);
  return size;
}

/* negative: a trylock that fails is not a wait. */
int table_try_insert(int n) {
  pthread_mutex_lock(&table_lock);
  int size = table_size;
  if (pthread_mutex_trylock(&table_lock) == 0) pthread_mutex_unlock(&table_lock);
  pthread_mutex_unlock(&table_lock);
  return size + n;
}

/* Takes the lock only for callers that do not hold it (glib's have_lock). */
static void table_shrink(int by, int have_lock) {
  if (!have_lock) pthread_mutex_lock(&table_lock);
  table_size -= by;
  if (!have_lock) pthread_mutex_unlock(&table_lock);
}

/* negative: the caller says it holds the lock, and the callee does not take it then. */
void table_trim(int by) {
  pthread_mutex_lock(&table_lock);
  table_shrink(by, 1);
  pthread_mutex_unlock(&table_lock);
}

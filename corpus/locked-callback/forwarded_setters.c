/* concur-locked-callback: a function pointer that a setter stores holds what
 * the setter's callers pass, and a caller that passes its own parameter on
 * (a cache's constructor handing its comparator to the table it builds)
 * passes what its own callers pass, however many wrappers deep. Only a
 * wrapper that code outside the project can call leaves the value open. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef int (*fs_compare_fn)(const void *a, const void *b);
typedef void (*fs_release_fn)(void *value);

struct fs_table {
  pthread_mutex_t lock;
  fs_compare_fn compare;
  fs_release_fn release;
  void *slots[16];
  int used;
};

static struct fs_table *fs_table_create(fs_compare_fn compare, fs_release_fn release) {
  struct fs_table *t = calloc(1, sizeof *t);
  if (!t) return NULL;
  pthread_mutex_init(&t->lock, NULL);
  t->compare = compare;
  t->release = release;
  return t;
}

/* Two wrappers, each passing its parameters on. */
static struct fs_table *fs_cache_create(fs_compare_fn compare, fs_release_fn release) {
  return fs_table_create(compare, release);
}

static struct fs_table *fs_slab_cache_create(fs_compare_fn compare, fs_release_fn release) {
  return fs_cache_create(compare, release);
}

static int fs_compare_names(const void *a, const void *b) { return strcmp(a, b); }
static void fs_free_name(void *value) { free(value); }

static struct fs_table *g_names;
static struct fs_table *g_ids;

void fs_setup(void) {
  g_names = fs_slab_cache_create(fs_compare_names, fs_free_name);
  g_ids = fs_cache_create(fs_compare_names, NULL);
}

/* negative: compare is fs_compare_names, passed two wrappers up; it runs no foreign code. */
int fs_table_find(struct fs_table *t, const void *key) {
  int found = -1;
  pthread_mutex_lock(&t->lock);
  for (int i = 0; i < t->used && found < 0; ++i)
    if (t->compare(t->slots[i], key) == 0) found = i;
  pthread_mutex_unlock(&t->lock);
  return found;
}

/* negative: release is fs_free_name or NULL, each passed on by a wrapper. */
void fs_table_clear(struct fs_table *t) {
  pthread_mutex_lock(&t->lock);
  for (int i = 0; i < t->used; ++i)
    if (t->release) t->release(t->slots[i]);
  t->used = 0;
  pthread_mutex_unlock(&t->lock);
}

/* A second table kind whose wrapper code outside the project can call. */
typedef void (*fs_visit_fn)(void *key);

struct fs_index {
  pthread_mutex_t lock;
  fs_visit_fn on_remove;
  void *keys[8];
  int used;
};

static struct fs_index *fs_index_create(fs_visit_fn on_remove) {
  struct fs_index *x = calloc(1, sizeof *x);
  if (!x) return NULL;
  pthread_mutex_init(&x->lock, NULL);
  x->on_remove = on_remove;
  return x;
}

/* Exported: its callers outside the project pass functions concur never sees. */
struct fs_index *fs_index_new(fs_visit_fn on_remove) { return fs_index_create(on_remove); }

/* positive: on_remove comes through the exported fs_index_new: whatever a user passes. */
void fs_index_clear(struct fs_index *x) {
  pthread_mutex_lock(&x->lock);
  while (x->used > 0) x->on_remove(x->keys[--x->used]); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&x->lock);
}

/* A third kind: every wrapper is static, and one of their callers passes a
 * function that runs a hook a user sets. */
struct fs_queue {
  pthread_mutex_t lock;
  void (*on_drop)(void *item);
  void *items[8];
  int used;
};

static void fs_queue_init(struct fs_queue *q, void (*on_drop)(void *)) {
  pthread_mutex_init(&q->lock, NULL);
  q->on_drop = on_drop;
  q->used = 0;
}

static void fs_bounded_queue_init(struct fs_queue *q, void (*on_drop)(void *)) { fs_queue_init(q, on_drop); }

static void (*g_drop_hook)(void *item);
void fs_set_drop_hook(void (*hook)(void *)) { g_drop_hook = hook; }

static void fs_report_drop(void *item) {
  if (g_drop_hook) g_drop_hook(item);
}

static void fs_ignore_drop(void *item) { (void)item; }

static struct fs_queue g_jobs;
static struct fs_queue g_events;

void fs_queues_setup(void) {
  fs_bounded_queue_init(&g_jobs, fs_report_drop);
  fs_queue_init(&g_events, fs_ignore_drop);
}

/* positive: on_drop may be fs_report_drop (passed through fs_bounded_queue_init), which runs the user's hook. */
void fs_queue_trim(struct fs_queue *q, int keep) {
  pthread_mutex_lock(&q->lock);
  while (q->used > keep) q->on_drop(q->items[--q->used]); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&q->lock);
}

/* A fourth kind: the wrappers' only callers pass their own harmless function. */
struct fs_pool {
  pthread_mutex_t lock;
  void (*reset)(void *item);
  void *items[8];
  int used;
};

static void fs_pool_init(struct fs_pool *p, void (*reset)(void *)) {
  pthread_mutex_init(&p->lock, NULL);
  p->reset = reset;
}

static void fs_buffer_pool_init(struct fs_pool *p, void (*reset)(void *)) { fs_pool_init(p, reset); }
static void fs_zero_buffer(void *item) { memset(item, 0, 64); }

static struct fs_pool g_buffers;
void fs_pools_setup(void) { fs_buffer_pool_init(&g_buffers, fs_zero_buffer); }

/* negative: reset is fs_zero_buffer, passed on by fs_buffer_pool_init; it runs nothing foreign. */
void fs_pool_recycle(struct fs_pool *p) {
  pthread_mutex_lock(&p->lock);
  for (int i = 0; i < p->used; ++i) p->reset(p->items[i]);
  pthread_mutex_unlock(&p->lock);
}

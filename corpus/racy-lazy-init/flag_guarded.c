/* concur-racy-lazy-init behind a flag: `if (!ready) { set the lock up; ready = 1; }`.
 * The test reads a plain flag instead of the lock itself, and the lock may be
 * set up in place (pthread_mutex_init on a static mutex). The fact is the same:
 * two threads can both find the flag unset and both set the lock up, one while
 * the other already holds it. */
#define _POSIX_C_SOURCE 200809L /* pthread_rwlock_t under -std=c17 */
#include <pthread.h>
#include <stdlib.h>

static pthread_mutex_t g_events_lock;
static int g_events_ready;
static long g_events;

/* positive: a static mutex set up in place behind a flag, then locked. */
void events_add(long n) {
  if (g_events_ready == 0) {
    pthread_mutex_init(&g_events_lock, NULL); /* expect: concur-racy-lazy-init */
    g_events_ready = 1;
  }
  pthread_mutex_lock(&g_events_lock);
  g_events += n;
  pthread_mutex_unlock(&g_events_lock);
}

static pthread_rwlock_t g_names_lock;
static int g_names_inited;
static int g_names;

/* The early-return form, in a helper: its caller locks what it set up. */
static void names_setup(void) {
  if (g_names_inited) return;
  pthread_rwlock_init(&g_names_lock, NULL); /* expect: concur-racy-lazy-init */
  g_names_inited = 1;
}

/* positive (names_setup): the helper's set-up races; this caller takes the writer lock after it. */
void names_put(void) {
  names_setup();
  pthread_rwlock_wrlock(&g_names_lock);
  ++g_names;
  pthread_rwlock_unlock(&g_names_lock);
}

struct channel {
  pthread_mutex_t lock;
  int lock_ready;
  int depth;
};

/* positive: a struct's mutex behind the struct's own flag, through a parameter. */
void channel_push(struct channel* c) {
  if (!c->lock_ready) {
    pthread_mutex_init(&c->lock, NULL); /* expect: concur-racy-lazy-init */
    c->lock_ready = 1;
  }
  pthread_mutex_lock(&c->lock);
  ++c->depth;
  pthread_mutex_unlock(&c->lock);
}

static pthread_mutex_t g_setup_guard = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t g_jobs_lock;
static int g_jobs_ready;
static int g_jobs;

/* negative: the flag is tested and set while a statically initialized mutex is held. */
void jobs_add(void) {
  pthread_mutex_lock(&g_setup_guard);
  if (!g_jobs_ready) {
    pthread_mutex_init(&g_jobs_lock, NULL);
    g_jobs_ready = 1;
  }
  pthread_mutex_unlock(&g_setup_guard);
  pthread_mutex_lock(&g_jobs_lock);
  ++g_jobs;
  pthread_mutex_unlock(&g_jobs_lock);
}

static char* g_scratch;
static int g_scratch_ready;

/* negative: what the flag guards is a buffer, not a lock. */
char* scratch(void) {
  if (!g_scratch_ready) {
    g_scratch = malloc(256);
    g_scratch_ready = 1;
  }
  return g_scratch;
}

static pthread_mutex_t g_trace_lock;
static int g_trace_ready;

/* negative: a set-up function nobody locks after; it is not create-on-first-use. */
void trace_setup(void) {
  if (!g_trace_ready) {
    pthread_mutex_init(&g_trace_lock, NULL);
    g_trace_ready = 1;
  }
}

static pthread_mutex_t g_embed_lock;
static int g_embed_ready;

/* negative: the flag is tested and set inside a compare-and-swap spin lock
 * (taken when the swap from NULL succeeds, given back by the swap to NULL). */
void embed_enter(void) {
  static void* volatile spin = NULL;
  while (!__sync_bool_compare_and_swap(&spin, NULL, (void*)1)) {
  }
  if (!g_embed_ready) {
    pthread_mutex_init(&g_embed_lock, NULL);
    g_embed_ready = 1;
  }
  while (!__sync_bool_compare_and_swap(&spin, (void*)1, NULL))
    ;
  pthread_mutex_lock(&g_embed_lock);
}

/* concur-racy-lazy-init in C: file-scope lock handles, created racily and correctly. */
#include <pthread.h>
#include <stdlib.h>

static pthread_mutex_t* g_log_lock;

/* positive: a file-scope handle compared with NULL and created on first use. */
void log_line(const char* line) {
  if (g_log_lock == NULL) {
    g_log_lock = (pthread_mutex_t*)malloc(sizeof(pthread_mutex_t)); /* expect: concur-racy-lazy-init */
    pthread_mutex_init(g_log_lock, NULL);
  }
  pthread_mutex_lock(g_log_lock);
  (void)line;
  pthread_mutex_unlock(g_log_lock);
}

static pthread_once_t g_stats_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t* g_stats_lock;

static void stats_init(void) {
  g_stats_lock = malloc(sizeof(pthread_mutex_t));
  pthread_mutex_init(g_stats_lock, NULL);
}

/* negative: pthread_once runs the creation exactly once. */
void stats_add(void) {
  pthread_once(&g_stats_once, stats_init);
  pthread_mutex_lock(g_stats_lock);
  pthread_mutex_unlock(g_stats_lock);
}

static pthread_mutex_t g_registry_guard = PTHREAD_MUTEX_INITIALIZER;

struct table {
  pthread_mutex_t* lock;
};

/* negative: the handle is created while a statically initialized mutex is held. */
void table_lock(struct table* t) {
  pthread_mutex_lock(&g_registry_guard);
  if (!t->lock) {
    t->lock = malloc(sizeof(pthread_mutex_t));
    pthread_mutex_init(t->lock, NULL);
  }
  pthread_mutex_unlock(&g_registry_guard);
  pthread_mutex_lock(t->lock);
}

/* negative: a statically initialized mutex needs no lazy creation at all. */
static pthread_mutex_t g_static_lock = PTHREAD_MUTEX_INITIALIZER;
void static_locked(void) {
  pthread_mutex_lock(&g_static_lock);
  pthread_mutex_unlock(&g_static_lock);
}

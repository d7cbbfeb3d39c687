/* concur-racy-lazy-init and threads started with g_thread_new and
   uv_thread_create: a lock handle created on first use races only once a
   thread runs. Before the first start, and after the join of every thread
   started so far, main is start-up code again. */
#include <pthread.h>
#include <stdlib.h>

#include "threads.h"

static pthread_mutex_t *g_settings_lock;
static pthread_mutex_t *g_cache_lock;
static pthread_mutex_t *g_index_lock;
static int g_settings, g_cache, g_index;

void load_settings(void) {
  /* negative: main calls this before it starts any thread. */
  if (g_settings_lock == NULL) {
    g_settings_lock = malloc(sizeof(pthread_mutex_t));
    pthread_mutex_init(g_settings_lock, NULL);
  }
  pthread_mutex_lock(g_settings_lock);
  g_settings = 1;
  pthread_mutex_unlock(g_settings_lock);
}

void fill_cache(void) {
  /* negative: main calls this after it joined the counting thread and the disk scanner. */
  if (g_cache_lock == NULL) {
    g_cache_lock = malloc(sizeof(pthread_mutex_t));
    pthread_mutex_init(g_cache_lock, NULL);
  }
  pthread_mutex_lock(g_cache_lock);
  g_cache = 1;
  pthread_mutex_unlock(g_cache_lock);
}

void index_files(void) {
  /* positive: the indexer thread main started last is still running, and it calls this too. */
  if (g_index_lock == NULL) {
    g_index_lock = malloc(sizeof(pthread_mutex_t)); /* expect: concur-racy-lazy-init */
    pthread_mutex_init(g_index_lock, NULL);
  }
  pthread_mutex_lock(g_index_lock);
  g_index++;
  pthread_mutex_unlock(g_index_lock);
}

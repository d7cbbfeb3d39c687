/* Helpers that expect their caller's lock: start-up calls one without it,
   before any thread that uses what it changes exists. */
#include <pthread.h>

#include "cache.h"

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t quota_lock = PTHREAD_MUTEX_INITIALIZER;
static long pool_pages;
static long quota;

/* negative: the workers call it under pool_lock; main's prefill runs before
   it starts them (only the logger runs then, and it never grows the pool). */
static void pool_grow(long pages) { pool_pages += pages; }

void pool_prefill(void) { pool_grow(16); }

void pool_take(void) {
  pthread_mutex_lock(&pool_lock);
  pool_grow(1);
  if (pool_pages > 1024) pool_pages = 0;
  pthread_mutex_unlock(&pool_lock);
}

/* positive: its two callers hold two different locks, on two threads. */
static void quota_add(long n) {
  quota += n; /* expect: concur-shared-global-cache */
}

void quota_from_worker(void) {
  pthread_mutex_lock(&pool_lock);
  quota_add(1);
  pthread_mutex_unlock(&pool_lock);
}

void quota_from_admin(void) {
  pthread_mutex_lock(&quota_lock);
  quota_add(2);
  if (quota > 100) quota = 0;
  pthread_mutex_unlock(&quota_lock);
}

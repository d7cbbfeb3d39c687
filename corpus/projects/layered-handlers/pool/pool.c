// Under pool_lock, log_event reaches the program's handler three calls down (log_event ->
// log_format -> log_emit -> current_handler); main's handler asks pool_size, which takes
// pool_lock again.
#include "pool.h"

#include "log.h"

#include <pthread.h>

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static int pooled[64];
static int pooled_count;
static long stats_total;

int pool_size(void) {
  pthread_mutex_lock(&pool_lock);
  int n = pooled_count;
  pthread_mutex_unlock(&pool_lock);
  return n;
}

// positive: the handler reached three calls below takes pool_lock again.
void pool_add(int id) {
  pthread_mutex_lock(&pool_lock);
  if (pooled_count < 64) pooled[pooled_count++] = id;
  log_event("pooled", id);  // expect: concur-locked-callback
  pthread_mutex_unlock(&pool_lock);
}

// negative: the lock is released before the log line.
void pool_drop(int id) {
  pthread_mutex_lock(&pool_lock);
  for (int i = 0; i < pooled_count; ++i)
    if (pooled[i] == id) pooled[i] = pooled[--pooled_count];
  pthread_mutex_unlock(&pool_lock);
  log_event("dropped", id);
}

static void announce_unlocked(int id) {
  pthread_mutex_unlock(&pool_lock);
  log_event("flushed", id);
  pthread_mutex_lock(&pool_lock);
}

// negative: the helper releases pool_lock around the log line and takes it back.
void pool_flush(void) {
  pthread_mutex_lock(&pool_lock);
  while (pooled_count > 0) {
    int id = pooled[--pooled_count];
    announce_unlocked(id);
  }
  pthread_mutex_unlock(&pool_lock);
}

// negative: stats_lock is held, and the handler takes only pool_lock.
void stats_record(int id) {
  pthread_mutex_lock(&stats_lock);
  stats_total += id;
  log_event("recorded", id);
  pthread_mutex_unlock(&stats_lock);
}

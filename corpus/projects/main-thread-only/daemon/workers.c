#include <pthread.h>
#include <stddef.h>

#include "daemon.h"

static pthread_mutex_t limits_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_t worker_tids[8];
static int worker_count;
static long limit_bytes;

static void *worker_main(void *arg) {
  (void)arg;
  pthread_mutex_lock(&limits_lock);
  limit_bytes -= 64;
  pthread_mutex_unlock(&limits_lock);
  return NULL;
}

void workers_start(int n) {
  for (int i = 0; i < n && i < 8; i++) pthread_create(&worker_tids[worker_count++], NULL, worker_main, NULL);
}

void workers_stop(void) {
  for (int i = 0; i < worker_count; i++) pthread_join(worker_tids[i], NULL);
}

void limits_reload(long bytes) {
  /* positive: main reloads the limit while the workers change it under limits_lock. */
  limit_bytes = bytes; /* expect: concur-shared-global-cache */
}

#include <pthread.h>
#include <stddef.h>

#include "daemon.h"

static pthread_mutex_t sweep_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t sweep_cond = PTHREAD_COND_INITIALIZER;
static pthread_t sweep_tid;
static int keep_sweeping;

static void *sweep_main(void *arg) {
  (void)arg;
  pthread_mutex_lock(&sweep_lock);
  while (keep_sweeping) pthread_cond_wait(&sweep_cond, &sweep_lock);
  pthread_mutex_unlock(&sweep_lock);
  return NULL;
}

int sweeper_start(void) {
  /* negative: set on the main thread before the sweeper starts; the locked
   * clear below also runs on the main thread only (at shutdown). */
  keep_sweeping = 1;
  return pthread_create(&sweep_tid, NULL, sweep_main, NULL);
}

void sweeper_stop(void) {
  pthread_mutex_lock(&sweep_lock);
  keep_sweeping = 0;
  pthread_cond_signal(&sweep_cond);
  pthread_mutex_unlock(&sweep_lock);
  pthread_join(sweep_tid, NULL);
}

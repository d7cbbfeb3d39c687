#include <pthread.h>
#include <stddef.h>

#include "daemon.h"

static pthread_mutex_t maintainer_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t hang_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_t maintainer_tid;
static int maintainer_running;
static long maintainer_ticks;

static void *maintainer_main(void *arg) {
  (void)arg;
  for (int i = 0; i < 3; i++) {
    pthread_mutex_lock(&hang_lock);
    maintainer_ticks++;
    pthread_mutex_unlock(&hang_lock);
  }
  return NULL;
}

void maintainer_start(void) {
  pthread_mutex_lock(&maintainer_lock);
  /* negative: under another lock than the stop's, but both run on the main
   * thread only: start-up and shutdown never overlap. */
  maintainer_running = 1;
  pthread_mutex_unlock(&maintainer_lock);
  pthread_create(&maintainer_tid, NULL, maintainer_main, NULL);
}

void maintainer_stop(void) {
  pthread_join(maintainer_tid, NULL);
  pthread_mutex_lock(&hang_lock);
  maintainer_running = 0;
  pthread_mutex_unlock(&hang_lock);
}

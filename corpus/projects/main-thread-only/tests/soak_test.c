/* A test program of its own: its main is the test process's main thread. */
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t soak_lock = PTHREAD_MUTEX_INITIALIZER;
static long soak_ops;
static int soak_phase;

static void *soak_worker(void *arg) {
  (void)arg;
  pthread_mutex_lock(&soak_lock);
  soak_ops++;
  pthread_mutex_unlock(&soak_lock);
  return NULL;
}

static void soak_begin_phase(int phase) {
  /* negative: the phase is the test main's own; its locked report below
   * runs on the same thread, and no worker touches it. */
  soak_phase = phase;
}

static void soak_report(void) {
  pthread_mutex_lock(&soak_lock);
  soak_phase = -soak_phase;
  pthread_mutex_unlock(&soak_lock);
}

static void soak_reset_ops(void) {
  /* positive: the workers of the phase still count under soak_lock. */
  soak_ops = 0; /* expect: concur-shared-global-cache */
}

int main(void) {
  pthread_t workers[2];
  for (int phase = 0; phase < 2; phase++) {
    for (int i = 0; i < 2; i++) pthread_create(&workers[i], NULL, soak_worker, NULL);
    soak_begin_phase(phase);
    soak_reset_ops();
    soak_report();
    for (int i = 0; i < 2; i++) pthread_join(workers[i], NULL);
  }
  return 0;
}

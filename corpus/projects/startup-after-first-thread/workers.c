#include "cache.h"

static pthread_t workers[4];
static int started;

static void *work(void *arg) {
  for (int i = 0; i < 100; i++) {
    table_grow();
    pool_take();
    quota_from_worker();
    pthread_mutex_lock(&table_lock);
    memory_limit -= 1;
    pthread_mutex_unlock(&table_lock);
    log_line("grew\n");
  }
  return arg;
}

void workers_start(int n) {
  for (started = 0; started < n && started < 4; started++) pthread_create(&workers[started], NULL, work, NULL);
}

void workers_join(void) {
  for (int i = 0; i < started; i++) pthread_join(workers[i], NULL);
}

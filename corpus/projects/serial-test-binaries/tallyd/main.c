/* The daemon: counts requests on worker threads. */
#include <pthread.h>
#include <stdio.h>

#include "tally.h"

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 10; i++) tally_add("requests", 1);
  return NULL;
}

int main(void) {
  pthread_t workers[2];
  for (int i = 0; i < 2; i++) pthread_create(&workers[i], NULL, worker, NULL);
  for (int i = 0; i < 2; i++) pthread_join(workers[i], NULL);
  printf("%ld requests\n", tally_get("requests"));
  return 0;
}

/* The daemon: counts requests on worker threads. */
#include <pthread.h>
#include <stdio.h>

#include "tally.h"

/* The daemon's own flag; test_stress/main.c has a static of the same name,
   another variable, which it sets under a lock. */
static int g_verbose;

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 10; i++) tally_add("requests", 1);
  /* negative: a flag every worker sets to the same value, locked nowhere in the daemon. */
  g_verbose = 1;
  return NULL;
}

int main(void) {
  pthread_t workers[2];
  for (int i = 0; i < 2; i++) pthread_create(&workers[i], NULL, worker, NULL);
  for (int i = 0; i < 2; i++) pthread_join(workers[i], NULL);
  if (g_verbose) printf("%ld requests\n", tally_get("requests"));
  return 0;
}

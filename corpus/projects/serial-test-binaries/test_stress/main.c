/* A stress test binary: the same checks on four threads at once. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "tally.h"

static pthread_mutex_t g_report_lock = PTHREAD_MUTEX_INITIALIZER;
static int g_failures;
static int g_rounds;
static int g_verbose;

static void note_failure_locked(void) {
  pthread_mutex_lock(&g_report_lock);
  g_failures++;
  g_verbose = 1;
  pthread_mutex_unlock(&g_report_lock);
}

/* The log lock, made on first use by whichever thread logs first. */
static pthread_mutex_t *g_log_lock;

static void log_round(int i) {
  if (!g_log_lock) {
    /* positive: two threads may both see no lock and each make one. */
    g_log_lock = malloc(sizeof *g_log_lock); /* expect: concur-racy-lazy-init */
    if (!g_log_lock) return;
    pthread_mutex_init(g_log_lock, NULL);
  }
  pthread_mutex_lock(g_log_lock);
  if (i % 50 == 0) printf("round %d\n", i);
  pthread_mutex_unlock(g_log_lock);
}

static void *hammer(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; i++) {
    tally_add("hits", 1);
    log_round(i);
    if (tally_get("hits") < 1) note_failure_locked();
    /* positive: the threads count failures here without g_report_lock. */
    if (tally_get("misses") != 0) g_failures++; /* expect: concur-shared-global-cache */
  }
  return NULL;
}

int main(void) {
  pthread_t threads[4];
  /* negative: set before any thread starts. */
  g_rounds = 100;
  for (int i = 0; i < 4; i++) pthread_create(&threads[i], NULL, hammer, NULL);
  for (int i = 0; i < 4; i++) pthread_join(threads[i], NULL);
  /* negative: every thread is joined: nothing runs alongside this reset. */
  g_rounds = 0;
  printf("%d rounds, %d failed\n", g_rounds, g_failures);
  return g_failures != 0;
}

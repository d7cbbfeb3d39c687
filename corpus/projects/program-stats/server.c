/* The program: main, and the server's own report beside it. */
#include <pthread.h>
#include <stdio.h>

#include "stats.h"

pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
long stats_hits, stats_misses;

/* negative: only this program calls it (from protocol.c, with its own reply
   writer); a function defined beside main is linked into the program, not
   into a library others link against. */
void server_report(add_line_fn add, void *reply) {
  pthread_mutex_lock(&stats_lock);
  add("hits", stats_hits, reply);
  add("misses", stats_misses, reply);
  pthread_mutex_unlock(&stats_lock);
}

static void *worker(void *arg) {
  for (int i = 0; i < 100; i++) {
    pthread_mutex_lock(&stats_lock);
    stats_hits++;
    pthread_mutex_unlock(&stats_lock);
    handle_stats_command(arg);
  }
  return NULL;
}

int main(void) {
  pthread_t threads[2];
  for (int i = 0; i < 2; i++) pthread_create(&threads[i], NULL, worker, stdout);
  for (int i = 0; i < 2; i++) pthread_join(threads[i], NULL);
  return 0;
}

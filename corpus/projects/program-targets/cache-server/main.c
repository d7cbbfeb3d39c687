/* The cache server: main starts the workers, which answer "stats". */
#include <pthread.h>
#include <stdio.h>

#include "report.h"

static void text_line(const char *key, long value, void *out) {
  fprintf((FILE *)out, "STAT %s %ld\r\n", key, value);
}

static void *worker(void *out) {
  for (int i = 0; i < 100; i++) {
    stats_report(text_line, out);
    slabs_report(text_line, out);
  }
  return NULL;
}

int main(void) {
  pthread_t threads[2];
  for (int i = 0; i < 2; i++) pthread_create(&threads[i], NULL, worker, stdout);
  for (int i = 0; i < 2; i++) pthread_join(threads[i], NULL);
  return 0;
}

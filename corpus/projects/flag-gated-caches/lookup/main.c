#include "lookup.h"

#include <pthread.h>
#include <stdio.h>

static const char *const services[] = {"http", "https", "smtp", "imap"};

static void *worker(void *arg) {
  long id = (long)arg;
  long sum = 0;
  for (int i = 0; i < 100; ++i) {
    const char *service = services[(id + i) % 4];
    sum += lookup_port(service, 0);
    sum += lookup_weight(service, 1);
  }
  lookup_forget();
  printf("worker %ld: %ld\n", id, sum);
  return NULL;
}

int main(void) {
  for (int i = 0; i < 4; ++i) printf("%s: %d\n", services[i], lookup_port(services[i], 1));
  pthread_t threads[4];
  for (long i = 0; i < 4; ++i) pthread_create(&threads[i], NULL, worker, (void *)i);
  for (int i = 0; i < 4; ++i) pthread_join(threads[i], NULL);
  return 0;
}

#include <pthread.h>
#include <stddef.h>

#include "server.h"

void stats_init(void);
void stats_request(int failed);
void stats_reset(void);
void registry_init(void);

static struct server g_server;

static void* worker(void* arg) {
  server_add_client(&g_server, (int)(long)arg);
  stats_request(0);
  return NULL;
}

/* negative: start-up before any thread: the once-idiom in stats_init is safe here. */
int main(void) {
  stats_init();
  registry_init();
  pthread_t threads[4];
  for (long i = 0; i < 4; ++i) pthread_create(&threads[i], NULL, worker, (void*)i);
  /* The workers count requests meanwhile (stats.c). */
  stats_reset();
  for (int i = 0; i < 4; ++i) pthread_join(threads[i], NULL);
  return 0;
}

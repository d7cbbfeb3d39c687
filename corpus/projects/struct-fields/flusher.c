/* The flusher thread: reads fsync_enabled and fd, nothing else. */
#include <pthread.h>
#include <stdio.h>

#include "config.h"

static pthread_t flusher_thread;

static void *flush_loop(void *arg) {
  (void)arg;
  for (int i = 0; i < 3; i++)
    if (g_config.fsync_enabled) fprintf(stderr, "flush %d\n", g_config.fd);
  return NULL;
}

void start_flusher(void) { pthread_create(&flusher_thread, NULL, flush_loop, NULL); }

void stop_flusher(void) { pthread_join(flusher_thread, NULL); }

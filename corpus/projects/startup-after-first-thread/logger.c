#include <sched.h>
#include <stdio.h>

#include "cache.h"

pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
int log_verbosity;
static pthread_t log_thread;

/* The logger thread: it turns the verbosity down after its first ticks,
   under its lock; it touches nothing else. */
static void *log_loop(void *arg) {
  for (int i = 0; i < 10; i++) {
    pthread_mutex_lock(&log_lock);
    if (log_verbosity > 1) fputs("tick\n", stderr);
    if (i == 5) log_verbosity = 0;
    pthread_mutex_unlock(&log_lock);
    sched_yield();
  }
  return arg;
}

void log_start(void) { pthread_create(&log_thread, NULL, log_loop, NULL); }

void log_line(const char *line) {
  pthread_mutex_lock(&log_lock);
  if (log_verbosity > 0) fputs(line, stderr);
  pthread_mutex_unlock(&log_lock);
}

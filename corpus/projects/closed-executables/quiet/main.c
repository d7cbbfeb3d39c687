/* concur-locked-callback: an executable that sets its own print handler. */
#include "../print.h"

#include <pthread.h>
#include <stdio.h>

static FILE *g_log;
static pthread_mutex_t g_job_lock = PTHREAD_MUTEX_INITIALIZER;
static int g_jobs;

static void quiet_print(const char *line) {
  if (g_log) fputs(line, g_log);
}

/* negative: the handler is quiet_print, which writes to a file and takes no lock. */
static void *run_job(void *arg) {
  (void)arg;
  pthread_mutex_lock(&g_job_lock);
  ++g_jobs;
  pr_print("job done\n");
  pthread_mutex_unlock(&g_job_lock);
  return NULL;
}

int main(void) {
  g_log = fopen("/dev/null", "w");
  pr_set_handler(quiet_print);
  pthread_t worker;
  pthread_create(&worker, NULL, run_job, NULL);
  run_job(NULL);
  pthread_join(worker, NULL);
  return 0;
}

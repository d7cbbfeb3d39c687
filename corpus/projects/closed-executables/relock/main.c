/* concur-locked-callback: the handler an executable sets takes the lock its
 * caller holds: the closed world knows the handler, and the handler decides. */
#include "../print.h"

#include <pthread.h>

static pthread_mutex_t g_stats_lock = PTHREAD_MUTEX_INITIALIZER;
static long g_lines;

static void counting_print(const char *line) {
  (void)line;
  pthread_mutex_lock(&g_stats_lock);
  ++g_lines;
  pthread_mutex_unlock(&g_stats_lock);
}

/* positive: pr_print runs counting_print, which locks g_stats_lock again. */
static void *report(void *arg) {
  (void)arg;
  pthread_mutex_lock(&g_stats_lock);
  pr_print("report\n"); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&g_stats_lock);
  return NULL;
}

static pthread_mutex_t g_total_lock = PTHREAD_MUTEX_INITIALIZER;
static long g_total;

/* negative: the handlers take g_stats_lock, not g_total_lock, which is the one held here. */
static void add_total(long n) {
  pthread_mutex_lock(&g_total_lock);
  g_total += n;
  pr_print("total\n");
  pthread_mutex_unlock(&g_total_lock);
}

int main(void) {
  pr_set_handler(counting_print);
  pthread_t worker;
  pthread_create(&worker, NULL, report, NULL);
  report(NULL);
  add_total(1);
  pthread_join(worker, NULL);
  return 0;
}

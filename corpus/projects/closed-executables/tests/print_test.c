/* concur-locked-callback: a test executable is closed as well. */
#include "../print.h"

#include <pthread.h>

static pthread_mutex_t g_seen_lock = PTHREAD_MUTEX_INITIALIZER;
static int g_seen;

/* negative: only the project's executables set handlers; none runs foreign code or takes g_seen_lock. */
static void *check_print(void *arg) {
  (void)arg;
  pthread_mutex_lock(&g_seen_lock);
  ++g_seen;
  pr_print("checked\n");
  pthread_mutex_unlock(&g_seen_lock);
  return NULL;
}

int main(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, check_print, NULL);
  check_print(NULL);
  pthread_join(worker, NULL);
  return g_seen == 2 ? 0 : 1;
}

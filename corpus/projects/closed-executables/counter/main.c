/* concur-locked-callback: code compiled only into the project's executables
 * runs with the project's code and the system's. The handlers libprint may
 * hold there are the ones the project's executables set (quiet_print,
 * counting_print): none runs code the project does not show. */
#include "../print.h"

#include <pthread.h>

static pthread_mutex_t g_count_lock = PTHREAD_MUTEX_INITIALIZER;
static long g_count;

/* negative: the print handler is NULL or one an executable of the project sets; none takes g_count_lock or runs foreign code. */
static void *count_and_print(void *arg) {
  (void)arg;
  pthread_mutex_lock(&g_count_lock);
  ++g_count;
  pr_print("tick\n");
  pthread_mutex_unlock(&g_count_lock);
  return NULL;
}

/* counter's own statistics lock; relock/main.c has a static lock of the same
 * name (another program, another lock), which its counting_print takes. */
static pthread_mutex_t g_stats_lock = PTHREAD_MUTEX_INITIALIZER;
static long g_printed;

/* negative: counting_print takes relock's g_stats_lock, not this one. */
static void print_counted(void) {
  pthread_mutex_lock(&g_stats_lock);
  ++g_printed;
  pr_print("counted\n");
  pthread_mutex_unlock(&g_stats_lock);
}

int main(void) {
  pthread_t threads[2];
  for (int i = 0; i < 2; ++i) pthread_create(&threads[i], NULL, count_and_print, NULL);
  for (int i = 0; i < 2; ++i) pthread_join(threads[i], NULL);
  print_counted();
  return 0;
}

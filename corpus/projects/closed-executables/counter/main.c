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

int main(void) {
  pthread_t threads[2];
  for (int i = 0; i < 2; ++i) pthread_create(&threads[i], NULL, count_and_print, NULL);
  for (int i = 0; i < 2; ++i) pthread_join(threads[i], NULL);
  return 0;
}

/* concur-locked-callback: a source built into the quiet program and into
 * libprint as well. In the library, any program that links it may have set
 * the handler: the source is not only an executable's.
 * also built into: libprint */
#include "../print.h"

#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t g_quiet_status_lock = PTHREAD_MUTEX_INITIALIZER;
static int g_quiet_status;

/* positive: linked into libprint too, where a program's handler may call quiet_status again. */
void quiet_status(int code) {
  char line[32];
  snprintf(line, sizeof line, "quiet %d\n", code);
  pthread_mutex_lock(&g_quiet_status_lock);
  g_quiet_status = code;
  pr_print(line); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&g_quiet_status_lock);
}

/* negative: the status is printed after the lock is released. */
int quiet_last_status(void) {
  char line[32];
  pthread_mutex_lock(&g_quiet_status_lock);
  const int code = g_quiet_status;
  pthread_mutex_unlock(&g_quiet_status_lock);
  snprintf(line, sizeof line, "last quiet %d\n", code);
  pr_print(line);
  return code;
}

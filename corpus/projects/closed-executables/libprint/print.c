/* concur-locked-callback: a library's public setter takes whatever handler a
 * program that links the library passes. In the library, that is any code. */
#include "../print.h"

#include <pthread.h>
#include <stdio.h>

static pr_print_fn g_handler;
static pthread_mutex_t g_status_lock = PTHREAD_MUTEX_INITIALIZER;
static int g_last_status;

void pr_set_handler(pr_print_fn handler) { g_handler = handler; }

void pr_print(const char *line) {
  if (g_handler)
    g_handler(line);
  else
    fputs(line, stdout);
}

/* negative: the line is printed after the lock is released. */
int pr_print_last_status(void) {
  char line[32];
  pthread_mutex_lock(&g_status_lock);
  int code = g_last_status;
  pthread_mutex_unlock(&g_status_lock);
  snprintf(line, sizeof line, "last %d\n", code);
  pr_print(line);
  return code;
}

/* positive: any program that links libprint may set a handler that prints the status again. */
void pr_print_status(int code) {
  char line[32];
  snprintf(line, sizeof line, "status %d\n", code);
  pthread_mutex_lock(&g_status_lock);
  g_last_status = code;
  pr_print(line); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&g_status_lock);
}

/* The pattern cache: one lock over a small table of compiled expressions. */
#include <pthread.h>
#include <string.h>

#include "patterns.h"

static pthread_mutex_t patterns_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
  char pattern[64];
  rx *re;
  void *scratch;
} patterns[16];
static int dropped;

/* negative: rx_free is the library's own hook, which this program never replaces: the
   library's default free, library code like any call into the library. */
void patterns_drop(const char *pattern) {
  pthread_mutex_lock(&patterns_lock);
  for (int i = 0; i < 16; i++)
    if (strcmp(patterns[i].pattern, pattern) == 0) {
      rx_free(patterns[i].scratch);
      patterns[i].scratch = NULL;
      dropped++;
    }
  pthread_mutex_unlock(&patterns_lock);
}

void patterns_set_tracer(void (*tracer)(const char *message)) { rx_log_hook = tracer; }

/* positive: the program hands rx_log_hook to whoever calls patterns_set_tracer, and calls it
   under patterns_lock. */
void patterns_trace(const char *pattern) {
  pthread_mutex_lock(&patterns_lock);
  rx_log_hook(pattern); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&patterns_lock);
}

/* negative: the same hook, called after the unlock. */
void patterns_quiet(void) {
  pthread_mutex_lock(&patterns_lock);
  int count = dropped;
  pthread_mutex_unlock(&patterns_lock);
  if (count > 8) rx_log_hook("many patterns dropped");
}

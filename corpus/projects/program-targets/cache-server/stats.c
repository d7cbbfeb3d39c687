/* The server's own counters, in another source of the server's target. */
#include <pthread.h>

#include "report.h"

static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static long hits, misses;

/* negative: an external function, but of the program's build target: it is
   linked into the cache server only, whose one caller passes its own text
   writer. */
void stats_report(add_line_fn add, void *out) {
  pthread_mutex_lock(&stats_lock);
  add("hits", hits, out);
  add("misses", misses, out);
  pthread_mutex_unlock(&stats_lock);
}

void (*stats_on_reset)(void);

/* negative: the program's own hook, which nothing in the project sets and no
   code outside the program can: it holds nothing. */
void stats_reset(void) {
  pthread_mutex_lock(&stats_lock);
  hits = misses = 0;
  if (stats_on_reset) stats_on_reset();
  pthread_mutex_unlock(&stats_lock);
}

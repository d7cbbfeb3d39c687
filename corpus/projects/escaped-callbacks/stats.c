#include "wheel.h"

struct stats g_stats;
static pthread_mutex_t g_stats_lock = PTHREAD_MUTEX_INITIALIZER;

void stats_fired(void) {
  pthread_mutex_lock(&g_stats_lock);
  g_stats.fired++;
  g_stats.resets += 0;
  pthread_mutex_unlock(&g_stats_lock);
}

/* positive: the ticker thread clears the count while client threads run timers whose callback counts under the lock. */
void stats_clear(void) {
  g_stats.fired = 0; /* expect: concur-shared-global-cache */
}

/* negative: only the housekeeping thread runs this, started and joined before any client runs a timer. */
void stats_reset(void) {
  g_stats.resets = 0;
}

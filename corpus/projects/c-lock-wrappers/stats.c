/* Per-field identity: the lock field is initialized by a hand-rolled
 * once-idiom outside any lock, while the counters are written under the
 * lock. That is not "inconsistent locking" of one object: the fields differ. */
#include <pthread.h>

struct stats {
  int initialized;
  pthread_mutex_t lock;
  long requests;
  long errors;
};

static struct stats g_stats;

/* negative: initializes the lock field (and the flag) once, at start-up. */
void stats_init(void) {
  if (!g_stats.initialized) {
    pthread_mutex_init(&g_stats.lock, NULL);
    g_stats.initialized = 1;
  }
}

/* negative: every counter write holds the lock. */
void stats_request(int failed) {
  pthread_mutex_lock(&g_stats.lock);
  g_stats.requests++;
  if (failed) g_stats.errors++;
  pthread_mutex_unlock(&g_stats.lock);
}

/* positive: the same counter written without the lock, used under it elsewhere
   (main resets it while its workers count). */
void stats_reset(void) {
  g_stats.requests = 0; /* expect: concur-shared-global-cache */
  /* positive: another field, another object: reported on its own. */
  g_stats.errors = 0; /* expect: concur-shared-global-cache */
}

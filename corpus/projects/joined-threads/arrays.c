/* Threads a C function keeps in an array, or in a block it allocates, and
   joins with a counting loop: for (i = 0; i < n; i++) pthread_join (th[i],
   NULL). After that loop no thread of the array runs. C programs, their
   tests and benchmarks start workers this way. */
#include <pthread.h>
#include <stdlib.h>

#include "arrays.h"

struct tally {
  pthread_mutex_t lock;
  long hits;
  long misses;
  long resets;
  long strays;
  long lates;
  long skips;
};

static struct tally g_tally = {PTHREAD_MUTEX_INITIALIZER, 0, 0, 0, 0, 0, 0};

static pthread_mutex_t *g_summary_lock;
static long g_summary;

static void *count_hit(void *unused) {
  pthread_mutex_lock(&g_tally.lock);
  g_tally.hits++;
  pthread_mutex_unlock(&g_tally.lock);
  return unused;
}

long count_hits_in_parallel(void) {
  pthread_t workers[4];
  int i;
  for (i = 0; i < 4; i++) pthread_create(&workers[i], NULL, count_hit, NULL);
  for (i = 0; i < 4; i++) pthread_join(workers[i], NULL);
  long hits = g_tally.hits;
  /* negative: the loop above joined every worker; no lock is needed any more. */
  g_tally.hits = 0;
  return hits;
}

static void *count_miss(void *unused) {
  pthread_mutex_lock(&g_tally.lock);
  g_tally.misses++;
  pthread_mutex_unlock(&g_tally.lock);
  return unused;
}

/* Joins the first n threads of an array. */
static void join_workers(pthread_t *workers, int n) {
  for (int i = 0; i < n; i++) pthread_join(workers[i], NULL);
}

static void *count_late(void *unused) {
  pthread_mutex_lock(&g_tally.lock);
  g_tally.lates++;
  pthread_mutex_unlock(&g_tally.lock);
  return unused;
}

long count_lates_in_parallel(void) {
  pthread_t workers[3];
  for (int i = 0; i < 3; i++) pthread_create(&workers[i], NULL, count_late, NULL);
  join_workers(workers, 3);
  long lates = g_tally.lates;
  /* negative: join_workers joined every worker of the array. */
  g_tally.lates = 0;
  return lates;
}

long count_misses_in_parallel(int count) {
  pthread_t *workers = malloc((size_t)count * sizeof *workers);
  if (workers == NULL) return -1;
  for (int i = 0; i < count; ++i) pthread_create(&workers[i], NULL, count_miss, NULL);
  for (int i = 0; i != count; ++i) {
    if (pthread_join(workers[i], NULL) != 0) abort();
  }
  free(workers);
  long misses = g_tally.misses;
  /* negative: the same with the handles in a block it allocated, each join's status tested. */
  g_tally.misses = 0;
  return misses;
}

static void *count_reset(void *unused) {
  pthread_mutex_lock(&g_tally.lock);
  g_tally.resets++;
  pthread_mutex_unlock(&g_tally.lock);
  return unused;
}

long reset_while_counting(void) {
  pthread_t workers[2];
  for (int i = 0; i < 2; i++) pthread_create(&workers[i], NULL, count_reset, NULL);
  /* positive: the workers are joined only below; they still write the counter here. */
  g_tally.resets = 0; /* expect: concur-shared-global-cache */
  for (int i = 0; i < 2; i++) pthread_join(workers[i], NULL);
  return g_tally.resets;
}

static void *count_skip(void *unused) {
  pthread_mutex_lock(&g_tally.lock);
  g_tally.skips++;
  pthread_mutex_unlock(&g_tally.lock);
  return unused;
}

long count_skips_in_parallel(int wanted) {
  pthread_t workers[4];
  int started = 0;
  for (int i = 0; i < 4 && i < wanted; i++)
    if (pthread_create(&workers[i], NULL, count_skip, NULL) == 0) started++;
  for (int i = 0; i < 4 && i < started; i++) pthread_join(workers[i], NULL);
  long skips = g_tally.skips;
  /* negative: the loop stops at either bound; both exits leave every started worker joined. */
  g_tally.skips = 0;
  return skips;
}

static void *count_stray(void *unused) {
  pthread_mutex_lock(&g_tally.lock);
  g_tally.strays++;
  pthread_mutex_unlock(&g_tally.lock);
  return unused;
}

long count_detached(void) {
  pthread_t workers[2];
  for (int i = 0; i < 2; i++) pthread_create(&workers[i], NULL, count_stray, NULL);
  for (int i = 0; i < 2; i++) pthread_detach(workers[i]);
  /* positive: the loop detaches the workers; they may still run. */
  g_tally.strays = 0; /* expect: concur-shared-global-cache */
  return 0;
}

void publish_summary(long value) {
  /* negative: main calls this after it joined every worker it started, before it starts others. */
  if (g_summary_lock == NULL) {
    g_summary_lock = malloc(sizeof *g_summary_lock);
    pthread_mutex_init(g_summary_lock, NULL);
  }
  pthread_mutex_lock(g_summary_lock);
  g_summary = value;
  pthread_mutex_unlock(g_summary_lock);
}

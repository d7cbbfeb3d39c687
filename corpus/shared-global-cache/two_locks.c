/* C: counters of one global struct bumped under the lock of one shard by one
 * thread and under the other shard's lock by another: the fields of two
 * global objects are two mutexes. */
#include <pthread.h>
#include <stddef.h>

struct shard
{
  pthread_mutex_t lock;
  long items;
};

struct totals
{
  long hits;
  long misses;
};

static struct shard g_left = { PTHREAD_MUTEX_INITIALIZER, 0 };
static struct shard g_right = { PTHREAD_MUTEX_INITIALIZER, 0 };
static struct totals g_totals;

static void *
left_worker (void *arg)
{
  (void) arg;
  pthread_mutex_lock (&g_left.lock);
  g_left.items++;
  /* positive: right_worker bumps the same counter under g_right.lock. */
  g_totals.hits++; /* expect: concur-shared-global-cache */
  pthread_mutex_unlock (&g_left.lock);
  return NULL;
}

static void *
right_worker (void *arg)
{
  (void) arg;
  pthread_mutex_lock (&g_right.lock);
  g_right.items++;
  g_totals.hits++;
  pthread_mutex_unlock (&g_right.lock);
  return NULL;
}

static void
count_miss (struct shard *s)
{
  pthread_mutex_lock (&s->lock);
  /* negative: s may be g_left or g_right; the other change holds g_left.lock, which s->lock may be. */
  g_totals.misses++;
  pthread_mutex_unlock (&s->lock);
}

static void *
miss_worker (void *arg)
{
  count_miss (arg);
  return NULL;
}

static void *
left_miss_worker (void *arg)
{
  (void) arg;
  pthread_mutex_lock (&g_left.lock);
  g_totals.misses++;
  pthread_mutex_unlock (&g_left.lock);
  return NULL;
}

void
run_shards (void)
{
  pthread_t t[4];
  pthread_create (&t[0], NULL, left_worker, NULL);
  pthread_create (&t[1], NULL, right_worker, NULL);
  pthread_create (&t[2], NULL, miss_worker, &g_left);
  pthread_create (&t[3], NULL, left_miss_worker, NULL);
  for (int i = 0; i < 4; i++)
    pthread_join (t[i], NULL);
}

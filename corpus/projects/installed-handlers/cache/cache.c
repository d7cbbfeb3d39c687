// The handlers are fields of the cache; every one main installs asks the same cache again.
#include "cache.h"

int cache_count(struct cache *c) {
  pthread_mutex_lock(&c->mu);
  int n = c->count;
  pthread_mutex_unlock(&c->mu);
  return n;
}

static void evict_oldest(struct cache *c) {
  int key = c->keys[0];
  for (int i = 1; i < c->count; ++i) c->keys[i - 1] = c->keys[i];
  --c->count;
  if (c->on_evict) c->on_evict(c, key);
}

// positive: evict_oldest runs main's eviction handler, which calls cache_count on the cache.
void cache_put(struct cache *c, int key) {
  pthread_mutex_lock(&c->mu);
  if (c->count == 32) evict_oldest(c);  // expect: concur-locked-callback
  c->keys[c->count++] = key;
  pthread_mutex_unlock(&c->mu);
}

// positive: the miss handler runs right under the lock.
int cache_get(struct cache *c, int key) {
  pthread_mutex_lock(&c->mu);
  for (int i = 0; i < c->count; ++i)
    if (c->keys[i] == key) {
      pthread_mutex_unlock(&c->mu);
      return 1;
    }
  if (c->on_miss) c->on_miss(c, key);  // expect: concur-locked-callback
  pthread_mutex_unlock(&c->mu);
  return 0;
}

// negative: the lock is released before each eviction handler runs.
void cache_clear(struct cache *c) {
  pthread_mutex_lock(&c->mu);
  int keys[32];
  int n = c->count;
  for (int i = 0; i < n; ++i) keys[i] = c->keys[i];
  c->count = 0;
  pthread_mutex_unlock(&c->mu);
  for (int i = 0; i < n; ++i)
    if (c->on_evict) c->on_evict(c, keys[i]);
}

// negative: stats_mu is held, and the stats handler takes only mu (through cache_count).
void cache_count_miss(struct cache *c) {
  pthread_mutex_lock(&c->stats_mu);
  ++c->misses;
  if (c->on_stats) c->on_stats(c, c->misses);
  pthread_mutex_unlock(&c->stats_mu);
}

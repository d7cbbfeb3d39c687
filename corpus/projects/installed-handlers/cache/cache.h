// A cache of the program with eviction, miss and statistics handlers: function pointer fields
// that main sets, each to a function of its own that the cache is handed back to.
#ifndef INSTALLED_HANDLERS_CACHE_H
#define INSTALLED_HANDLERS_CACHE_H

#include <pthread.h>

struct cache {
  pthread_mutex_t mu;
  pthread_mutex_t stats_mu;
  int keys[32];
  int count;
  long misses;
  void (*on_evict)(struct cache *c, int key);
  void (*on_miss)(struct cache *c, int key);
  void (*on_stats)(struct cache *c, long misses);
};

int cache_count(struct cache *c);
void cache_put(struct cache *c, int key);
int cache_get(struct cache *c, int key);
void cache_clear(struct cache *c);
void cache_count_miss(struct cache *c);

#endif

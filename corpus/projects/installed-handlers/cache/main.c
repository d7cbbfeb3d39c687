#include "cache.h"

#include <stdio.h>

static void print_eviction(struct cache *c, int key) {
  printf("evicted %d (%d left)\n", key, cache_count(c));
}

static void count_miss(struct cache *c, int key) {
  printf("miss %d of %d\n", key, cache_count(c));
}

static void print_stats(struct cache *c, long misses) {
  printf("%ld misses, %d cached\n", misses, cache_count(c));
}

static struct cache the_cache = {
    .mu = PTHREAD_MUTEX_INITIALIZER,
    .stats_mu = PTHREAD_MUTEX_INITIALIZER,
};

int main(void) {
  the_cache.on_evict = print_eviction;
  the_cache.on_miss = count_miss;
  the_cache.on_stats = print_stats;
  for (int key = 0; key < 40; ++key) cache_put(&the_cache, key);
  printf("%d\n", cache_get(&the_cache, 99));
  cache_count_miss(&the_cache);
  cache_clear(&the_cache);
  return 0;
}

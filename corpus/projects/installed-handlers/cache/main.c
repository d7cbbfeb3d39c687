#include "cache.h"
#include "channel.h"

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

static void note_post(void *user, int msg) {
  struct channel *c = user;
  printf("posted %d (depth %d)\n", msg, channel_depth(c));
}

static void note_stats(void *user, int depth) {
  struct channel *c = user;
  printf("depth %d of %d\n", depth, channel_depth(c));
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
  struct channel *c = channel_open();
  c->user = c;
  c->on_post = note_post;
  c->on_stats = note_stats;
  channel_post(c, 1);
  channel_report(c);
  channel_drain(c);
  return 0;
}

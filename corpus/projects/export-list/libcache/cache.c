#include "cache.h"
#include "table.h"

#include <stdlib.h>

struct cache {
  pthread_mutex_t lock;
  cache_release_fn release;
  struct table *index;
  void *values[32];
  int used;
};

static void drop_index_entry(void *value) { free(value); }

struct cache *cache_new(cache_release_fn release) {
  struct cache *c = calloc(1, sizeof *c);
  if (!c) return NULL;
  pthread_mutex_init(&c->lock, NULL);
  c->release = release;
  c->index = table_create_sized(drop_index_entry, 64);
  return c;
}

void cache_put(struct cache *c, const char *key, void *value) {
  (void)key;
  pthread_mutex_lock(&c->lock);
  if (c->used < 32) c->values[c->used++] = value;
  pthread_mutex_unlock(&c->lock);
  table_add(c->index, NULL);
}

/* positive: release is what the user of the exported cache_new passed. */
void cache_flush(struct cache *c) {
  pthread_mutex_lock(&c->lock);
  while (c->used > 0) c->release(c->values[--c->used]); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&c->lock);
}

/* negative: no lock here; the index's lock is taken and released inside table_shrink. */
void cache_trim(struct cache *c, int keep) { table_shrink(c->index, keep); }

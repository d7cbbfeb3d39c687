/* libcache's public interface: the only functions its export list names. */
#pragma once

struct cache;
typedef void (*cache_release_fn)(void *value);

struct cache *cache_new(cache_release_fn release);
void cache_put(struct cache *c, const char *key, void *value);
void cache_flush(struct cache *c);
void cache_trim(struct cache *c, int keep);

/* libcache's internal hash table: external linkage, but not exported. */
#pragma once

#include <pthread.h>

typedef void (*table_evict_fn)(void *value);

struct table {
  pthread_mutex_t lock;
  table_evict_fn on_evict;
  void *values[32];
  int used;
};

struct table *table_create(table_evict_fn on_evict);
struct table *table_create_sized(table_evict_fn on_evict, int size);
void table_add(struct table *t, void *value);
void table_shrink(struct table *t, int keep);

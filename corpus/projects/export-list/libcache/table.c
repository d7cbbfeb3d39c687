#include "table.h"

#include <stdlib.h>

struct table *table_create(table_evict_fn on_evict) {
  struct table *t = calloc(1, sizeof *t);
  if (!t) return NULL;
  pthread_mutex_init(&t->lock, NULL);
  t->on_evict = on_evict;
  return t;
}

/* Passes its parameter on: what its callers pass. */
struct table *table_create_sized(table_evict_fn on_evict, int size) {
  (void)size;
  return table_create(on_evict);
}

void table_add(struct table *t, void *value) {
  pthread_mutex_lock(&t->lock);
  if (t->used < 32) t->values[t->used++] = value;
  pthread_mutex_unlock(&t->lock);
}

/* negative: on_evict is set only by table_create, which the export list leaves out: only the project calls it, with its own functions. */
void table_shrink(struct table *t, int keep) {
  pthread_mutex_lock(&t->lock);
  while (t->used > keep) t->on_evict(t->values[--t->used]);
  pthread_mutex_unlock(&t->lock);
}

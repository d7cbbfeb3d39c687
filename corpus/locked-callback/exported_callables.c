/* Functions that take a callable of a fixed type and run it under a lock. An exported one takes
 * whatever its users pass, so its own callers' harmless functions do not make it safe; a static
 * one's callers are all there is. */
#include <pthread.h>
#include <stddef.h>

struct ec_table {
  pthread_mutex_t mutex;
  int keys[16];
  size_t size;
};

/* positive: exported: a user's fn that inserts into the table deadlocks on t->mutex. */
void ec_table_foreach(struct ec_table *t, void (*fn)(int key, void *data), void *data) {
  pthread_mutex_lock(&t->mutex);
  for (size_t i = 0; i < t->size; i++) fn(t->keys[i], data); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&t->mutex);
}

static void ec_count_key(int key, void *data) {
  (void)key;
  ++*(size_t *)data;
}

/* negative: the project's own use of the exported function passes a harmless function. */
size_t ec_table_count(struct ec_table *t) {
  size_t n = 0;
  ec_table_foreach(t, ec_count_key, &n);
  return n;
}

/* negative: static: only this file calls it, and only with ec_sum_key. */
static void ec_table_visit(struct ec_table *t, void (*fn)(int key, void *data), void *data) {
  pthread_mutex_lock(&t->mutex);
  for (size_t i = 0; i < t->size; i++) fn(t->keys[i], data);
  pthread_mutex_unlock(&t->mutex);
}

static void ec_sum_key(int key, void *data) { *(long *)data += key; }

/* negative: its one callable is the harmless ec_sum_key. */
long ec_table_sum(struct ec_table *t) {
  long sum = 0;
  ec_table_visit(t, ec_sum_key, &sum);
  return sum;
}

/* positive: the same exported shape written with an explicit dereference, (*fn) (...). */
void ec_table_foreach_deref(struct ec_table *t, void (*fn)(int key, void *data), void *data) {
  pthread_mutex_lock(&t->mutex);
  for (size_t i = 0; i < t->size; i++) (*fn)(t->keys[i], data); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&t->mutex);
}

/* negative: static and called only with ec_sum_key, dereferenced or not. */
static void ec_table_visit_deref(struct ec_table *t, void (*fn)(int key, void *data), void *data) {
  pthread_mutex_lock(&t->mutex);
  for (size_t i = 0; i < t->size; i++) (*fn)(t->keys[i], data);
  pthread_mutex_unlock(&t->mutex);
}

/* negative: its one callable is the harmless ec_sum_key. */
long ec_table_sum_deref(struct ec_table *t) {
  long sum = 0;
  ec_table_visit_deref(t, ec_sum_key, &sum);
  return sum;
}

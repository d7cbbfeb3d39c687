/* Function pointers a library's users supply, called under the library's lock. A pointer whose
 * signature only asks (returns a value, takes values and pointers to const: an equality test, a
 * hash, a comparator) is a predicate that runs under the caller's lock by contract, like qsort's
 * comparator; one that can change what it is given, or that gets the user's context, is a
 * callback. */
#include <pthread.h>
#include <stddef.h>
#include <string.h>

typedef unsigned (*qc_hash_fn)(const void *key);
typedef int (*qc_equal_fn)(const void *a, const void *b);
typedef void (*qc_free_fn)(void *value);
typedef int (*qc_visit_fn)(const void *key, void *value);
typedef int (*qc_compare_with_fn)(const void *a, const void *b, void *user_data);

struct qc_table {
  pthread_mutex_t lock;
  qc_hash_fn hash;
  qc_equal_fn equal;
  qc_free_fn free_value;
  qc_compare_with_fn compare;
  void *compare_data;
  const void *keys[16];
  void *values[16];
  int used;
};

/* negative: storing what the user passed runs nothing. */
void qc_table_init(struct qc_table *t, qc_hash_fn hash, qc_equal_fn equal, qc_free_fn free_value) {
  pthread_mutex_init(&t->lock, NULL);
  t->hash = hash;
  t->equal = equal;
  t->free_value = free_value;
  t->used = 0;
}

void qc_table_set_order(struct qc_table *t, qc_compare_with_fn compare, void *data) {
  t->compare = compare;
  t->compare_data = data;
}

/* negative: the user's hash and equality test are questions about the keys. */
void *qc_table_lookup(struct qc_table *t, const void *key) {
  void *found = NULL;
  pthread_mutex_lock(&t->lock);
  unsigned slot = t->hash(key) % 16u;
  (void)slot;
  for (int i = 0; i < t->used && !found; i++)
    if (t->equal(t->keys[i], key)) found = t->values[i];
  pthread_mutex_unlock(&t->lock);
  return found;
}

/* positive: the free function gets the value to change and destroy: a user's notify, which can
 * call back into the table. */
void qc_table_clear(struct qc_table *t) {
  pthread_mutex_lock(&t->lock);
  for (int i = 0; i < t->used; i++) t->free_value(t->values[i]); /* expect: concur-locked-callback */
  t->used = 0;
  pthread_mutex_unlock(&t->lock);
}

/* positive: a comparator that is handed the user's context pointer can reach any state. */
int qc_table_ordered(struct qc_table *t) {
  int ordered = 1;
  pthread_mutex_lock(&t->lock);
  for (int i = 1; i < t->used; i++)
    if (t->compare(t->keys[i - 1], t->keys[i], t->compare_data) > 0) ordered = 0; /* expect: concur-locked-callback */
  pthread_mutex_unlock(&t->lock);
  return ordered;
}

/* positive: a visitor gets each value to change, and returns whether to go on. */
void qc_table_foreach(struct qc_table *t, qc_visit_fn visit) {
  pthread_mutex_lock(&t->lock);
  for (int i = 0; i < t->used; i++)
    if (!visit(t->keys[i], t->values[i])) break; /* expect: concur-locked-callback */
  pthread_mutex_unlock(&t->lock);
}

/* negative: a match predicate passed in is a question too, whoever supplies it. */
void *qc_table_find(struct qc_table *t, int (*match)(const void *key)) {
  void *found = NULL;
  pthread_mutex_lock(&t->lock);
  for (int i = 0; i < t->used && !found; i++)
    if (match(t->keys[i])) found = t->values[i];
  pthread_mutex_unlock(&t->lock);
  return found;
}

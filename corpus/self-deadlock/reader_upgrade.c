/* A C reader-writer lock held for reading, and a helper that takes it for writing on the same
 * object: pthread_rwlock_wrlock waits for every reader, the caller among them. */
#define _POSIX_C_SOURCE 200809L /* pthread_rwlock_t under -std=c17 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct table {
  pthread_rwlock_t lock;
  int count;
  const char *names[64];
};

static void table_add_locked(struct table *t, const char *name) {
  if (t->count < 64) t->names[t->count++] = name;
}

static void table_add(struct table *t, const char *name) {
  pthread_rwlock_wrlock(&t->lock);
  table_add_locked(t, name);
  pthread_rwlock_unlock(&t->lock);
}

static int table_size(struct table *t) {
  pthread_rwlock_rdlock(&t->lock);
  int n = t->count;
  pthread_rwlock_unlock(&t->lock);
  return n;
}

static int table_find(struct table *t, const char *name) {
  for (int i = 0; i < t->count; ++i)
    if (strcmp(t->names[i], name) == 0) return i;
  return -1;
}

/* positive: the miss path adds with the writer lock while the reader lock is held. */
int table_intern(struct table *t, const char *name) {
  pthread_rwlock_rdlock(&t->lock);
  int i = table_find(t, name);
  if (i < 0) {
    table_add(t, name); // expect: concur-self-deadlock
    i = t->count - 1;
  }
  pthread_rwlock_unlock(&t->lock);
  return i;
}

/* negative: the reader lock is given back before the writer path. */
int table_intern_unlocked(struct table *t, const char *name) {
  pthread_rwlock_rdlock(&t->lock);
  int i = table_find(t, name);
  pthread_rwlock_unlock(&t->lock);
  if (i < 0) {
    table_add(t, name);
    i = table_size(t) - 1;
  }
  return i;
}

/* negative: a reader path under the reader lock. */
int table_count_twice(struct table *t) {
  pthread_rwlock_rdlock(&t->lock);
  int n = t->count + table_size(t);
  pthread_rwlock_unlock(&t->lock);
  return n;
}

/* negative: the other table's writer lock. */
void table_copy_first(struct table *from, struct table *to) {
  pthread_rwlock_rdlock(&from->lock);
  if (from->count > 0) table_add(to, from->names[0]);
  pthread_rwlock_unlock(&from->lock);
}

/* Reader/writer locks taken through the project's own wrapper functions: a
 * wrapper that leaves a reader lock held leaves it shared, so a second
 * reader by the same thread waits for no one, while a reader taken under
 * the writer's lock waits forever. */
#define _XOPEN_SOURCE 700 /* pthread_rwlock_t under -std=c17 */
#include <pthread.h>

typedef struct {
  pthread_rwlock_t rw;
} rwl_t;

void rwl_read(rwl_t *l) { pthread_rwlock_rdlock(&l->rw); }
void rwl_write(rwl_t *l) { pthread_rwlock_wrlock(&l->rw); }
void rwl_done(rwl_t *l) { pthread_rwlock_unlock(&l->rw); }

struct table {
  rwl_t lock;
  int n;
};

int table_size(struct table *t) {
  rwl_read(&t->lock);
  int n = t->n;
  rwl_done(&t->lock);
  return n;
}

/* negative: a reader, then the same reader again: both shared. */
int table_empty(struct table *t) {
  rwl_read(&t->lock);
  int empty = table_size(t) == 0;
  rwl_done(&t->lock);
  return empty;
}

/* positive: the writer's lock, then a reader of the same lock. */
void table_grow(struct table *t) {
  rwl_write(&t->lock);
  t->n += table_size(t); /* expect: concur-self-deadlock */
  rwl_done(&t->lock);
}

/* negative: the reader is released before the size is asked again. */
int table_twice(struct table *t) {
  rwl_read(&t->lock);
  int n = t->n;
  rwl_done(&t->lock);
  return n + table_size(t);
}

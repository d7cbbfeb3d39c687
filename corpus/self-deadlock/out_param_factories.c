/* A C lock type made by factories that write the new lock through an
 * out-parameter, as APR's apr_thread_mutex_create (&pool->mutex, ...) does.
 * The plain factory sets its mutex up with default attributes and the nested
 * one recursive: a field only the plain factory fills holds a plain lock, so
 * taking it twice deadlocks; a field the nested factory may fill does not. */
#define _XOPEN_SOURCE 700
#include <pthread.h>
#include <stdlib.h>

typedef struct xlock {
  pthread_mutex_t m;
} xlock_t;

int xlock_create(xlock_t **out) {
  xlock_t *l = calloc(1, sizeof *l);
  if (l == NULL) return -1;
  pthread_mutex_init(&l->m, NULL);
  *out = l;
  return 0;
}

int xlock_create_nested(xlock_t **out) {
  pthread_mutexattr_t attr;
  xlock_t *l = calloc(1, sizeof *l);
  if (l == NULL) return -1;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&l->m, &attr);
  pthread_mutexattr_destroy(&attr);
  *out = l;
  return 0;
}

void xlock_lock(xlock_t *l) { pthread_mutex_lock(&l->m); }
void xlock_unlock(xlock_t *l) { pthread_mutex_unlock(&l->m); }

/* Only the plain factory fills bucket->lock. */
struct bucket {
  xlock_t *lock;
  int items;
};

int bucket_init(struct bucket *b) { return xlock_create(&b->lock); }

int bucket_count(struct bucket *b) {
  xlock_lock(b->lock);
  int n = b->items;
  xlock_unlock(b->lock);
  return n;
}

/* positive: b->lock is plain, and bucket_count takes it again. */
void bucket_add(struct bucket *b) {
  xlock_lock(b->lock);
  if (bucket_count(b) < 100) b->items++; /* expect: concur-self-deadlock */
  xlock_unlock(b->lock);
}

/* negative: another bucket's lock. */
void bucket_move(struct bucket *from, struct bucket *to) {
  xlock_lock(from->lock);
  if (bucket_count(to) < 100) from->items--;
  xlock_unlock(from->lock);
}

/* Only the nested factory fills journal->lock. */
struct journal {
  xlock_t *lock;
  int lines;
};

int journal_init(struct journal *j) { return xlock_create_nested(&j->lock); }

int journal_lines(struct journal *j) {
  xlock_lock(j->lock);
  int n = j->lines;
  xlock_unlock(j->lock);
  return n;
}

/* negative: j->lock is recursive. */
void journal_append(struct journal *j) {
  xlock_lock(j->lock);
  if (journal_lines(j) < 1000) j->lines++;
  xlock_unlock(j->lock);
}

/* Both factories fill rack->lock: it may be recursive. */
struct rack {
  xlock_t *lock;
  int books;
};

int rack_init(struct rack *s, int nested) {
  return nested ? xlock_create_nested(&s->lock) : xlock_create(&s->lock);
}

int rack_books(struct rack *s) {
  xlock_lock(s->lock);
  int n = s->books;
  xlock_unlock(s->lock);
  return n;
}

/* negative: the lock may come from the nested factory. */
void rack_add(struct rack *s) {
  xlock_lock(s->lock);
  if (rack_books(s) < 50) s->books++;
  xlock_unlock(s->lock);
}

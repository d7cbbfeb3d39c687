/* One C lock type made by two factories, one plain and one recursive (as
 * SQLite's fast and recursive mutexes): what a holder gets from the plain
 * factory deadlocks when taken twice; what the recursive one makes does not. */
#define _XOPEN_SOURCE 700 /* pthread_mutexattr_settype under -std=c17 */
#include <pthread.h>
#include <stdlib.h>

typedef struct zlock {
  pthread_mutex_t m;
} zlock_t;

zlock_t *zlock_alloc(void) {
  zlock_t *l = malloc(sizeof *l);
  if (l) pthread_mutex_init(&l->m, NULL);
  return l;
}

zlock_t *zlock_alloc_recursive(void) {
  pthread_mutexattr_t attr;
  zlock_t *l = malloc(sizeof *l);
  if (!l) return NULL;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&l->m, &attr);
  pthread_mutexattr_destroy(&attr);
  return l;
}

void zlock_take(zlock_t *l) { pthread_mutex_lock(&l->m); }
void zlock_give(zlock_t *l) { pthread_mutex_unlock(&l->m); }

struct zone {
  zlock_t *lock;
  int count;
};

struct walker {
  zlock_t *walk_lock;
  int depth;
};

struct mixed {
  zlock_t *lock;
  int n;
};

void zone_setup(struct zone *z) { z->lock = zlock_alloc(); }
void walker_setup(struct walker *w) { w->walk_lock = zlock_alloc_recursive(); }
void mixed_setup(struct mixed *m, int nested) {
  if (nested)
    m->lock = zlock_alloc_recursive();
  else
    m->lock = zlock_alloc();
}

void zone_evict(struct zone *z) {
  zlock_take(z->lock);
  z->count--;
  zlock_give(z->lock);
}

/* positive: the zone's lock comes from the plain factory only. */
void zone_insert(struct zone *z) {
  zlock_take(z->lock);
  if (z->count > 8) zone_evict(z); /* expect: concur-self-deadlock */
  z->count++;
  zlock_give(z->lock);
}

void walker_step(struct walker *w) {
  zlock_take(w->walk_lock);
  w->depth++;
  zlock_give(w->walk_lock);
}

/* negative: the walker's lock comes from the recursive factory. */
void walker_walk(struct walker *w) {
  zlock_take(w->walk_lock);
  walker_step(w);
  zlock_give(w->walk_lock);
}

void mixed_bump(struct mixed *m) {
  zlock_take(m->lock);
  m->n++;
  zlock_give(m->lock);
}

/* negative: this holder may get a recursive lock, so taking it twice may be what it is for. */
void mixed_twice(struct mixed *m) {
  zlock_take(m->lock);
  mixed_bump(m);
  zlock_give(m->lock);
}

/* Objects made whole by a constructor function: the fresh object's lock field gets what the
 * factory made (`s = calloc (...); s->lock = zlock_alloc ();`), the same field of every shelf. */
struct shelf {
  zlock_t *lock;
  zlock_t *audit_lock;
  int items;
};

struct shelf *shelf_new(void) {
  struct shelf *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  s->lock = zlock_alloc();
  s->audit_lock = zlock_alloc_recursive();
  return s;
}

int shelf_count(struct shelf *s) {
  zlock_take(s->lock);
  int n = s->items;
  zlock_give(s->lock);
  return n;
}

/* positive: a shelf's lock is made by the plain factory, in shelf_new. */
void shelf_clear(struct shelf *s) {
  zlock_take(s->lock);
  if (shelf_count(s) > 0) s->items = 0; /* expect: concur-self-deadlock */
  zlock_give(s->lock);
}

int shelf_audit_count(struct shelf *s) {
  zlock_take(s->audit_lock);
  int n = s->items;
  zlock_give(s->audit_lock);
  return n;
}

/* negative: the audit lock is made by the recursive factory, in shelf_new. */
void shelf_audit(struct shelf *s) {
  zlock_take(s->audit_lock);
  if (shelf_audit_count(s) > 0) s->items++;
  zlock_give(s->audit_lock);
}

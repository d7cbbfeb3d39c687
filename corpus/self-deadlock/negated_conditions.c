/* Helpers that lock unless a combination of flags says the caller holds the lock, written
 * under a `!`: `if (!(o->held && o->exclusive))`, `if (!(locked || (flags & NC_HELD)))`,
 * `if (!(a && (b || c)))`. Clang evaluates such a condition as a value and branches after
 * it; each constant combination still takes one side. */
#include <pthread.h>
#include <stddef.h>

#define NC_HELD 0x1u
#define NC_TRACE 0x2u

typedef struct nc_list {
  pthread_mutex_t mu;
  int items[64];
  size_t n;
} nc_list;

struct nc_opts {
  int held;
  int exclusive;
  int shared;
};

static void nc_pop(nc_list *l, const struct nc_opts *o) {
  if (!(o->held && o->exclusive)) pthread_mutex_lock(&l->mu);
  if (l->n) l->n--;
  if (!(o->held && o->exclusive)) pthread_mutex_unlock(&l->mu);
}

static void nc_push(nc_list *l, int v, int locked, unsigned flags) {
  if (!(locked || (flags & NC_HELD))) pthread_mutex_lock(&l->mu);
  if (l->n < 64) l->items[l->n++] = v;
  if (!(locked || (flags & NC_HELD))) pthread_mutex_unlock(&l->mu);
}

static void nc_clear(nc_list *l, const struct nc_opts *o) {
  if (!(o->held && (o->exclusive || o->shared))) pthread_mutex_lock(&l->mu);
  l->n = 0;
  if (!(o->held && (o->exclusive || o->shared))) pthread_mutex_unlock(&l->mu);
}

/* positive: held but not exclusive: nc_pop locks again. */
void nc_pop_shared(nc_list *l) {
  pthread_mutex_lock(&l->mu);
  nc_pop(l, &(struct nc_opts){.held = 1, .exclusive = 0}); /* expect: concur-self-deadlock */
  pthread_mutex_unlock(&l->mu);
}

/* negative: held and exclusive: nc_pop takes nothing. */
void nc_pop_exclusive(nc_list *l) {
  pthread_mutex_lock(&l->mu);
  nc_pop(l, &(struct nc_opts){.held = 1, .exclusive = 1});
  pthread_mutex_unlock(&l->mu);
}

/* negative: nothing held; nc_pop locks once. */
void nc_pop_alone(nc_list *l) { nc_pop(l, &(struct nc_opts){0}); }

/* positive: neither the flag nor the bit: nc_push locks again. */
void nc_push_twice(nc_list *l, int v) {
  pthread_mutex_lock(&l->mu);
  nc_push(l, v, 0, NC_TRACE); /* expect: concur-self-deadlock */
  pthread_mutex_unlock(&l->mu);
}

/* negative: the bit says the lock is held. */
void nc_push_held_bit(nc_list *l, int v) {
  pthread_mutex_lock(&l->mu);
  nc_push(l, v, 0, NC_HELD | NC_TRACE);
  pthread_mutex_unlock(&l->mu);
}

/* negative: the flag says the lock is held. */
void nc_push_held_flag(nc_list *l, int v) {
  pthread_mutex_lock(&l->mu);
  nc_push(l, v, 1, 0);
  pthread_mutex_unlock(&l->mu);
}

/* negative: held with the shared bit: the inner `||` is true. */
void nc_clear_shared(nc_list *l) {
  static const struct nc_opts shared_held = {.held = 1, .shared = 1};
  pthread_mutex_lock(&l->mu);
  nc_clear(l, &shared_held);
  pthread_mutex_unlock(&l->mu);
}

/* positive: held, but neither exclusive nor shared: nc_clear locks again. */
void nc_clear_wrong(nc_list *l) {
  static const struct nc_opts bare_held = {.held = 1};
  pthread_mutex_lock(&l->mu);
  nc_clear(l, &bare_held); /* expect: concur-self-deadlock */
  pthread_mutex_unlock(&l->mu);
}

/* negative: exclusive comes from the caller: nc_pop may or may not lock, so no certain
 * re-lock is reported. */
void nc_pop_maybe(nc_list *l, int exclusive) {
  struct nc_opts o = {.held = 1};
  o.exclusive = exclusive;
  pthread_mutex_lock(&l->mu);
  nc_pop(l, &o);
  pthread_mutex_unlock(&l->mu);
}

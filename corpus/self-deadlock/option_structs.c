/* Helpers told through an options struct whether their caller holds the lock
 * (`if (!o->caller_locked) lock (...)`). What the caller's struct holds at the
 * call decides: a designated initializer, a compound literal, a const default,
 * a struct passed on by a second helper, a nested field, a bit of a field, fields set one by
 * one before the call. */
#include <pthread.h>
#include <stddef.h>
#include <string.h>

typedef struct os_entry {
  int key;
  struct os_entry *next;
} os_entry;

typedef struct os_table {
  pthread_mutex_t mu;
  os_entry *head;
  size_t count;
} os_table;

struct os_opts {
  int caller_locked;
  int keep_order;
};

struct os_mode {
  struct {
    unsigned char held;
    unsigned char verbose;
  } lock;
  int limit;
};

static const struct os_opts os_unlocked_defaults = {.caller_locked = 0, .keep_order = 1};
static const struct os_opts os_locked_defaults = {.caller_locked = 1, .keep_order = 1};

static void os_drop(os_table *t, int key, const struct os_opts *o) {
  if (!o->caller_locked) pthread_mutex_lock(&t->mu);
  for (os_entry **p = &t->head; *p; p = &(*p)->next)
    if ((*p)->key == key) {
      *p = (*p)->next;
      t->count--;
      break;
    }
  if (!o->caller_locked) pthread_mutex_unlock(&t->mu);
}

/* negative: the lock is held, and a local initialized with caller_locked = 1 says so. */
void os_drop_many(os_table *t, const int *keys, size_t n) {
  struct os_opts held = {.caller_locked = 1};
  pthread_mutex_lock(&t->mu);
  for (size_t i = 0; i < n; i++) os_drop(t, keys[i], &held);
  pthread_mutex_unlock(&t->mu);
}

/* negative: nothing is held; the helper takes the lock (a compound literal). */
void os_drop_one(os_table *t, int key) { os_drop(t, key, &(struct os_opts){.caller_locked = 0}); }

/* positive: the lock is held, and the compound literal says it is not. */
size_t os_drop_counted(os_table *t, int key) {
  pthread_mutex_lock(&t->mu);
  size_t before = t->count;
  os_drop(t, key, &(struct os_opts){.keep_order = 1}); /* expect: concur-self-deadlock */
  pthread_mutex_unlock(&t->mu);
  return before;
}

/* negative: a const default that says the caller holds the lock, which it does. */
void os_drop_held(os_table *t, int key) {
  pthread_mutex_lock(&t->mu);
  os_drop(t, key, &os_locked_defaults);
  pthread_mutex_unlock(&t->mu);
}

/* positive: the const default for callers that hold nothing, used under the lock. */
void os_drop_wrong_default(os_table *t, int key) {
  pthread_mutex_lock(&t->mu);
  os_drop(t, key, &os_unlocked_defaults); /* expect: concur-self-deadlock */
  pthread_mutex_unlock(&t->mu);
}

/* A second helper passes the caller's struct on. */
static void os_drop_pair(os_table *t, int a, int b, const struct os_opts *o) {
  os_drop(t, a, o);
  os_drop(t, b, o);
}

/* negative: passed on through the pair helper, still "held". */
void os_drop_two_held(os_table *t, int a, int b) {
  const struct os_opts o = {.caller_locked = 1, .keep_order = 0};
  pthread_mutex_lock(&t->mu);
  os_drop_pair(t, a, b, &o);
  pthread_mutex_unlock(&t->mu);
}

/* positive: passed on through the pair helper with caller_locked left 0 (zero-initialized). */
void os_drop_two_wrong(os_table *t, int a, int b) {
  struct os_opts o = {0};
  pthread_mutex_lock(&t->mu);
  os_drop_pair(t, a, b, &o); /* expect: concur-self-deadlock */
  pthread_mutex_unlock(&t->mu);
}

/* A helper that tests a field nested in the struct, and the struct passed by value. */
static void os_trim(os_table *t, struct os_mode mode) {
  if (!mode.lock.held) pthread_mutex_lock(&t->mu);
  while (t->count > (size_t)mode.limit && t->head) {
    t->head = t->head->next;
    t->count--;
  }
  if (!mode.lock.held) pthread_mutex_unlock(&t->mu);
}

/* negative: the nested field says the lock is held. */
void os_trim_held(os_table *t) {
  struct os_mode mode = {.lock = {.held = 1}, .limit = 8};
  pthread_mutex_lock(&t->mu);
  os_trim(t, mode);
  pthread_mutex_unlock(&t->mu);
}

/* positive: the nested field says nothing is held (only verbose is set). */
void os_trim_wrong(os_table *t) {
  struct os_mode mode = {.lock = {.verbose = 1}, .limit = 8};
  pthread_mutex_lock(&t->mu);
  os_trim(t, mode); /* expect: concur-self-deadlock */
  pthread_mutex_unlock(&t->mu);
}

static size_t os_describe(const struct os_opts *o) { return o->keep_order ? 1u : 0u; }

/* negative: the struct is read by another helper (through a const pointer) first; still "held". */
size_t os_drop_described(os_table *t, int key) {
  struct os_opts o = {.caller_locked = 1};
  size_t kind = os_describe(&o);
  pthread_mutex_lock(&t->mu);
  os_drop(t, key, &o);
  pthread_mutex_unlock(&t->mu);
  return kind;
}

/* Flags as bits of one field. */
enum { OS_F_HELD = 1u << 0, OS_F_QUIET = 1u << 3 };
struct os_flags {
  unsigned bits;
};

static void os_count_down(os_table *t, const struct os_flags *f) {
  if (!(f->bits & OS_F_HELD)) pthread_mutex_lock(&t->mu);
  if (t->count) t->count--;
  if (!(f->bits & OS_F_HELD)) pthread_mutex_unlock(&t->mu);
}

/* negative: the held bit is set among others. */
void os_count_down_held(os_table *t) {
  struct os_flags f = {.bits = OS_F_HELD | OS_F_QUIET};
  pthread_mutex_lock(&t->mu);
  os_count_down(t, &f);
  pthread_mutex_unlock(&t->mu);
}

/* positive: only the quiet bit is set, under the lock. */
void os_count_down_quiet(os_table *t) {
  pthread_mutex_lock(&t->mu);
  os_count_down(t, &(struct os_flags){.bits = OS_F_QUIET}); /* expect: concur-self-deadlock */
  pthread_mutex_unlock(&t->mu);
}

/* negative: zeroed, then told the lock is held, field by field. */
void os_drop_zeroed_held(os_table *t, int key) {
  struct os_opts o;
  memset(&o, 0, sizeof o);
  o.caller_locked = 1;
  pthread_mutex_lock(&t->mu);
  os_drop(t, key, &o);
  pthread_mutex_unlock(&t->mu);
}

/* positive: zeroed, and only keep_order set: caller_locked stays 0 under the lock. */
void os_drop_zeroed(os_table *t, int key) {
  struct os_opts o;
  memset(&o, 0, sizeof o);
  o.keep_order = 1;
  pthread_mutex_lock(&t->mu);
  os_drop(t, key, &o); /* expect: concur-self-deadlock */
  pthread_mutex_unlock(&t->mu);
}

/* positive: initialized as held, then changed back before the call. */
void os_drop_changed_mind(os_table *t, int key) {
  struct os_opts o = {.caller_locked = 1};
  pthread_mutex_lock(&t->mu);
  o.caller_locked = 0;
  os_drop(t, key, &o); /* expect: concur-self-deadlock */
  pthread_mutex_unlock(&t->mu);
}

/* negative: initialized as not held, set to held once the lock is taken. */
void os_drop_after_locking(os_table *t, int key) {
  struct os_opts o = {.caller_locked = 0, .keep_order = 1};
  pthread_mutex_lock(&t->mu);
  o.caller_locked = 1;
  os_drop(t, key, &o);
  pthread_mutex_unlock(&t->mu);
}

/* positive: the helper holds the lock and passes its caller's options on; os_sweep_wrong's say
 * the lock is not held, so for that caller this call takes it again. */
static void os_sweep_locked(os_table *t, const int *keys, size_t n, const struct os_opts *o) {
  pthread_mutex_lock(&t->mu);
  for (size_t i = 0; i < n; i++) os_drop(t, keys[i], o); /* expect: concur-self-deadlock */
  pthread_mutex_unlock(&t->mu);
}

/* negative: through the helper above, told the lock is held. */
void os_sweep_quiet(os_table *t, const int *keys, size_t n) {
  os_sweep_locked(t, keys, n, &(struct os_opts){.caller_locked = 1});
}

/* The caller whose options make os_sweep_locked deadlock (reported there). */
void os_sweep_wrong(os_table *t, const int *keys, size_t n) { os_sweep_locked(t, keys, n, &os_unlocked_defaults); }

/* negative: a helper holding the lock whose only caller says the lock is held. */
static void os_sweep_held_only(os_table *t, int key, const struct os_opts *o) {
  pthread_mutex_lock(&t->mu);
  os_drop(t, key, o);
  pthread_mutex_unlock(&t->mu);
}

void os_sweep_one(os_table *t, int key) { os_sweep_held_only(t, key, &os_locked_defaults); }

/* A helper that counts its calls in the context it is given and tests another field of it. */
struct os_ctx {
  int caller_locked;
  unsigned calls;
};

static void os_drop_counting(os_table *t, int key, struct os_ctx *c) {
  c->calls++;
  if (!c->caller_locked) pthread_mutex_lock(&t->mu);
  for (os_entry **p = &t->head; *p; p = &(*p)->next)
    if ((*p)->key == key) {
      *p = (*p)->next;
      break;
    }
  if (!c->caller_locked) pthread_mutex_unlock(&t->mu);
}

/* negative: held and said so; the helper changes only the count. */
void os_drop_counted_held(os_table *t, int key) {
  struct os_ctx c = {.caller_locked = 1};
  pthread_mutex_lock(&t->mu);
  os_drop_counting(t, key, &c);
  pthread_mutex_unlock(&t->mu);
}

/* positive: held, and the context says it is not. */
void os_drop_counted_wrong(os_table *t, int key) {
  struct os_ctx c = {.calls = 0};
  pthread_mutex_lock(&t->mu);
  os_drop_counting(t, key, &c); /* expect: concur-self-deadlock */
  pthread_mutex_unlock(&t->mu);
}

/* A C cache whose eviction helper is told through an options struct whether to run the
 * user's eviction hook (a bit tested in the middle of a condition) and whether the caller
 * holds the lock. The callers set the options up before a loop that calls the helper. */
#include <pthread.h>
#include <stddef.h>
#include <string.h>

#define OC_LOCKED 0x1u
#define OC_NOTIFY 0x2u

typedef void (*oc_evict_fn)(const char *name, void *arg);

struct oc_opts {
  unsigned flags;
  int ttl;
};

struct oc_entry {
  char name[32];
  int used;
};

struct oc_cache {
  pthread_mutex_t mu;
  struct oc_entry slots[64];
  oc_evict_fn on_evict;
  void *arg;
};

void oc_set_hook(struct oc_cache *c, oc_evict_fn on_evict, void *arg) {
  pthread_mutex_lock(&c->mu);
  c->on_evict = on_evict;
  c->arg = arg;
  pthread_mutex_unlock(&c->mu);
}

static int oc_evict(struct oc_cache *c, size_t i, const struct oc_opts *o) {
  if (!(o->flags & OC_LOCKED)) pthread_mutex_lock(&c->mu);
  struct oc_entry gone = c->slots[i];
  c->slots[i].used = 0;
  if (!(o->flags & OC_LOCKED)) pthread_mutex_unlock(&c->mu);
  if (gone.used && (o->flags & OC_NOTIFY) && c->on_evict) c->on_evict(gone.name, c->arg);
  return gone.used;
}

/* negative: the options say "locked" and not "notify"; set field by field before the loop. */
int oc_drop_prefix(struct oc_cache *c, const char *prefix) {
  struct oc_opts o;
  o.ttl = 0;
  o.flags = OC_LOCKED;
  size_t length = strlen(prefix);
  int n = 0;
  pthread_mutex_lock(&c->mu);
  for (size_t i = 0; i < 64; i++) {
    if (c->slots[i].used && strncmp(c->slots[i].name, prefix, length) == 0) n += oc_evict(c, i, &o);
  }
  pthread_mutex_unlock(&c->mu);
  return n;
}

/* positive: the same loop with the notify bit: the hook runs under the lock. */
int oc_expire_prefix(struct oc_cache *c, const char *prefix) {
  struct oc_opts o;
  o.ttl = 0;
  o.flags = OC_LOCKED | OC_NOTIFY;
  size_t length = strlen(prefix);
  int n = 0;
  pthread_mutex_lock(&c->mu);
  for (size_t i = 0; i < 64; i++) {
    if (c->slots[i].used && strncmp(c->slots[i].name, prefix, length) == 0) n += oc_evict(c, i, &o); /* expect: concur-locked-callback */
  }
  pthread_mutex_unlock(&c->mu);
  return n;
}

/* positive: the loop turns the notify bit on after the first eviction, so the options set up
 * before it decide nothing for later iterations. */
int oc_drop_then_notify(struct oc_cache *c) {
  struct oc_opts o = {.flags = OC_LOCKED};
  int n = 0;
  pthread_mutex_lock(&c->mu);
  for (size_t i = 0; i < 64; i++) {
    if (c->slots[i].used) n += oc_evict(c, i, &o); /* expect: concur-locked-callback */
    o.flags |= OC_NOTIFY;
  }
  pthread_mutex_unlock(&c->mu);
  return n;
}

/* negative: no lock is held; the helper locks, and the hook runs after it unlocks. */
int oc_expire_one(struct oc_cache *c, size_t i) {
  return oc_evict(c, i, &(struct oc_opts){.flags = OC_NOTIFY});
}

/* A helper that may raise the notify bit of the options it is handed before it evicts. */
static void oc_escalate(struct oc_opts *o) {
  if (o->ttl > 100) o->flags |= OC_NOTIFY;
}

static int oc_evict_escalating(struct oc_cache *c, size_t i, struct oc_opts *o) {
  oc_escalate(o);
  return oc_evict(c, i, o);
}

/* positive: the caller's options say "locked, no notice", but the helper hands them to
 * oc_escalate, which may set the notify bit: the hook may run under the lock. */
int oc_expire_old(struct oc_cache *c, size_t i, int ttl) {
  struct oc_opts o = {.flags = OC_LOCKED, .ttl = ttl};
  pthread_mutex_lock(&c->mu);
  int n = oc_evict_escalating(c, i, &o); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&c->mu);
  return n;
}

/* negative: the same eviction with options nothing changes: locked, no notice. */
int oc_drop_old(struct oc_cache *c, size_t i) {
  pthread_mutex_lock(&c->mu);
  int n = oc_evict(c, i, &(struct oc_opts){.flags = OC_LOCKED, .ttl = 500});
  pthread_mutex_unlock(&c->mu);
  return n;
}

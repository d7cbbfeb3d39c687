#include "registry.h"

/* negative: the helpers are told the lock is held, and not to notify. */
void registry_sweep(registry *r) {
  pthread_mutex_lock(&r->mu);
  registry_drop(r, "stale", 1);
  registry_forget(r, "expired", 0);
  pthread_mutex_unlock(&r->mu);
}

/* positive: told to take the lock it holds, then to notify under it. */
void registry_purge(registry *r) {
  pthread_mutex_lock(&r->mu);
  registry_drop(r, "stale", 0); /* expect: concur-self-deadlock */
  registry_forget(r, "expired", 1); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&r->mu);
}

/* negative: nothing is held; the helper is told to take the lock. */
void registry_remove(registry *r, const char *name) { registry_drop(r, name, 0); }

/* negative: options in a struct: the caller holds the lock and says so, and asks for no notice. */
void registry_evict_quietly(registry *r) {
  pthread_mutex_lock(&r->mu);
  registry_evict(r, "old", &(struct registry_opts){.caller_holds = 1});
  pthread_mutex_unlock(&r->mu);
}

/* positive: the caller holds the lock and says so, but asks for the notice, which runs under it. */
void registry_evict_loudly(registry *r) {
  static const struct registry_opts loud = {.caller_holds = 1, .notify = 1};
  pthread_mutex_lock(&r->mu);
  registry_evict(r, "old", &loud); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&r->mu);
}

/* positive: the caller holds the lock but its options say it does not. */
void registry_evict_unheld(registry *r) {
  struct registry_opts o = {.notify = 0};
  pthread_mutex_lock(&r->mu);
  registry_evict(r, "old", &o); /* expect: concur-self-deadlock */
  pthread_mutex_unlock(&r->mu);
}

/* negative: nothing is held; the helper takes the lock itself and notifies after releasing it. */
void registry_evict_one(registry *r, const char *name) {
  registry_evict(r, name, &(struct registry_opts){.notify = 1});
}

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

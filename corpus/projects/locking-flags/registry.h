/* A registry whose helpers take a flag: whether the caller already holds the registry's lock,
 * whether to tell the listener. The helpers are in registry.c, their callers in sweep.c. */
#pragma once

#include <pthread.h>

typedef void (*registry_listener_fn)(const char *name, void *arg);

typedef struct registry_entry {
  const char *name;
  struct registry_entry *next;
} registry_entry;

typedef struct registry {
  pthread_mutex_t mu;
  registry_entry *entries;
  registry_listener_fn on_forget;
  void *arg;
} registry;

void registry_set_listener(registry *r, registry_listener_fn on_forget, void *arg);
/* Unlinks `name`; takes the lock unless `caller_holds` says the caller has it. */
void registry_drop(registry *r, const char *name, int caller_holds);
/* Unlinks `name` (the caller holds the lock); tells the listener when `notify` is set. */
void registry_forget(registry *r, const char *name, int notify);

/* What registry_evict is told: whether the caller holds the lock, whether to tell the listener. */
struct registry_opts {
  int caller_holds;
  int notify;
};
/* Unlinks `name`, taking the lock unless `o->caller_holds`; then tells the listener if `o->notify`. */
void registry_evict(registry *r, const char *name, const struct registry_opts *o);

void registry_sweep(registry *r);
void registry_purge(registry *r);
void registry_remove(registry *r, const char *name);
void registry_evict_quietly(registry *r);
void registry_evict_loudly(registry *r);
void registry_evict_unheld(registry *r);
void registry_evict_one(registry *r, const char *name);

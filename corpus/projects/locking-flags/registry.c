#include "registry.h"

#include <string.h>

void registry_set_listener(registry *r, registry_listener_fn on_forget, void *arg) {
  pthread_mutex_lock(&r->mu);
  r->on_forget = on_forget;
  r->arg = arg;
  pthread_mutex_unlock(&r->mu);
}

static void unlink_entry(registry *r, const char *name) {
  for (registry_entry **p = &r->entries; *p; p = &(*p)->next)
    if (strcmp((*p)->name, name) == 0) {
      *p = (*p)->next;
      return;
    }
}

void registry_drop(registry *r, const char *name, int caller_holds) {
  if (!caller_holds) pthread_mutex_lock(&r->mu);
  unlink_entry(r, name);
  if (!caller_holds) pthread_mutex_unlock(&r->mu);
}

void registry_forget(registry *r, const char *name, int notify) {
  unlink_entry(r, name);
  if (notify && r->on_forget) r->on_forget(name, r->arg);
}

void registry_evict(registry *r, const char *name, const struct registry_opts *o) {
  if (!o->caller_holds) pthread_mutex_lock(&r->mu);
  unlink_entry(r, name);
  if (!o->caller_holds) pthread_mutex_unlock(&r->mu);
  if (o->notify && r->on_forget) r->on_forget(name, r->arg);
}

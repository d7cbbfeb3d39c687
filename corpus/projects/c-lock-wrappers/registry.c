/* A registry guarded by a recursive lock: a callback under it does not
 * deadlock when it re-enters, but sees the registry mid-update (a note, not
 * a warning). */
#include <stddef.h>

#include "lock.h"

typedef void (*visitor)(int id, void* user);

static lock_t* g_registry_lock;
static int g_ids[16];
static int g_count;

void registry_init(void) { g_registry_lock = lock_new_recursive(); }

/* positive: a function pointer called under a recursive lock (severity note). */
void registry_visit(visitor visit, void* user) {
  lock_acquire(g_registry_lock);
  for (int i = 0; i < g_count; ++i) visit(g_ids[i], user); /* expect: concur-locked-callback */
  lock_release(g_registry_lock);
}

/* negative: a plain insert under the lock. */
void registry_add(int id) {
  lock_acquire(g_registry_lock);
  if (g_count < 16) g_ids[g_count++] = id;
  lock_release(g_registry_lock);
}

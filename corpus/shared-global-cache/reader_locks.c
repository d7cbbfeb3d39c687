/* concur-shared-global-cache: a POSIX reader-writer lock held for reading
   does not keep other readers out, so it does not protect a write. */
#define _POSIX_C_SOURCE 200809L /* pthread_rwlock_t under -std=c17 */
#include <pthread.h>

struct route_table {
  pthread_rwlock_t lock;
  int hits;
  int routes[64];
};

static struct route_table g_routes = {PTHREAD_RWLOCK_INITIALIZER, 0, {0}};

/* positive: the hit counter is bumped under the read lock, by every reader at once. */
int route_lookup(int key) {
  pthread_rwlock_rdlock(&g_routes.lock);
  int value = g_routes.routes[key & 63];
  g_routes.hits++; /* expect: concur-shared-global-cache */
  pthread_rwlock_unlock(&g_routes.lock);
  return value;
}

/* negative: routes change under the write lock. */
void route_set(int key, int value) {
  pthread_rwlock_wrlock(&g_routes.lock);
  g_routes.routes[key & 63] = value;
  pthread_rwlock_unlock(&g_routes.lock);
}

/* negative: a reader that only reads. */
int route_hits(void) {
  pthread_rwlock_rdlock(&g_routes.lock);
  int hits = g_routes.hits;
  pthread_rwlock_unlock(&g_routes.lock);
  return hits;
}

#include "server.h"

/* positive: the handle is created on first use through the project's own
 * factory (lock.c), then locked with the project's own lock function. */
void server_add_client(struct server* s, int client) {
  if (!s->lock) s->lock = lock_new(); /* expect: concur-racy-lazy-init */
  lock_acquire(s->lock);
  s->clients++;
  if (s->on_client) s->on_client(client, s->user); /* expect: concur-locked-callback */
  lock_release(s->lock);
}

/* negative: storing the callback under the lock runs nothing. */
void server_set_callback(struct server* s, client_callback cb, void* user) {
  lock_acquire(s->lock);
  s->on_client = cb;
  s->user = user;
  lock_release(s->lock);
}

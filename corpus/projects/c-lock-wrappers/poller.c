/* A project's own try-lock functions (lock.c) hold their lock where what
 * they return says they took it. */
#include "lock.h"

typedef void (*tick_fn)(int tick, void* user);

struct poller {
  lock_t* lock;
  int ticks;
  tick_fn on_tick;
  void* user;
};

void poller_set_tick(struct poller* p, tick_fn fn, void* user) {
  lock_acquire(p->lock);
  p->on_tick = fn;
  p->user = user;
  lock_release(p->lock);
}

/* positive: past the early return lock_try took p->lock, and the application's hook runs under it. */
void poller_tick(struct poller* p) {
  if (!lock_try(p->lock)) return;
  p->ticks++;
  p->on_tick(p->ticks, p->user); /* expect: concur-locked-callback */
  lock_release(p->lock);
}

/* positive: a wrapper that returns a status, zero when it took the lock. */
void poller_tick_status(struct poller* p) {
  if (lock_try_status(p->lock) == 0) {
    p->on_tick(p->ticks, p->user); /* expect: concur-locked-callback */
    lock_release(p->lock);
  }
}

/* negative: on the branch where the attempt failed, nothing is held. */
void poller_tick_busy(struct poller* p) {
  if (lock_try(p->lock)) {
    p->ticks++;
    lock_release(p->lock);
    return;
  }
  p->on_tick(-1, p->user);
}

/* negative: the hook runs after the release. */
void poller_tick_after(struct poller* p) {
  if (lock_try_status(p->lock) != 0) return;
  tick_fn fn = p->on_tick;
  lock_release(p->lock);
  fn(p->ticks, p->user);
}

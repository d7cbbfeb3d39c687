/* A try-lock holds its lock on the branch where it succeeded: pthread_mutex_trylock
 * returns zero then. A callback there runs under the lock, and one that re-enters a
 * function that waits for the lock deadlocks; on the branch where the attempt failed
 * nothing is held. A lock the project only ever tries is a busy flag: a re-entering
 * callback's own attempt fails, so it cannot deadlock. */
#include <pthread.h>

typedef void (*tl_hook)(int value);

struct tl_meter {
  pthread_mutex_t lock;
  tl_hook on_sample;
  int samples;
};

/* negative: no lock held while the hook is set; tl_reset below waits for the lock. */
void tl_set_hook(struct tl_meter *m, tl_hook hook) { m->on_sample = hook; }

void tl_reset(struct tl_meter *m) {
  pthread_mutex_lock(&m->lock);
  m->samples = 0;
  pthread_mutex_unlock(&m->lock);
}

/* positive: the hook runs on the branch where the try-lock took the lock. */
void tl_sample(struct tl_meter *m, int value) {
  if (pthread_mutex_trylock(&m->lock) == 0) {
    m->samples++;
    m->on_sample(value); /* expect: concur-locked-callback */
    pthread_mutex_unlock(&m->lock);
  }
}

/* negative: the hook runs only where the attempt failed (nonzero), holding nothing. */
void tl_sample_busy(struct tl_meter *m, int value) {
  if (pthread_mutex_trylock(&m->lock)) {
    m->on_sample(value);
    return;
  }
  m->samples++;
  pthread_mutex_unlock(&m->lock);
}

/* positive: the early-return form; past the test the lock is held. */
void tl_sample_or_skip(struct tl_meter *m, int value) {
  if (pthread_mutex_trylock(&m->lock) != 0) return;
  m->on_sample(value); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&m->lock);
}

struct tl_pump {
  pthread_mutex_t busy;
  tl_hook on_tick;
};

/* negative: pump->busy is only ever tried: a hook that re-enters tl_pump_tick finds it
 * taken and returns, it does not wait. */
void tl_pump_tick(struct tl_pump *pump, int value) {
  if (pthread_mutex_trylock(&pump->busy) != 0) return;
  pump->on_tick(value);
  pthread_mutex_unlock(&pump->busy);
}

/* A lock wrapper of the project with a waiting and a trying entry (as a C code base's
 * lock_acquire/lock_try over a heap-made pthread mutex). */
typedef struct tl_lock {
  pthread_mutex_t m;
} tl_lock_t;

void tl_lock_acquire(tl_lock_t *l) { pthread_mutex_lock(&l->m); }
void tl_lock_release(tl_lock_t *l) { pthread_mutex_unlock(&l->m); }
int tl_lock_try(tl_lock_t *l) { return pthread_mutex_trylock(&l->m) == 0; }

struct tl_hub {
  tl_lock_t *lock;       /* readings: waited for */
  tl_lock_t *flush_busy; /* only ever tried */
  tl_hook on_flush;
  tl_hook on_reading;
};

/* negative: flush_busy is only ever tried, through the wrapper: a hook that flushes again
 * finds it taken and returns. */
void tl_hub_flush(struct tl_hub *h, int value) {
  if (!tl_lock_try(h->flush_busy)) return;
  h->on_flush(value);
  tl_lock_release(h->flush_busy);
}

/* positive: h->lock is tried here, but tl_hub_publish waits for it: a hook that publishes
 * deadlocks. */
void tl_hub_poll(struct tl_hub *h, int value) {
  if (!tl_lock_try(h->lock)) return;
  h->on_reading(value); /* expect: concur-locked-callback */
  tl_lock_release(h->lock);
}

/* negative: the hook runs after the release. */
void tl_hub_publish(struct tl_hub *h, int value) {
  tl_lock_acquire(h->lock);
  tl_hook hook = h->on_reading;
  tl_lock_release(h->lock);
  hook(value);
}

/* GLib's try-lock returns a truth value (gboolean), TRUE when it took the lock; these
 * declarations stand in for <glib.h>. */
typedef int gboolean;
typedef struct { void *p; } GMutex;
gboolean g_mutex_trylock(GMutex *mutex);
void g_mutex_lock(GMutex *mutex);
void g_mutex_unlock(GMutex *mutex);

struct tl_owner {
  GMutex lock;
  tl_hook on_claim;
};

/* positive: g_mutex_trylock returned TRUE: the lock is held while the hook runs. */
void tl_claim(struct tl_owner *o, int value) {
  if (g_mutex_trylock(&o->lock)) {
    o->on_claim(value); /* expect: concur-locked-callback */
    g_mutex_unlock(&o->lock);
  }
}

/* negative: glib's own test shape: the hook runs where the attempt failed, before waiting. */
void tl_claim_or_wait(struct tl_owner *o, int value) {
  if (!g_mutex_trylock(&o->lock)) {
    o->on_claim(value);
    g_mutex_lock(&o->lock);
  }
  g_mutex_unlock(&o->lock);
}

/* A try-lock's success compared with a constant that is zero however it is
 * spelled: C11's thrd_success, a zero on the left. */
#include <pthread.h>
#include <threads.h>

typedef void (*done_fn)(int id, void *ctx);

struct jobs {
  mtx_t mu;
  done_fn on_done;
  void *ctx;
  int pending;
};

void jobs_init(struct jobs *q, done_fn on_done, void *ctx) {
  mtx_init(&q->mu, mtx_plain);
  q->on_done = on_done;
  q->ctx = ctx;
  q->pending = 0;
}

void jobs_add(struct jobs *q) {
  mtx_lock(&q->mu);
  q->pending++;
  mtx_unlock(&q->mu);
}

/* positive: mtx_trylock returned thrd_success, so q->mu is held while the user's hook runs. */
int jobs_try_drain(struct jobs *q) {
  int n = 0;
  if (mtx_trylock(&q->mu) == thrd_success) {
    while (q->pending > 0) {
      q->pending--;
      q->on_done(n++, q->ctx); /* expect: concur-locked-callback */
    }
    mtx_unlock(&q->mu);
  }
  return n;
}

/* negative: on the branch where the attempt failed nothing is held. */
int jobs_try_or_notify(struct jobs *q) {
  if (thrd_success != mtx_trylock(&q->mu)) {
    q->on_done(-1, q->ctx);
    return 0;
  }
  q->pending = 0;
  mtx_unlock(&q->mu);
  return 1;
}

struct meter {
  pthread_mutex_t lock;
  done_fn on_sample;
  void *ctx;
};

void meter_reset(struct meter *m) {
  pthread_mutex_lock(&m->lock);
  m->ctx = 0;
  pthread_mutex_unlock(&m->lock);
}

/* positive: zero on the left of the comparison. */
void meter_sample(struct meter *m, done_fn hook) {
  m->on_sample = hook;
  if (0 == pthread_mutex_trylock(&m->lock)) {
    m->on_sample(1, m->ctx); /* expect: concur-locked-callback */
    pthread_mutex_unlock(&m->lock);
  }
}

/* negative: the hook runs after the unlock. */
void meter_sample_after(struct meter *m) {
  if (0 != pthread_mutex_trylock(&m->lock)) return;
  done_fn hook = m->on_sample;
  pthread_mutex_unlock(&m->lock);
  hook(2, m->ctx);
}

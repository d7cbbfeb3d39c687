/* A try-lock holds its lock on the branch where it succeeded: pthread_mutex_trylock
 * returns zero then. A callback there runs under the lock; on the branch where the
 * attempt failed nothing is held. */
#include <pthread.h>

typedef void (*tl_hook)(int value);

struct tl_meter {
  pthread_mutex_t lock;
  tl_hook on_sample;
  int samples;
};

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

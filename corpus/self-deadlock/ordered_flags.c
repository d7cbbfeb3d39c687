/* Helpers that lock unless an ordered setting says the caller holds the lock: a depth
 * (`if (depth < 1) lock`), a signed limit (`if (o->limit <= 0)`), an unsigned level compared
 * from the left (`if (2 >= o->level)`). The caller's constant takes one side of the order. */
#include <pthread.h>

typedef struct of_queue {
  pthread_mutex_t mu;
  int n;
} of_queue;

struct of_opts {
  int limit;
  unsigned level;
};

static void of_drain(of_queue *q, const struct of_opts *o) {
  if (o->limit <= 0) pthread_mutex_lock(&q->mu);
  q->n = 0;
  if (o->limit <= 0) pthread_mutex_unlock(&q->mu);
}

static void of_trim(of_queue *q, int depth) {
  if (depth < 1) pthread_mutex_lock(&q->mu);
  q->n--;
  if (depth < 1) pthread_mutex_unlock(&q->mu);
}

static void of_level(of_queue *q, const struct of_opts *o) {
  if (2 >= o->level) pthread_mutex_lock(&q->mu);
  q->n++;
  if (2 >= o->level) pthread_mutex_unlock(&q->mu);
}

/* positive: a negative limit is <= 0: of_drain locks again. */
void of_drain_all(of_queue *q) {
  pthread_mutex_lock(&q->mu);
  of_drain(q, &(struct of_opts){.limit = -1}); /* expect: concur-self-deadlock */
  pthread_mutex_unlock(&q->mu);
}

/* negative: a positive limit means the caller holds the lock. */
void of_drain_some(of_queue *q) {
  pthread_mutex_lock(&q->mu);
  of_drain(q, &(struct of_opts){.limit = 5});
  pthread_mutex_unlock(&q->mu);
}

/* positive: depth 0 is below 1. */
void of_trim_top(of_queue *q) {
  pthread_mutex_lock(&q->mu);
  of_trim(q, 0); /* expect: concur-self-deadlock */
  pthread_mutex_unlock(&q->mu);
}

/* negative: a nested call says depth 3. */
void of_trim_nested(of_queue *q) {
  pthread_mutex_lock(&q->mu);
  of_trim(q, 3);
  pthread_mutex_unlock(&q->mu);
}

/* positive: level 2 is not above 2. */
void of_bump_low(of_queue *q) {
  pthread_mutex_lock(&q->mu);
  of_level(q, &(struct of_opts){.level = 2}); /* expect: concur-self-deadlock */
  pthread_mutex_unlock(&q->mu);
}

/* negative: level 3 is. */
void of_bump_high(of_queue *q) {
  pthread_mutex_lock(&q->mu);
  of_level(q, &(struct of_opts){.level = 3});
  pthread_mutex_unlock(&q->mu);
}

/* negative: the depth comes from the caller: of_trim may or may not lock, so no certain
 * re-lock is reported. */
void of_trim_at(of_queue *q, int depth) {
  pthread_mutex_lock(&q->mu);
  of_trim(q, depth);
  pthread_mutex_unlock(&q->mu);
}

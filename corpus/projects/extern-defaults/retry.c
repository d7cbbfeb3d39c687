/* Callers in a third file: the defaults' fields come from opts.c. */
#include "opts.h"

/* positive: q_default_opts says the caller does not hold q->mu, and it does. */
void retry_all(struct queue *q, const int *ids, int n) {
  pthread_mutex_lock(&q->mu);
  for (int i = 0; i < n; i++) q_requeue(q, ids[i], &q_default_opts); /* expect: concur-self-deadlock */
  pthread_mutex_unlock(&q->mu);
}

/* negative: q_locked_opts says it holds q->mu. */
void retry_held(struct queue *q, const int *ids, int n) {
  pthread_mutex_lock(&q->mu);
  for (int i = 0; i < n; i++) q_requeue(q, ids[i], &q_locked_opts);
  pthread_mutex_unlock(&q->mu);
}

/* positive: a copy of the defaults with only notify changed keeps caller_locked 0. */
void retry_quiet(struct queue *q, int id) {
  struct q_opts o = q_default_opts;
  o.notify = 0;
  pthread_mutex_lock(&q->mu);
  q_requeue(q, id, &o); /* expect: concur-self-deadlock */
  pthread_mutex_unlock(&q->mu);
}

/* negative: the copy says the caller holds the lock. */
void retry_quiet_held(struct queue *q, int id) {
  struct q_opts o = q_default_opts;
  o.caller_locked = 1;
  pthread_mutex_lock(&q->mu);
  q_requeue(q, id, &o);
  pthread_mutex_unlock(&q->mu);
}

/* negative: caller_locked comes from the caller: q_requeue may or may not lock. */
void retry_as(struct queue *q, int id, int held) {
  struct q_opts o = q_default_opts;
  o.caller_locked = held;
  pthread_mutex_lock(&q->mu);
  q_requeue(q, id, &o);
  pthread_mutex_unlock(&q->mu);
}

/* negative: nothing held; q_requeue locks once. */
void requeue_one(struct queue *q, int id) { q_requeue(q, id, &q_default_opts); }

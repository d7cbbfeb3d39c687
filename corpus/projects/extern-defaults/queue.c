#include "opts.h"

void q_requeue(struct queue *q, int id, const struct q_opts *o) {
  if (!o->caller_locked) pthread_mutex_lock(&q->mu);
  if (q->count < 32) q->ids[q->count++] = id;
  if (!o->caller_locked) pthread_mutex_unlock(&q->mu);
}

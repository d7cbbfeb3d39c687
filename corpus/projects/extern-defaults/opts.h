/* Option defaults a library defines once and declares `extern` for its users: what their
 * fields hold is in opts.c, which the files that pass them do not see. */
#ifndef EXTERN_DEFAULTS_OPTS_H
#define EXTERN_DEFAULTS_OPTS_H

#include <pthread.h>

struct q_opts {
  int caller_locked;
  int notify;
};

extern const struct q_opts q_default_opts; /* caller_locked 0 */
extern const struct q_opts q_locked_opts;  /* caller_locked 1 */

struct queue {
  pthread_mutex_t mu;
  int ids[32];
  int count;
};

void q_requeue(struct queue *q, int id, const struct q_opts *o);

#endif

/* A library function the project only declares, in a header it carries
 * itself, is the function the vocabulary names: uv_run runs the loop. */
#include "vendored_uv.h"

struct bridge {
  uv_mutex_t mu;
  uv_loop_t *loop;
  int pending;
};

int bridge_init(struct bridge *b) {
  b->loop = uv_default_loop();
  b->pending = 0;
  return uv_mutex_init(&b->mu);
}

void bridge_post(struct bridge *b) {
  uv_mutex_lock(&b->mu);
  b->pending++;
  uv_mutex_unlock(&b->mu);
}

/* positive: every handler of the application may run inside uv_run while b->mu is held. */
void bridge_flush(struct bridge *b) {
  uv_mutex_lock(&b->mu);
  if (b->pending > 0) uv_run(b->loop, UV_RUN_NOWAIT); /* expect: concur-locked-callback */
  b->pending = 0;
  uv_mutex_unlock(&b->mu);
}

/* negative: the loop runs after the mutex is released. */
void bridge_flush_unlocked(struct bridge *b) {
  uv_mutex_lock(&b->mu);
  int run = b->pending > 0;
  b->pending = 0;
  uv_mutex_unlock(&b->mu);
  if (run) uv_run(b->loop, UV_RUN_NOWAIT);
}

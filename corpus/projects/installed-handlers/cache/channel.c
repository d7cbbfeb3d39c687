#include "channel.h"

#include <stdlib.h>

struct channel *channel_open(void) {
  struct channel *c = calloc(1, sizeof *c);
  c->lock = malloc(sizeof *c->lock);
  c->stats_lock = malloc(sizeof *c->stats_lock);
  pthread_mutex_init(c->lock, NULL);
  pthread_mutex_init(c->stats_lock, NULL);
  return c;
}

int channel_depth(struct channel *c) {
  pthread_mutex_lock(c->lock);
  int depth = c->depth;
  pthread_mutex_unlock(c->lock);
  return depth;
}

void channel_post(struct channel *c, int msg) {
  pthread_mutex_lock(c->lock);
  c->depth++;
  // positive: main's post handler asks channel_depth, which takes the channel's lock
  // (the one its pointer field points to) again.
  if (c->on_post) c->on_post(c->user, msg);  // expect: concur-locked-callback
  pthread_mutex_unlock(c->lock);
}

void channel_report(struct channel *c) {
  pthread_mutex_lock(c->stats_lock);
  // negative: the stats handler takes only the channel's other lock (through channel_depth).
  if (c->on_stats) c->on_stats(c->user, c->depth);
  pthread_mutex_unlock(c->stats_lock);
}

void channel_drain(struct channel *c) {
  void (*handler)(void *, int) = 0;
  pthread_mutex_lock(c->lock);
  c->depth = 0;
  handler = c->on_post;
  pthread_mutex_unlock(c->lock);
  // negative: the lock is released before the handler runs.
  if (handler) handler(c->user, 0);
}

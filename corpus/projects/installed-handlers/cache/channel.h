// A channel whose lock is a pointer field (made by its open function), with a post handler
// main installs on it.
#ifndef INSTALLED_HANDLERS_CHANNEL_H
#define INSTALLED_HANDLERS_CHANNEL_H

#include <pthread.h>

struct channel {
  pthread_mutex_t *lock;
  pthread_mutex_t *stats_lock;
  int depth;
  void *user;
  void (*on_post)(void *user, int msg);
  void (*on_stats)(void *user, int depth);
};

struct channel *channel_open(void);
int channel_depth(struct channel *c);
void channel_post(struct channel *c, int msg);
void channel_report(struct channel *c);
void channel_drain(struct channel *c);

#endif

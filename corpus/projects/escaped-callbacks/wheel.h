/* A timer wheel library: a timer carries the callback its user gives
 * timer_init, and the wheel calls it when the timer is due. */
#pragma once
#include <pthread.h>

struct timer {
  void (*fire)(void *arg);
  void *arg;
  struct timer *next;
};

struct wheel {
  pthread_mutex_t lock;
  struct timer *due;
};

void wheel_init(struct wheel *w);
void timer_init(struct timer *t, void (*fire)(void *), void *arg);
void wheel_add(struct wheel *w, struct timer *t);
void wheel_poll(struct wheel *w);

struct stats {
  unsigned long fired;
  unsigned long resets;
};
extern struct stats g_stats;
void stats_fired(void);
void stats_reset(void);
void stats_clear(void);

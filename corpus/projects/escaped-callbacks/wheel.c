#include "wheel.h"

#include <stddef.h>

void wheel_init(struct wheel *w) {
  pthread_mutex_init(&w->lock, NULL);
  w->due = NULL;
}

/* Public: any user of the library may give any callback. */
void timer_init(struct timer *t, void (*fire)(void *), void *arg) {
  t->fire = fire;
  t->arg = arg;
  t->next = NULL;
}

void wheel_add(struct wheel *w, struct timer *t) {
  pthread_mutex_lock(&w->lock);
  t->next = w->due;
  w->due = t;
  pthread_mutex_unlock(&w->lock);
}

void wheel_poll(struct wheel *w) {
  pthread_mutex_lock(&w->lock);
  struct timer *t = w->due;
  w->due = NULL;
  pthread_mutex_unlock(&w->lock);
  while (t) {
    struct timer *next = t->next;
    t->fire(t->arg);
    t = next;
  }
}

/* Options a caller fills through small helpers before the call: `ev_opts_init (&o)` zeroes
 * them and sets defaults, `ev_mute (&o)` clears the notify flag. A helper of this file whose
 * every statement on the struct assigns a field a constant (or zeroes it) counts as those
 * assignments; one that decides at run time (`getenv`), takes the value from its caller, or
 * does anything else with the struct leaves the fields it may touch unknown. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef void (*ev_hook)(void *ctx, int event);

struct ev_bus {
  pthread_mutex_t mu;
  ev_hook hook;
  void *ctx;
  int pending;
};

struct ev_opts {
  int notify;
  int batch;
};

void ev_set_hook(struct ev_bus *b, ev_hook hook, void *ctx) {
  pthread_mutex_lock(&b->mu);
  b->hook = hook;
  b->ctx = ctx;
  pthread_mutex_unlock(&b->mu);
}

static void ev_fire(struct ev_bus *b, int event, const struct ev_opts *o) {
  b->pending++;
  if (o->notify && b->hook) b->hook(b->ctx, event);
}

static void ev_opts_init(struct ev_opts *o) {
  memset(o, 0, sizeof *o);
  o->batch = 16;
}

static void ev_mute(struct ev_opts *o) { o->notify = 0; }

static void ev_loud(struct ev_opts *o) {
  o->batch = 1;
  o->notify = 1;
}

static void ev_tune(struct ev_opts *o) {
  const char *v = getenv("EV_NOTIFY");
  if (v) o->notify = atoi(v);
}

static void ev_opts_set(struct ev_opts *o, int notify) { o->notify = notify; }

/* negative: the init helper zeroes the options: notify is 0. */
void ev_post_quiet(struct ev_bus *b, int event) {
  struct ev_opts o;
  ev_opts_init(&o);
  pthread_mutex_lock(&b->mu);
  ev_fire(b, event, &o);
  pthread_mutex_unlock(&b->mu);
}

/* positive: init, then notify set after it. */
void ev_post(struct ev_bus *b, int event) {
  struct ev_opts o;
  ev_opts_init(&o);
  o.notify = 1;
  pthread_mutex_lock(&b->mu);
  ev_fire(b, event, &o); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&b->mu);
}

/* negative: notify starts at 1 and the mute helper clears it. */
void ev_post_muted(struct ev_bus *b, int event) {
  struct ev_opts o = {.notify = 1, .batch = 4};
  ev_mute(&o);
  pthread_mutex_lock(&b->mu);
  ev_fire(b, event, &o);
  pthread_mutex_unlock(&b->mu);
}

/* positive: the loud helper sets notify. */
void ev_post_loud(struct ev_bus *b, int event) {
  struct ev_opts o = {0};
  ev_loud(&o);
  pthread_mutex_lock(&b->mu);
  ev_fire(b, event, &o); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&b->mu);
}

/* positive: the tune helper may set notify from the environment. */
void ev_post_tuned(struct ev_bus *b, int event) {
  struct ev_opts o = {0};
  ev_tune(&o);
  pthread_mutex_lock(&b->mu);
  ev_fire(b, event, &o); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&b->mu);
}

/* positive: notify comes from the caller through the setter. */
void ev_post_if(struct ev_bus *b, int event, int tell) {
  struct ev_opts o = {0};
  ev_opts_set(&o, tell);
  pthread_mutex_lock(&b->mu);
  ev_fire(b, event, &o); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&b->mu);
}

/* negative: muted after the loud helper: the later statement wins. */
void ev_post_loud_then_muted(struct ev_bus *b, int event) {
  struct ev_opts o;
  ev_loud(&o);
  ev_mute(&o);
  pthread_mutex_lock(&b->mu);
  ev_fire(b, event, &o);
  pthread_mutex_unlock(&b->mu);
}

/* negative: no lock is held around the hook. */
void ev_post_unlocked(struct ev_bus *b, int event) {
  struct ev_opts o = {.notify = 1};
  ev_fire(b, event, &o);
}

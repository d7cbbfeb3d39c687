/* concur-locked-callback: a thread start routine names its object through a
 * local copy of its `void *` argument (`loop *m = userdata;`) and locks it
 * through the project's wrapper (`loop_lock (m)`, PulseAudio's threaded
 * mainloop): the wrapper's lock is held on that object, and the callbacks the
 * loop runs before unlocking run under it. */
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>

typedef struct loop loop;
typedef void (*defer_cb)(loop *m, void *userdata);

struct defer {
  struct defer *next;
  defer_cb callback;
  void *userdata;
};

struct loop_ops {
  void (*drain)(loop *m);
};

struct loop {
  pthread_mutex_t mutex;
  struct defer *defers;
  const struct loop_ops *ops;
  defer_cb on_quit;
  int quit;
  pthread_t thread;
};

static void loop_lock(loop *m) { pthread_mutex_lock(&m->mutex); }
static void loop_unlock(loop *m) { pthread_mutex_unlock(&m->mutex); }

static void pipe_drain(loop *m) { (void)m; }
static const struct loop_ops k_pipe_ops = {pipe_drain};

struct defer *loop_defer_new(loop *m, defer_cb cb, void *userdata) {
  struct defer *d = calloc(1, sizeof *d);
  if (!d) return NULL;
  d->callback = cb;
  d->userdata = userdata;
  loop_lock(m);
  d->next = m->defers;
  m->defers = d;
  loop_unlock(m);
  return d;
}

void loop_set_quit_callback(loop *m, defer_cb cb) {
  loop_lock(m);
  m->on_quit = cb;
  loop_unlock(m);
}

static void *loop_thread(void *userdata) {
  loop *m = userdata;
  loop_lock(m);
  while (!m->quit) {
    struct defer *d;
    for (d = m->defers; d != NULL; d = d->next)
      /* positive: the application's deferred callback, under the loop lock. */
      d->callback(m, d->userdata); /* expect: concur-locked-callback */
    /* negative: ops is only ever the pipe's own table. */
    m->ops->drain(m);
    loop_unlock(m);
    loop_lock(m);
  }
  loop_unlock(m);
  /* negative: the quit callback runs after the loop lock is released. */
  if (m->on_quit) m->on_quit(m, NULL);
  return NULL;
}

static void *quit_thread(void *arg) {
  loop *m = arg;
  loop_lock(m);
  m->quit = 1;
  /* positive: called with the loop lock still held. */
  if (m->on_quit) m->on_quit(m, NULL); /* expect: concur-locked-callback */
  loop_unlock(m);
  return NULL;
}

int loop_start(loop *m) {
  m->ops = &k_pipe_ops;
  return pthread_create(&m->thread, NULL, loop_thread, m);
}

int loop_quit_async(loop *m) {
  pthread_t t;
  /* negative: starting a thread is not a callback. */
  return pthread_create(&t, NULL, quit_thread, m);
}

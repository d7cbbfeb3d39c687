/* concur-racy-lazy-init: the callers of a function that sets up a global
 * lock on first use hold a lock, but one per object: libevent's
 * `struct event_base *base = ev->ev_base; EVBASE_ACQUIRE_LOCK (base, ...)`
 * reaches the object through a local, and two bases are two locks. A local
 * that holds the address of one global object (`struct loop *l =
 * &g_default_loop;`) is the same lock for every thread. */
#include <pthread.h>
#include <stdlib.h>

struct loop {
  pthread_mutex_t lock;
  int pending;
};

struct watch {
  struct loop *loop;
  int signo;
};

static struct loop g_default_loop = {PTHREAD_MUTEX_INITIALIZER, 0};
static pthread_mutex_t *g_signal_lock;
static pthread_mutex_t *g_timer_lock;
static int g_signal_owner[64];
static int g_timer_count;

static void loop_lock(struct loop *l) { pthread_mutex_lock(&l->lock); }
static void loop_unlock(struct loop *l) { pthread_mutex_unlock(&l->lock); }

/* positive: its callers hold only their own loop's lock. */
static void signal_add(struct loop *l, int signo) {
  if (g_signal_lock == NULL) {
    g_signal_lock = malloc(sizeof *g_signal_lock); /* expect: concur-racy-lazy-init */
    pthread_mutex_init(g_signal_lock, NULL);
  }
  pthread_mutex_lock(g_signal_lock);
  g_signal_owner[signo & 63] = l->pending;
  pthread_mutex_unlock(g_signal_lock);
}

int watch_start(struct watch *w) {
  struct loop *l = w->loop;
  loop_lock(l);
  signal_add(l, w->signo);
  loop_unlock(l);
  return 0;
}

int loop_reinit(struct loop *l) {
  loop_lock(l);
  signal_add(l, 1);
  loop_unlock(l);
  return 0;
}

/* negative: every caller holds the default loop's lock, one lock for all. */
static void timer_add(void) {
  if (g_timer_lock == NULL) {
    g_timer_lock = malloc(sizeof *g_timer_lock);
    pthread_mutex_init(g_timer_lock, NULL);
  }
  pthread_mutex_lock(g_timer_lock);
  g_timer_count++;
  pthread_mutex_unlock(g_timer_lock);
}

int default_timer_start(void) {
  struct loop *l = &g_default_loop;
  loop_lock(l);
  timer_add();
  loop_unlock(l);
  return 0;
}

int default_timer_restart(void) {
  loop_lock(&g_default_loop);
  timer_add();
  loop_unlock(&g_default_loop);
  return 0;
}

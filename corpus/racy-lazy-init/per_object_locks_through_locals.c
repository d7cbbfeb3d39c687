/* concur-racy-lazy-init: the callers of a function that sets up a global
 * lock on first use hold a lock, but one per object: libevent's
 * `struct event_base *base = ev->ev_base; EVBASE_ACQUIRE_LOCK (base, ...)`
 * reaches the object through a local, and two bases are two locks. A local
 * that holds the address of one global object (`struct loop *l =
 * &g_default_loop;`), or what an accessor of a global lock returns
 * (`rw_lock_t *global = global_lock ();`), is the same lock for every thread. */
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

typedef struct {
  pthread_mutex_t m;
} rw_lock_t;
static rw_lock_t *g_global_lock;
static rw_lock_t *g_names_lock;
static int g_names;

static void rw_write_lock(rw_lock_t *l) { pthread_mutex_lock(&l->m); }
static void rw_unlock(rw_lock_t *l) { pthread_mutex_unlock(&l->m); }
static rw_lock_t *rw_new(void) {
  rw_lock_t *l = malloc(sizeof *l);
  if (l) pthread_mutex_init(&l->m, NULL);
  return l;
}
static rw_lock_t *global_lock(void) { return g_global_lock; }

__attribute__((constructor)) static void make_global_lock(void) { g_global_lock = rw_new(); }

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

int names_add(void) {
  rw_lock_t *global = global_lock();
  if (global == NULL) return 0;
  rw_write_lock(global);
  /* negative: made under the one global lock every caller takes. */
  if (g_names_lock == NULL) g_names_lock = rw_new();
  rw_unlock(global);
  rw_write_lock(g_names_lock);
  g_names++;
  rw_unlock(g_names_lock);
  return 1;
}

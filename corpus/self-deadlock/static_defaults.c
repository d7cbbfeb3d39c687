/* Options kept in a variable in static storage that only this file can name: a field no
 * code of the file writes holds its initializer (zero without one) for the whole run, so the
 * callee's lock test is decided; a field some function writes, or a struct handed away by
 * non-const pointer, decides nothing. */
#include <pthread.h>
#include <string.h>

struct sd_purge_opts {
  int have_lock;
  int verbose;
  int limit;
};

struct sd_pool {
  pthread_mutex_t mu;
  int items[16];
  int count;
};

/* have_lock is never written: 0. verbose is set from the command line. */
static struct sd_purge_opts sd_defaults;
/* Initialized with have_lock = 1 and never changed. */
static struct sd_purge_opts sd_locked_defaults = {.have_lock = 1, .limit = 4};
/* Written below: have_lock is whatever sd_set_mode left. */
static struct sd_purge_opts sd_mode;
/* Handed to sd_load, which may change any field. */
static struct sd_purge_opts sd_loaded;

void sd_set_verbose(int verbose) { sd_defaults.verbose = verbose; }
void sd_set_mode(int held) { sd_mode.have_lock = held; }
void sd_load(struct sd_purge_opts *o);
void sd_init(void) { sd_load(&sd_loaded); }

static void sd_purge(struct sd_pool *p, const struct sd_purge_opts *o) {
  if (!o->have_lock) pthread_mutex_lock(&p->mu);
  p->count = 0;
  if (!o->have_lock) pthread_mutex_unlock(&p->mu);
}

/* positive: sd_defaults.have_lock is 0 everywhere, so sd_purge locks p->mu again. */
void sd_purge_all(struct sd_pool *p) {
  pthread_mutex_lock(&p->mu);
  sd_purge(p, &sd_defaults); /* expect: concur-self-deadlock */
  pthread_mutex_unlock(&p->mu);
}

/* negative: sd_locked_defaults keeps have_lock = 1. */
void sd_purge_held(struct sd_pool *p) {
  pthread_mutex_lock(&p->mu);
  sd_purge(p, &sd_locked_defaults);
  pthread_mutex_unlock(&p->mu);
}

/* negative: sd_mode.have_lock is written by sd_set_mode: it may say the lock is held. */
void sd_purge_mode(struct sd_pool *p) {
  pthread_mutex_lock(&p->mu);
  sd_purge(p, &sd_mode);
  pthread_mutex_unlock(&p->mu);
}

/* negative: sd_load is given sd_loaded by non-const pointer. */
void sd_purge_loaded(struct sd_pool *p) {
  pthread_mutex_lock(&p->mu);
  sd_purge(p, &sd_loaded);
  pthread_mutex_unlock(&p->mu);
}

/* positive: the first call runs unlocked; the second, under p->mu, locks it again. */
void sd_purge_twice(struct sd_pool *p) {
  sd_purge(p, &sd_defaults);
  pthread_mutex_lock(&p->mu);
  memset(p->items, 0, sizeof p->items);
  sd_purge(p, &sd_defaults); /* expect: concur-self-deadlock */
  pthread_mutex_unlock(&p->mu);
}

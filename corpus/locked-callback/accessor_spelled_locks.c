/* concur-locked-callback: a lock taken through an accessor that returns a
 * field of its argument (`host_gil (h)`, which returns `h->gil`, making it
 * first if need be) is the lock released through the field itself
 * (`gil_release (h->gil)`): one lock, however each call spells it. */
#include <pthread.h>
#include <stdlib.h>

struct gil {
  pthread_mutex_t mu;
  int depth;
};

struct host {
  struct gil *gil;
  pthread_mutex_t stats_mu;
  int (*native)(struct host *h, double arg);
  void (*on_result)(double value, void *user);
  void *user;
  double last;
};

static pthread_mutex_t g_gils_mu = PTHREAD_MUTEX_INITIALIZER;

static struct gil *gil_new(void) {
  struct gil *g = calloc(1, sizeof *g);
  if (g) pthread_mutex_init(&g->mu, NULL);
  return g;
}

static void gil_acquire(struct gil *g) {
  pthread_mutex_lock(&g->mu);
  g->depth++;
}

static void gil_release(struct gil *g) {
  g->depth--;
  pthread_mutex_unlock(&g->mu);
}

/* The accessor: the host's lock, made on first use under g_gils_mu. */
static struct gil *host_gil(struct host *h) {
  pthread_mutex_lock(&g_gils_mu);
  if (h->gil == NULL) h->gil = gil_new();
  pthread_mutex_unlock(&g_gils_mu);
  return h->gil;
}

static pthread_mutex_t *host_stats_lock(struct host *h) { return &h->stats_mu; }

void host_lock(struct host *h) { gil_acquire(host_gil(h)); }
void host_unlock(struct host *h) { gil_release(h->gil); }

void host_set_native(struct host *h, int (*native)(struct host *, double)) { h->native = native; }
void host_set_result_callback(struct host *h, void (*cb)(double, void *), void *user) {
  h->on_result = cb;
  h->user = user;
}

/* negative: locked through the accessor, unlocked through the field: the native runs with no lock held. */
int host_call(struct host *h, double arg) {
  host_lock(h);
  h->last = arg;
  host_unlock(h);
  return h->native(h, arg);
}

/* positive: the caller's result callback runs while the host lock is held. */
void host_publish(struct host *h, double value) {
  host_lock(h);
  h->last = value;
  h->on_result(value, h->user); /* expect: concur-locked-callback */
  host_unlock(h);
}

/* negative: the stats lock, taken through its address accessor and released by name. */
void host_report(struct host *h, double value) {
  pthread_mutex_lock(host_stats_lock(h));
  h->last = value;
  pthread_mutex_unlock(&h->stats_mu);
  h->on_result(value, h->user);
}

/* positive: taken by name, still held when the callback runs (released through the accessor after it). */
void host_report_locked(struct host *h, double value) {
  pthread_mutex_lock(&h->stats_mu);
  h->on_result(value, h->user); /* expect: concur-locked-callback */
  pthread_mutex_unlock(host_stats_lock(h));
}

/* concur-shared-global-cache: save/flip/restore of a flag that is a field of a global struct
 * (`int saved = g_config.trace; g_config.trace = 0; ...; g_config.trace = saved;`) is the same
 * hazard as with a plain global flag: the fact is "a global location is saved into a local,
 * changed, and set back from that local without a lock", whatever struct holds it and however
 * deep the field sits. Each field is a flag of its own. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

struct request {
  int id;
  const char *path;
};

static struct {
  int port;
  int trace;
  struct {
    int verbose;
    int color;
  } log;
  atomic_int quiet;
} g_config = {8080, 1, {1, 0}, 0};

static pthread_mutex_t g_config_mu = PTHREAD_MUTEX_INITIALIZER;
static int g_levels[4];

static void handle(const struct request *r) {
  if (g_config.trace) fprintf(stderr, "[%d] %s\n", r->id, r->path);
  if (g_config.log.verbose) fprintf(stderr, "handled %d\n", r->id);
}

/* positive: the workers switch the trace off around a probe, each with its own saved copy. */
static void handle_probe(const struct request *r) {
  int saved = g_config.trace;
  g_config.trace = 0; // expect: concur-shared-global-cache
  handle(r);
  g_config.trace = saved;
}

/* positive: a field two levels down. */
static void handle_quietly(const struct request *r) {
  const int was = g_config.log.verbose;
  g_config.log.verbose = 0; // expect: concur-shared-global-cache
  handle(r);
  g_config.log.verbose = was;
}

/* negative: the same dance under a lock every switcher takes. */
static void handle_colorless(const struct request *r) {
  pthread_mutex_lock(&g_config_mu);
  int saved = g_config.log.color;
  g_config.log.color = 0;
  handle(r);
  g_config.log.color = saved;
  pthread_mutex_unlock(&g_config_mu);
}

/* negative: an atomic field: each store is one indivisible write. */
static void handle_silently(const struct request *r) {
  int saved = atomic_load(&g_config.quiet);
  atomic_store(&g_config.quiet, 1);
  handle(r);
  atomic_store(&g_config.quiet, saved);
}

/* negative: an element picked by an index is not one flag each time (not followed). */
static void handle_at_level(const struct request *r, int level) {
  int saved = g_levels[level];
  g_levels[level] = 0;
  handle(r);
  g_levels[level] = saved;
}

/* negative: one field saved and set back, another one changed in between: the port is not
 * switched and restored (and the trace is only written back with the value it had). */
static void move_port(int port) {
  int saved = g_config.trace;
  g_config.port = port;
  g_config.trace = saved;
}

static void *worker(void *arg) {
  const struct request *r = arg;
  handle_probe(r);
  handle_quietly(r);
  handle_colorless(r);
  handle_silently(r);
  handle_at_level(r, r->id & 3);
  move_port(8081 + (r->id & 1));
  return NULL;
}

int serve(struct request *requests, int n) {
  pthread_t threads[8];
  if (n > 8) n = 8;
  for (int i = 0; i < n; ++i) pthread_create(&threads[i], NULL, worker, &requests[i]);
  for (int i = 0; i < n; ++i) pthread_join(threads[i], NULL);
  return n;
}

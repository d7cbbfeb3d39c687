/* concur-locked-callback: a local function pointer holds what it is set to:
 * the functions named there, and what every pointer copied into it holds
 * (`GErrorClearFunc clear = info->clear;`). Copying a hook into a local and
 * calling it under the lock runs the same hook. */
#include <pthread.h>
#include <stddef.h>

typedef void (*lp_clear_fn)(void *data);

struct lp_domain {
  lp_clear_fn clear;
  lp_clear_fn copy_done;
  int size;
};

static pthread_mutex_t g_domains_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t g_stats_lock = PTHREAD_MUTEX_INITIALIZER;
static long g_cleared;

static void lp_clear_plain(void *data) { (void)data; }
static void lp_clear_counted(void *data) {
  (void)data;
  pthread_mutex_lock(&g_stats_lock);
  ++g_cleared;
  pthread_mutex_unlock(&g_stats_lock);
}

/* Only the project sets the domains' clear functions: both setters are static. */
static void lp_domain_init(struct lp_domain *d, int counted) {
  d->clear = counted ? lp_clear_counted : lp_clear_plain;
  d->size = 0;
}
static void lp_domain_reset(struct lp_domain *d) { d->clear = NULL; }

static struct lp_domain g_plain, g_counted;

void lp_setup(void) {
  lp_domain_init(&g_plain, 0);
  lp_domain_init(&g_counted, 1);
  lp_domain_reset(&g_plain);
}

/* negative: clear is a copy of d->clear, which holds lp_clear_plain, lp_clear_counted or NULL; neither takes g_domains_lock. */
void lp_domain_clear(struct lp_domain *d, void *data) {
  lp_clear_fn clear = d->clear;
  pthread_mutex_lock(&g_domains_lock);
  d->size = 0;
  if (clear) clear(data);
  pthread_mutex_unlock(&g_domains_lock);
}

/* negative: assigned after its declaration, from either domain: still the project's own functions. */
void lp_domain_clear_either(struct lp_domain *d, struct lp_domain *fallback, void *data) {
  lp_clear_fn clear;
  clear = d->clear ? d->clear : fallback->clear;
  pthread_mutex_lock(&g_domains_lock);
  if (clear) clear(data);
  pthread_mutex_unlock(&g_domains_lock);
}

/* negative: a local set to one of two functions of the project. */
void lp_clear_now(void *data, int counted) {
  lp_clear_fn clear = counted ? lp_clear_counted : lp_clear_plain;
  pthread_mutex_lock(&g_domains_lock);
  clear(data);
  pthread_mutex_unlock(&g_domains_lock);
}

/* positive: the copy may hold lp_clear_counted, which takes g_stats_lock, the lock held here. */
void lp_domain_clear_counting(struct lp_domain *d, void *data) {
  lp_clear_fn clear = d->clear;
  pthread_mutex_lock(&g_stats_lock);
  if (clear) clear(data); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&g_stats_lock);
}

/* A second table whose hook a public setter takes from its caller. */
struct lp_sink {
  lp_clear_fn on_flush;
};

void lp_sink_set_flush(struct lp_sink *s, lp_clear_fn on_flush) { s->on_flush = on_flush; }

/* positive: the copy holds whatever a program that links this passes to lp_sink_set_flush. */
void lp_sink_flush(struct lp_sink *s, void *data) {
  lp_clear_fn flush = s->on_flush;
  pthread_mutex_lock(&g_domains_lock);
  if (flush) flush(data); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&g_domains_lock);
}

/* positive: the local holds the caller's function: any code. */
void lp_run_with(lp_clear_fn fn, void *data) {
  lp_clear_fn run = fn;
  pthread_mutex_lock(&g_domains_lock);
  run(data); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&g_domains_lock);
}

/* A module's unload hook, which a symbol lookup writes through its address. */
typedef void (*lp_unload_fn)(void *module);

struct lp_module {
  lp_unload_fn unload;
  int refs;
};

extern int lp_find_symbol(struct lp_module *m, const char *name, void **out);

static pthread_mutex_t g_modules_lock = PTHREAD_MUTEX_INITIALIZER;

void lp_module_load(struct lp_module *m) {
  m->unload = NULL;
  lp_find_symbol(m, "module_unload", (void **)&m->unload);
  m->refs = 1;
}

/* positive: lp_find_symbol may have written any function into m->unload through its address. */
void lp_module_close(struct lp_module *m) {
  pthread_mutex_lock(&g_modules_lock);
  lp_unload_fn unload = m->unload;
  m->unload = NULL;
  if (--m->refs == 0 && unload) unload(m); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&g_modules_lock);
}

/* negative: the hook is called after the lock is released. */
void lp_module_close_unlocked(struct lp_module *m) {
  pthread_mutex_lock(&g_modules_lock);
  lp_unload_fn unload = --m->refs == 0 ? m->unload : NULL;
  pthread_mutex_unlock(&g_modules_lock);
  if (unload) unload(m);
}

/* concur-locked-callback: a function that returns a function pointer hands
 * its caller what it returns: a field of a handler list, a default, one of
 * two functions. A call of the result (`find_handler (level) (msg)`, or
 * through a local set from it) runs those. */
#include <pthread.h>
#include <stddef.h>

typedef void (*rp_log_fn)(const char *msg);

struct rp_handler {
  rp_log_fn fn;
  int level;
  struct rp_handler *next;
};

static pthread_mutex_t g_log_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t g_count_lock = PTHREAD_MUTEX_INITIALIZER;
static struct rp_handler *g_handlers;
static long g_logged;

static void rp_write_stderr(const char *msg) { (void)msg; }
static void rp_write_quiet(const char *msg) { (void)msg; }
static void rp_write_counted(const char *msg) {
  (void)msg;
  pthread_mutex_lock(&g_count_lock);
  ++g_logged;
  pthread_mutex_unlock(&g_count_lock);
}

static rp_log_fn g_default_writer = rp_write_stderr;

/* Handlers are added only by the project, with its own writers. */
static void rp_add_handler(struct rp_handler *h, int level, int counted) {
  h->fn = counted ? rp_write_counted : rp_write_quiet;
  h->level = level;
  h->next = g_handlers;
  g_handlers = h;
}

static rp_log_fn rp_find_writer(int level) {
  for (struct rp_handler *h = g_handlers; h; h = h->next)
    if (h->level == level) return h->fn;
  return g_default_writer;
}

static struct rp_handler g_errors, g_debug;

void rp_setup(void) {
  rp_add_handler(&g_errors, 1, 0);
  rp_add_handler(&g_debug, 2, 1);
}

/* negative: the writer is a handler's (rp_write_quiet, rp_write_counted) or the default; none takes g_log_lock. */
void rp_log(int level, const char *msg) {
  pthread_mutex_lock(&g_log_lock);
  rp_log_fn write = rp_find_writer(level);
  write(msg);
  pthread_mutex_unlock(&g_log_lock);
}

/* negative: the same, called on the lookup's result directly. */
void rp_log_direct(int level, const char *msg) {
  pthread_mutex_lock(&g_log_lock);
  rp_find_writer(level)(msg);
  pthread_mutex_unlock(&g_log_lock);
}

/* positive: the writer may be rp_write_counted, which takes g_count_lock, held here. */
void rp_log_counting(int level, const char *msg) {
  pthread_mutex_lock(&g_count_lock);
  rp_find_writer(level)(msg); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&g_count_lock);
}

static rp_log_fn rp_pick(int quiet) { return quiet ? rp_write_quiet : rp_write_stderr; }

/* negative: one of two writers of the project. */
void rp_log_picked(int quiet, const char *msg) {
  pthread_mutex_lock(&g_log_lock);
  rp_pick(quiet)(msg);
  pthread_mutex_unlock(&g_log_lock);
}

/* A second default that a public setter replaces. */
static rp_log_fn g_audit_writer = rp_write_stderr;

void rp_set_audit_writer(rp_log_fn writer) { g_audit_writer = writer; }

static rp_log_fn rp_audit_writer(void) { return g_audit_writer; }

/* positive: the audit writer is whatever a program passed to rp_set_audit_writer. */
void rp_audit(const char *msg) {
  pthread_mutex_lock(&g_log_lock);
  rp_log_fn write = rp_audit_writer();
  write(msg); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&g_log_lock);
}

static rp_log_fn rp_or_default(rp_log_fn writer) { return writer ? writer : g_default_writer; }

/* positive: the result may be the caller's writer: any code. */
void rp_log_with(rp_log_fn writer, const char *msg) {
  pthread_mutex_lock(&g_log_lock);
  rp_or_default(writer)(msg); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&g_log_lock);
}

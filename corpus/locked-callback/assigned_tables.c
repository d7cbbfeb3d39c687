/* concur-locked-callback: an operations table assigned whole (`g_lock_fns =
 * *cbs;`, libevent's evthread_set_lock_callbacks) gets every function
 * pointer of the other table: from a public setter's caller, code the project
 * does not show; from a static table of the project's own functions, those
 * functions. A call through the copy is judged by what the source held. */
#include <pthread.h>
#include <stddef.h>

struct lock_fns {
  void *(*alloc)(unsigned kind);
  void (*release)(void *lock);
};

struct log_fns {
  void (*write)(const char *line);
  void (*flush)(void);
};

struct conn_ops {
  void (*on_close)(void *conn);
};

struct conn {
  pthread_mutex_t mu;
  struct conn_ops ops;
  int open;
};

/* A module keeps the hooks its loader registers and hands them out
 * (GTypeModule's `module_info->info = *info;` and `*out = module_info->info;`). */
struct hook_fns {
  void (*run)(void *data);
};

struct module_info {
  struct hook_fns fns;
  void *data;
};

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct lock_fns g_lock_fns = {NULL, NULL};
static struct log_fns g_log_fns;
static struct log_fns g_quiet_fns;
static int written;

static void plain_write(const char *line) { written += line[0]; }
static void plain_flush(void) { written = 0; }
static const struct log_fns k_plain_log = {plain_write, plain_flush};
static const struct log_fns k_no_log = {NULL, NULL};

int set_lock_functions(const struct lock_fns *cbs) {
  pthread_mutex_lock(&registry_lock);
  g_lock_fns = *cbs;
  pthread_mutex_unlock(&registry_lock);
  return 0;
}

void use_plain_log(void) { g_log_fns = k_plain_log; }
void use_no_log(void) { g_quiet_fns = k_no_log; }

void conn_set_ops(struct conn *c, const struct conn_ops *ops) {
  pthread_mutex_lock(&c->mu);
  c->ops = *ops;
  pthread_mutex_unlock(&c->mu);
}

void release_under_registry(void *lock) {
  pthread_mutex_lock(&registry_lock);
  /* positive: g_lock_fns is whatever set_lock_functions' caller passed. */
  if (g_lock_fns.release) g_lock_fns.release(lock); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&registry_lock);
}

void log_under_registry(const char *line) {
  pthread_mutex_lock(&registry_lock);
  /* negative: g_log_fns is only ever a copy of k_plain_log, the project's own writer. */
  if (g_log_fns.write) g_log_fns.write(line);
  pthread_mutex_unlock(&registry_lock);
}

void flush_quiet(void) {
  pthread_mutex_lock(&registry_lock);
  /* negative: g_quiet_fns is a copy of k_no_log: null, nothing runs. */
  if (g_quiet_fns.flush) g_quiet_fns.flush();
  pthread_mutex_unlock(&registry_lock);
}

void conn_close(struct conn *c) {
  pthread_mutex_lock(&c->mu);
  c->open = 0;
  /* positive: the connection's ops are a copy of conn_set_ops' caller's table. */
  if (c->ops.on_close) c->ops.on_close(c); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&c->mu);
}

void flush_under_registry(void) {
  pthread_mutex_lock(&registry_lock);
  /* negative: k_plain_log's flush, copied into g_log_fns. */
  if (g_log_fns.flush) g_log_fns.flush();
  pthread_mutex_unlock(&registry_lock);
}

void module_add_hooks(struct module_info *mi, const struct hook_fns *fns) { mi->fns = *fns; }

static void module_complete(const struct module_info *mi, struct hook_fns *out) { *out = mi->fns; }

void module_run(const struct module_info *mi, struct hook_fns *scratch) {
  pthread_mutex_lock(&registry_lock);
  module_complete(mi, scratch);
  /* positive: the hooks are a copy of what module_add_hooks' caller passed. */
  scratch->run(mi->data); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&registry_lock);
}

void module_run_unlocked(const struct module_info *mi, struct hook_fns *scratch) {
  pthread_mutex_lock(&registry_lock);
  module_complete(mi, scratch);
  pthread_mutex_unlock(&registry_lock);
  /* negative: run after the registry lock is released. */
  scratch->run(mi->data);
}

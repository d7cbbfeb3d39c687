/* concur-locked-callback: a table of the project's functions that several
 * holders keep, called through yet another pointer to it that no store
 * names. unbound's module_env is one: the daemon's worker embeds one and
 * fills `worker->env.attach_sub = &mesh_attach_sub`, libunbound's worker
 * allocates one and fills `w->env->attach_sub` the same way, and the modules
 * call `(*qstate->env->attach_sub) (...)`. When no function that code
 * outside the project can call takes such a table, every one is a holder's,
 * and the call runs one of the functions the holders' stores put there. A
 * table outside code can hand in (a public function's parameter) may hold
 * anything, and so may a field a public setter fills. */
#include <pthread.h>
#include <stdlib.h>

struct query;

struct query_env {
  int (*attach_sub)(struct query *q, int id);
  void (*detach_subs)(struct query *q);
  void (*report)(struct query *q, const char *what);
};

struct query {
  struct query_env *env;
  struct query *parent;
  int subs;
};

static pthread_mutex_t g_mesh_lock = PTHREAD_MUTEX_INITIALIZER;

static int mesh_attach_sub(struct query *q, int id) {
  q->subs += id;
  return q->subs;
}
static int mesh_attach_counted(struct query *q, int id) { return mesh_attach_sub(q, id + 1); }
static void mesh_detach_subs(struct query *q) { q->subs = 0; }
static void quiet_report(struct query *q, const char *what) {
  (void)q;
  (void)what;
}

/* The daemon's worker embeds its table. */
struct daemon_worker {
  struct query_env env;
  int index;
};

void daemon_worker_init(struct daemon_worker *w, int index) {
  w->index = index;
  w->env.attach_sub = &mesh_attach_sub;
  w->env.detach_subs = &mesh_detach_subs;
  w->env.report = &quiet_report;
}

/* The library's worker allocates its table. */
struct lib_worker {
  struct query_env *env;
  int pending;
};

struct lib_worker *lib_worker_create(void) {
  struct lib_worker *w = calloc(1, sizeof *w);
  if (!w) return NULL;
  w->env = calloc(1, sizeof *w->env);
  if (!w->env) {
    free(w);
    return NULL;
  }
  w->env->attach_sub = mesh_attach_counted;
  w->env->detach_subs = &mesh_detach_subs;
  return w;
}

/* The application chooses how the library's worker reports. */
void lib_worker_set_report(struct lib_worker *w, void (*report)(struct query *q, const char *what)) {
  w->env->report = report;
}

/* A worker that starts from a copy of its daemon's table, which nothing
   fills in (unbound's `worker->env = *worker->daemon->env;`): what the other
   holders hold. */
struct base_daemon {
  struct query_env *env;
};

struct cloned_worker {
  struct query_env env;
  struct base_daemon *daemon;
};

static void cloned_worker_init(struct cloned_worker *w) {
  w->env = *w->daemon->env;
  w->env.detach_subs = &mesh_detach_subs;
}

struct cloned_worker *cloned_worker_new(struct base_daemon *d) {
  struct cloned_worker *w = calloc(1, sizeof *w);
  if (!w) return NULL;
  w->daemon = d;
  cloned_worker_init(w);
  return w;
}

/* A table of tests' workers, in static storage. */
static struct query_env g_test_envs[2];

void test_envs_init(void) {
  for (int i = 0; i < 2; i++) {
    g_test_envs[i].attach_sub = &mesh_attach_sub;
    g_test_envs[i].detach_subs = NULL;
  }
}

int mesh_new_sub(struct query *q, int id) {
  int r;
  pthread_mutex_lock(&g_mesh_lock);
  /* negative: every query_env is a worker's, and the workers set attach_sub to mesh_attach_sub or mesh_attach_counted. */
  r = (*q->env->attach_sub)(q, id);
  pthread_mutex_unlock(&g_mesh_lock);
  return r;
}

void mesh_clear_parent(struct query *q) {
  pthread_mutex_lock(&g_mesh_lock);
  /* negative: detach_subs of the parent's table, called without the `*`: the workers' mesh_detach_subs, or null. */
  if (q->parent && q->parent->env->detach_subs) q->parent->env->detach_subs(q->parent);
  pthread_mutex_unlock(&g_mesh_lock);
}

/* A helper given the table. */
static int env_attach(struct query_env *env, struct query *q) { return env->attach_sub(q, 2); }

int mesh_attach_twice(struct query *q) {
  int r;
  pthread_mutex_lock(&g_mesh_lock);
  /* negative: env_attach calls attach_sub of the table it is given, a worker's. */
  r = env_attach(q->env, q);
  pthread_mutex_unlock(&g_mesh_lock);
  return r;
}

/* The table of the query being resolved. */
static struct query_env *g_current_env;

void mesh_set_current(struct query *q) { g_current_env = q->env; }

int mesh_attach_current(struct query *q) {
  int r = 0;
  pthread_mutex_lock(&g_mesh_lock);
  /* negative: the current table is a query's, so a worker's. */
  if (g_current_env) r = g_current_env->attach_sub(q, 3);
  pthread_mutex_unlock(&g_mesh_lock);
  return r;
}

void mesh_report(struct query *q) {
  pthread_mutex_lock(&g_mesh_lock);
  /* positive: the library's worker reports through the function its application sets. */
  q->env->report(q, "done"); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&g_mesh_lock);
}

/* A table of sink functions the application may hand in. */
struct sink_ops {
  void (*flush)(void *sink);
  void (*close)(void *sink);
};

struct pipeline {
  pthread_mutex_t lock;
  struct sink_ops *ops;
  void *sink;
};

static void file_flush(void *sink) { (void)sink; }
static void file_close(void *sink) { free(sink); }

struct file_sink_holder {
  struct sink_ops ops;
  void *file;
};

void file_sink_holder_init(struct file_sink_holder *h) {
  h->ops.flush = &file_flush;
  h->ops.close = &file_close;
  h->file = NULL;
}

void pipeline_use(struct pipeline *p, struct sink_ops *ops, void *sink) {
  p->ops = ops;
  p->sink = sink;
}

void pipeline_flush(struct pipeline *p) {
  pthread_mutex_lock(&p->lock);
  /* positive: pipeline_use, which code outside calls, takes the table: the application's flush may run. */
  p->ops->flush(p->sink); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&p->lock);
}

void pipeline_close(struct pipeline *p) {
  pthread_mutex_lock(&p->lock);
  /* positive: the same table's close. */
  p->ops->close(p->sink); /* expect: concur-locked-callback */
  p->ops = NULL;
  pthread_mutex_unlock(&p->lock);
}

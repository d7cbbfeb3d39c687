/* concur-racy-lazy-init in C with lock objects named by their struct tag
 * (`struct zlock *`, no typedef), as many C code bases write them: the
 * handle is the same hazard as a `lock_t *` or a `pthread_mutex_t *`. */
#include <pthread.h>
#include <stdlib.h>

struct zlock {
  pthread_mutex_t m;
};

struct zlock *zlock_alloc(void) {
  struct zlock *z = malloc(sizeof *z);
  if (z != NULL) pthread_mutex_init(&z->m, NULL);
  return z;
}

void zlock_enter(struct zlock *z) { pthread_mutex_lock(&z->m); }
void zlock_leave(struct zlock *z) { pthread_mutex_unlock(&z->m); }

struct plugin_slot {
  struct zlock *lock;
  int uses;
};

/* positive: a handle's lock made on first use through the parameter. */
void plugin_use(struct plugin_slot *p) {
  if (!p->lock) p->lock = zlock_alloc(); /* expect: concur-racy-lazy-init */
  zlock_enter(p->lock);
  p->uses++;
  zlock_leave(p->lock);
}

static struct zlock *g_registry_lock;
static int g_registered;

/* positive: a file-scope handle made on first use. */
void registry_add(void) {
  if (g_registry_lock == NULL) {
    g_registry_lock = zlock_alloc(); /* expect: concur-racy-lazy-init */
  }
  zlock_enter(g_registry_lock);
  g_registered++;
  zlock_leave(g_registry_lock);
}

static pthread_mutex_t g_guard = PTHREAD_MUTEX_INITIALIZER;
static struct zlock *g_stats_lock;
static int g_stats;

/* negative: created under another lock that every caller takes first. */
void stats_add(void) {
  pthread_mutex_lock(&g_guard);
  if (g_stats_lock == NULL) g_stats_lock = zlock_alloc();
  pthread_mutex_unlock(&g_guard);
  zlock_enter(g_stats_lock);
  g_stats++;
  zlock_leave(g_stats_lock);
}

struct buffer {
  char *data;
  size_t size;
};

struct session {
  struct buffer *scratch;
  struct zlock *lock;
};

/* negative: what is made on first use is a buffer, not a lock. */
char *session_scratch(struct session *s) {
  if (s->scratch == NULL) {
    s->scratch = calloc(1, sizeof *s->scratch);
    if (s->scratch == NULL) return NULL;
  }
  return s->scratch->data;
}

/* negative: the lock is made when the session is, before anyone shares it. */
struct session *session_new(void) {
  struct session *s = calloc(1, sizeof *s);
  if (s == NULL) return NULL;
  if (s->lock == NULL) s->lock = zlock_alloc();
  return s;
}

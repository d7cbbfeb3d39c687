/* concur-shared-global-cache: save/flip/restore of a global flag whatever
 * runs between the switch and the restore (a loop, a branch) and however the
 * save is written: an initializer (`int saved = g_strict;`) or an assignment
 * to a local declared earlier (`saved = g_debug;`, C89 style). */
#include <pthread.h>
#include <stdatomic.h>

static int g_strict = 1;
static int g_debug = 1;
static int g_quiet;
static _Thread_local int t_depth;
static atomic_int g_trace;
static pthread_mutex_t g_import_mu = PTHREAD_MUTEX_INITIALIZER;
static long g_imported;

static void import_one(const char *name) {
  if (g_strict && name[0] == '\0') return;
  if (g_debug || g_quiet || atomic_load(&g_trace)) g_imported++;
}

/* positive: switched off around a loop on every worker, each with its own saved copy. */
static void import_all(const char *const *names, int n) {
  int saved = g_strict;
  g_strict = 0; /* expect: concur-shared-global-cache */
  for (int i = 0; i < n; i++) import_one(names[i]);
  g_strict = saved;
}

/* positive: the save is an assignment to a local declared at the top. */
static void import_quietly(const char *name) {
  int saved;
  int i;
  saved = g_debug;
  g_debug = 0; /* expect: concur-shared-global-cache */
  for (i = 0; i < 2; i++) import_one(name);
  g_debug = saved;
}

/* negative: the same dance under a lock every switcher takes. */
static void import_locked(const char *const *names, int n) {
  pthread_mutex_lock(&g_import_mu);
  int saved = g_quiet;
  g_quiet = 1;
  for (int i = 0; i < n; i++) import_one(names[i]);
  g_quiet = saved;
  pthread_mutex_unlock(&g_import_mu);
}

/* negative: a _Thread_local depth, one per thread. */
static void import_nested(const char *name) {
  int saved = t_depth;
  t_depth = saved + 1;
  for (int i = 0; i < t_depth; i++) import_one(name);
  t_depth = saved;
}

/* negative: an atomic flag: each store is one indivisible write. */
static void import_traced(const char *name) {
  int saved = atomic_load(&g_trace);
  atomic_store(&g_trace, 1);
  for (int i = 0; i < 2; i++) import_one(name);
  atomic_store(&g_trace, saved);
}

static void *importer(void *arg) {
  const char *const *names = arg;
  import_all(names, 2);
  import_quietly(names[0]);
  import_locked(names, 2);
  import_nested(names[1]);
  import_traced(names[0]);
  return NULL;
}

void import_in_parallel(const char *const *names) {
  pthread_t a, b;
  pthread_create(&a, NULL, importer, (void *)names);
  pthread_create(&b, NULL, importer, (void *)names);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
}

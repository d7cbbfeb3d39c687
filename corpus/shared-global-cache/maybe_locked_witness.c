/* concur-shared-global-cache: "used under a lock elsewhere" is evidence only
   when the lock is held there on every path. A lock held on some paths (a
   helper that takes it only when asked to) says nothing about the object. */
#include <pthread.h>

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static const char *current_case;
static int n_entries;

/* Takes cache_lock only when asked to, and returns holding it then. */
static int cache_enter(int lock) {
  if (lock) pthread_mutex_lock(&cache_lock);
  return lock;
}

static void cache_leave(int locked) {
  if (locked) pthread_mutex_unlock(&cache_lock);
}

void run_case(const char *name, int lock) {
  int locked = cache_enter(lock);
  current_case = name;
  cache_leave(locked);
}

void set_case_name(const char *name) {
  /* negative: the other write holds cache_lock on some paths only: no evidence that current_case is shared under it. */
  current_case = name;
}

void add_entry(void) {
  pthread_mutex_lock(&cache_lock);
  n_entries++;
  pthread_mutex_unlock(&cache_lock);
}

void reset_entries(void) {
  /* positive: add_entry writes n_entries with cache_lock held on every path. */
  n_entries = 0; /* expect: concur-shared-global-cache */
}

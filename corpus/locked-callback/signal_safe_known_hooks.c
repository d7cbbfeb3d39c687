/* A hook whose values the project knows, called by code a signal handler
 * runs: every value, and every hook those values call, must be
 * async-signal-safe too, so none of them takes a lock (glib's
 * ptr_array_free runs the array's element_free_func, which may be
 * g_bytes_unref, which runs the bytes' own free function). */
#include <pthread.h>
#include <signal.h>
#include <stddef.h>

typedef void (*sk_release_fn)(void *data);

static sk_release_fn g_user_release;
static sk_release_fn g_element_release;
static pthread_mutex_t g_pool_lock = PTHREAD_MUTEX_INITIALIZER;
static int g_dropped;

/* Public: any program may set it. */
void sk_set_user_release(sk_release_fn release) { g_user_release = release; }

static void sk_release_through_user(void *data) {
  if (g_user_release) g_user_release(data);
}
static void sk_release_nothing(void *data) { (void)data; }

/* The element hook holds one of the project's two functions. */
static void sk_use_user_release(int user) { g_element_release = user ? sk_release_through_user : sk_release_nothing; }

/* The SIGTERM handler drops elements through this, without a lock. */
static void sk_drop(void *data) {
  if (g_element_release) g_element_release(data);
}

/* negative: sk_drop runs in a signal handler, so what its hook runs (the user's release too) takes no lock. */
void sk_drop_locked(void *data) {
  pthread_mutex_lock(&g_pool_lock);
  ++g_dropped;
  sk_drop(data);
  pthread_mutex_unlock(&g_pool_lock);
}

/* The same call, in code no signal handler runs. */
static void sk_drop_later(void *data) {
  if (g_element_release) g_element_release(data);
}

/* negative: the hook's values are the ones the signal handler runs through sk_drop, so the user's release they call is async-signal-safe: it takes no lock. */
void sk_drop_later_locked(void *data) {
  pthread_mutex_lock(&g_pool_lock);
  ++g_dropped;
  sk_drop_later(data);
  pthread_mutex_unlock(&g_pool_lock);
}

/* A second public hook, which no signal handler runs. */
static sk_release_fn g_evict_hook;
void sk_set_evict_hook(sk_release_fn hook) { g_evict_hook = hook; }

/* positive: any program may set the evict hook, and nothing makes it signal-safe. */
void sk_evict_locked(void *data) {
  pthread_mutex_lock(&g_pool_lock);
  ++g_dropped;
  if (g_evict_hook) g_evict_hook(data); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&g_pool_lock);
}

/* negative: the element is dropped after the lock is released. */
void sk_drop_after_unlock(void *data) {
  pthread_mutex_lock(&g_pool_lock);
  ++g_dropped;
  pthread_mutex_unlock(&g_pool_lock);
  sk_drop_later(data);
}

static void sk_on_term(int signo) {
  (void)signo;
  sk_drop(NULL);
}

void sk_install(int user) {
  sk_use_user_release(user);
  signal(SIGTERM, sk_on_term);
}

/* concur-shared-global-cache: a function the project stores only in its own
   function pointer runs where the project calls through that pointer, under the
   locks held there (glib's inotify backend: _ik_startup (ip_event_callback)
   keeps the callback, and the source calls it under G_LOCK (inotify_lock); the
   callback's helpers change path_dir_hash with no lock of their own). A call
   through a pointer that is also made without the lock still counts. */
#include <pthread.h>
#include <stddef.h>

typedef struct _GHashTable GHashTable;
int g_hash_table_remove(GHashTable *table, const void *key);
int g_hash_table_insert(GHashTable *table, void *key, void *value);

typedef int (*event_func)(int event, const char *path);

static pthread_mutex_t watch_lock = PTHREAD_MUTEX_INITIALIZER;
static GHashTable *watched_paths;
static GHashTable *pending_paths;
static event_func on_kernel_event;
static event_func on_idle;

static void unwatch(const char *path) {
  /* negative: every call reaches here from a call through on_kernel_event under watch_lock. */
  g_hash_table_remove(watched_paths, path);
}

static int handle_event(int event, const char *path) {
  if (event == 1) unwatch(path);
  return 1;
}

static void set_pending(const char *path) {
  /* positive: handle_idle reaches here through on_idle, called without the lock. */
  g_hash_table_insert(pending_paths, (void *)path, NULL); /* expect: concur-shared-global-cache */
}

static int handle_idle(int event, const char *path) {
  (void)event;
  set_pending(path);
  return 0;
}

static void startup_kernel(event_func callback) { on_kernel_event = callback; }
static void startup_idle(event_func callback) { on_idle = callback; }

void watch_start(void) {
  pthread_mutex_lock(&watch_lock);
  startup_kernel(handle_event);
  startup_idle(handle_idle);
  pthread_mutex_unlock(&watch_lock);
}

void watch_cancel(const char *path) {
  pthread_mutex_lock(&watch_lock);
  unwatch(path);
  g_hash_table_insert(pending_paths, (void *)path, NULL);
  pthread_mutex_unlock(&watch_lock);
}

static void *dispatch(void *data) {
  pthread_mutex_lock(&watch_lock);
  on_kernel_event(1, data);
  pthread_mutex_unlock(&watch_lock);
  /* the idle handler runs after the lock is released */
  on_idle(0, data);
  return NULL;
}

void watch_run(const char *path) {
  pthread_t thread;
  pthread_create(&thread, NULL, dispatch, (void *)path);
  pthread_detach(thread);
}

/* concur-shared-global-cache: a function handed to the project's own walker,
   which calls it, runs where the walker calls it: under the locks held at the
   call that hands it over (glib's xdgmime: xdg_mime_init holds G_LOCK
   (gio_xdgmime) and runs xdg_run_command_on_dirs (xdg_mime_init_from_directory,
   NULL), which fills the cache list). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef int (*dir_func)(const char *directory, void *user_data);

struct cache {
  char *path;
  struct cache *next;
};

static pthread_mutex_t mime_lock = PTHREAD_MUTEX_INITIALIZER;
static struct cache *caches;
static int n_caches;
static struct cache *icon_caches;

static void walk_dirs(dir_func func, void *user_data) {
  static const char *const dirs[] = {"/usr/share/mime", "/usr/local/share/mime"};
  for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; ++i)
    if (func(dirs[i], user_data)) break;
}

/* The same walk with the mime lock released around each directory. */
static void walk_dirs_unlocked(dir_func func, void *user_data) {
  pthread_mutex_unlock(&mime_lock);
  func("/usr/share/icons", user_data);
  pthread_mutex_lock(&mime_lock);
}

static void add_cache(const char *directory) {
  struct cache *cache = calloc(1, sizeof *cache);
  cache->path = malloc(strlen(directory) + 1);
  strcpy(cache->path, directory);
  cache->next = caches;
  /* negative: only load_directory calls this, and only walk_dirs runs that, under mime_lock. */
  caches = cache;
}

static int load_directory(const char *directory, void *user_data) {
  (void)user_data;
  add_cache(directory);
  /* negative: runs inside walk_dirs, which mime_init calls with mime_lock held. */
  n_caches++;
  return 0;
}

static int load_icon_directory(const char *directory, void *user_data) {
  struct cache *cache = calloc(1, sizeof *cache);
  (void)user_data;
  cache->path = malloc(strlen(directory) + 1);
  strcpy(cache->path, directory);
  cache->next = icon_caches;
  /* positive: walk_dirs_unlocked releases mime_lock before it calls this. */
  icon_caches = cache; /* expect: concur-shared-global-cache */
  return 0;
}

static int count_directory(const char *directory, void *user_data) {
  (void)directory;
  (void)user_data;
  /* positive: icons_init hands this to walk_dirs without the lock. */
  n_caches++; /* expect: concur-shared-global-cache */
  return 0;
}

void mime_init(void) {
  pthread_mutex_lock(&mime_lock);
  if (!caches) walk_dirs(load_directory, NULL);
  pthread_mutex_unlock(&mime_lock);
}

void icons_init(void) {
  pthread_mutex_lock(&mime_lock);
  walk_dirs_unlocked(load_icon_directory, NULL);
  pthread_mutex_unlock(&mime_lock);
  walk_dirs(count_directory, NULL);
}

int mime_count(void) {
  pthread_mutex_lock(&mime_lock);
  int count = n_caches;
  struct cache *first = caches;
  struct cache *icons = icon_caches;
  caches = first;
  icon_caches = icons;
  pthread_mutex_unlock(&mime_lock);
  return count;
}

void mime_shutdown(void) {
  pthread_mutex_lock(&mime_lock);
  caches = NULL;
  icon_caches = NULL;
  n_caches = 0;
  pthread_mutex_unlock(&mime_lock);
}

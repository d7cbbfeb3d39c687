/* concur-locked-callback: an executable whose SIGTERM handler drops through
 * libprint's release hook. Code a signal handler runs must be
 * async-signal-safe, and so must every hook it calls: the release hook this
 * executable sets, and the plugin hook that one runs, take no lock. */
#include "../print.h"

#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>

static pthread_mutex_t g_cache_lock = PTHREAD_MUTEX_INITIALIZER;
static void (*g_plugin_release)(void *data);
static int g_cached;

static void release_through_plugin(void *data) {
  if (g_plugin_release) g_plugin_release(data);
}

static void on_term(int signo) {
  (void)signo;
  pr_drop(NULL);
}

/* negative: pr_drop runs in the SIGTERM handler, so its hook (release_through_plugin, and the plugin's release) takes no lock. */
static void *evict(void *data) {
  pthread_mutex_lock(&g_cache_lock);
  --g_cached;
  pr_drop(data);
  pthread_mutex_unlock(&g_cache_lock);
  return NULL;
}

int main(void) {
  void *plugin = dlopen("release.so", RTLD_NOW);
  if (plugin) g_plugin_release = (void (*)(void *))dlsym(plugin, "release");
  pr_set_release(release_through_plugin);
  signal(SIGTERM, on_term);
  pthread_t worker;
  pthread_create(&worker, NULL, evict, NULL);
  evict(NULL);
  pthread_join(worker, NULL);
  return 0;
}

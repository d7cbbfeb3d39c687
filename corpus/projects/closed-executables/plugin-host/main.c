/* concur-locked-callback: an executable that loads plugins (pluginHostFiles
 * in this project's .concur.yaml) runs code the project does not show: a
 * plugin may set libprint's handler to anything. */
#include "../print.h"

#include <dlfcn.h>
#include <pthread.h>

static pthread_mutex_t g_plugins_lock = PTHREAD_MUTEX_INITIALIZER;
static int g_loaded;

/* positive: a plugin loaded here may have set a print handler that loads another plugin. */
static void *load_plugin(void *path) {
  pthread_mutex_lock(&g_plugins_lock);
  if (dlopen((const char *)path, RTLD_NOW)) ++g_loaded;
  pr_print("plugin loaded\n"); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&g_plugins_lock);
  return NULL;
}

/* negative: the count is read under the lock and printed after it is released. */
static void print_count(void) {
  pthread_mutex_lock(&g_plugins_lock);
  const int loaded = g_loaded;
  pthread_mutex_unlock(&g_plugins_lock);
  pr_print(loaded ? "plugins loaded\n" : "no plugins\n");
}

int main(int argc, char **argv) {
  pthread_t worker;
  pthread_create(&worker, NULL, load_plugin, argc > 1 ? argv[1] : "plugin.so");
  load_plugin(argc > 2 ? argv[2] : "other.so");
  pthread_join(worker, NULL);
  print_count();
  return 0;
}

/* concur-locked-callback: a saved handler that is not the project's alone.
 * What comes back from a public setter, or from a function outside the
 * project, may be any code. */
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

typedef void (*sho_print_fn)(const char *line);

static pthread_mutex_t g_state_lock = PTHREAD_MUTEX_INITIALIZER;
static sho_print_fn g_state_handler;
static sho_print_fn g_plugin_handler;
static int g_state;

static void sho_print_quiet(const char *line) { (void)line; }

/* Public: any program that links this file may pass its own handler. */
sho_print_fn sho_set_state_handler(sho_print_fn handler) {
  pthread_mutex_lock(&g_state_lock);
  sho_print_fn old = g_state_handler;
  g_state_handler = handler;
  pthread_mutex_unlock(&g_state_lock);
  return old;
}

/* positive: the setter is public, so the saved-and-restored handler is whatever a program set. */
void sho_set_state(int state) {
  pthread_mutex_lock(&g_state_lock);
  g_state = state;
  if (g_state_handler) g_state_handler("state\n"); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&g_state_lock);
}

/* Restores a handler looked up in a plugin: code the project does not show. */
static sho_print_fn sho_swap_plugin_handler(sho_print_fn handler) {
  pthread_mutex_lock(&g_state_lock);
  sho_print_fn old = g_plugin_handler;
  g_plugin_handler = handler;
  pthread_mutex_unlock(&g_state_lock);
  return old;
}

void sho_load_plugin_handler(void *plugin) {
  sho_print_fn found = (sho_print_fn)dlsym(plugin, "print");
  sho_swap_plugin_handler(found);
}

void sho_quiet_plugin(void) {
  sho_print_fn saved = sho_swap_plugin_handler(sho_print_quiet);
  sho_swap_plugin_handler(saved);
}

/* positive: the plugin handler may be the plugin's own print, saved and restored or not. */
void sho_plugin_state(int state) {
  pthread_mutex_lock(&g_state_lock);
  g_state = state;
  if (g_plugin_handler) g_plugin_handler("plugin state\n"); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&g_state_lock);
}

/* negative: the handler is copied under the lock and called after it is released. */
void sho_state_after_unlock(int state) {
  pthread_mutex_lock(&g_state_lock);
  g_state = state;
  sho_print_fn handler = g_state_handler;
  pthread_mutex_unlock(&g_state_lock);
  if (handler) handler("state\n");
}

/* negative: the same for the plugin handler. */
void sho_plugin_after_unlock(int state) {
  pthread_mutex_lock(&g_state_lock);
  g_state = state;
  sho_print_fn handler = g_plugin_handler;
  pthread_mutex_unlock(&g_state_lock);
  if (handler) handler("plugin state\n");
}

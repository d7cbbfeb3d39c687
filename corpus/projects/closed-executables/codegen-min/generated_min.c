/* concur-locked-callback: the generated source of the `codegen-min` test
 * binary. Its main is codegen/main.c, which the compile database lists
 * first under `codegen`: the second command for that file says it is built
 * into this binary too. */
#include "../print.h"

#include <pthread.h>

static pthread_mutex_t g_min_skeleton_lock = PTHREAD_MUTEX_INITIALIZER;
static int g_min_changed;

/* negative: this binary has a main (codegen/main.c's second build), so it is a closed executable; the handlers are the project's. */
static void *emit_min_changed(void *arg) {
  (void)arg;
  pthread_mutex_lock(&g_min_skeleton_lock);
  g_min_changed += 1;
  pr_print("changed (min)\n");
  pthread_mutex_unlock(&g_min_skeleton_lock);
  return NULL;
}

int codegen_emit_all(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, emit_min_changed, NULL);
  pthread_join(thread, NULL);
  return emit_min_changed(NULL) == NULL && g_min_changed == 2 ? 0 : 1;
}

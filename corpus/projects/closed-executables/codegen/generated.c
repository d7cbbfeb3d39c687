/* concur-locked-callback: the generated source of the `codegen` test binary. */
#include "../print.h"

#include <pthread.h>

static pthread_mutex_t g_skeleton_lock = PTHREAD_MUTEX_INITIALIZER;
static int g_changed;

/* negative: only the project's executables set print handlers; none runs foreign code or takes g_skeleton_lock. */
static void *emit_changed(void *arg) {
  (void)arg;
  pthread_mutex_lock(&g_skeleton_lock);
  ++g_changed;
  pr_print("changed\n");
  pthread_mutex_unlock(&g_skeleton_lock);
  return NULL;
}

int codegen_emit_all(void) {
  pthread_t worker;
  pthread_create(&worker, NULL, emit_changed, NULL);
  emit_changed(NULL);
  pthread_join(worker, NULL);
  return g_changed == 2 ? 0 : 1;
}

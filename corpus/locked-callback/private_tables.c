/* concur-locked-callback through a table returned by a function. glib keeps
   the functions it shares between its own libraries in a static table inside
   glib__private__ () and calls them as `GLIB_PRIVATE_CALL (g_wakeup_signal)
   (context->wakeup)`, i.e. `glib__private__ ()->g_wakeup_signal (...)`. What
   the table holds is what its initializer stores, plus whatever is stored
   into that field later through any pointer. */
#include <pthread.h>
#include <stddef.h>

struct wakeup {
  int fd;
};

static void wakeup_signal_impl(struct wakeup *w) { w->fd = 1; }
static void wakeup_acknowledge_impl(struct wakeup *w) { w->fd = 0; }

typedef struct {
  void (*wakeup_signal)(struct wakeup *w);
  void (*wakeup_acknowledge)(struct wakeup *w);
  void (*on_idle)(void *data);
} PrivateVTable;

PrivateVTable *lib_private(void) {
  static PrivateVTable table = {wakeup_signal_impl, wakeup_acknowledge_impl, NULL};
  return &table;
}

#define PRIVATE_CALL(name) (lib_private()->name)

/* A public setter stores the application's function into the table. */
void lib_set_idle_hook(void (*hook)(void *data)) {
  PrivateVTable *table = lib_private();
  table->on_idle = hook;
}

struct context {
  pthread_mutex_t mutex;
  struct wakeup wakeup;
  void *idle_data;
};

void context_wakeup(struct context *context) {
  pthread_mutex_lock(&context->mutex);
  /* negative: the table's wakeup_signal is wakeup_signal_impl, set by its initializer. */
  PRIVATE_CALL(wakeup_signal)(&context->wakeup);
  pthread_mutex_unlock(&context->mutex);
}

void context_idle(struct context *context) {
  pthread_mutex_lock(&context->mutex);
  /* positive: on_idle is whatever the application passed to lib_set_idle_hook. */
  if (PRIVATE_CALL(on_idle)) PRIVATE_CALL(on_idle)(context->idle_data); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&context->mutex);
}

/* concur-locked-callback: a lock wrapper that does nothing for a NULL lock
   (dbus's _dbus_rmutex_lock: `if (mutex == NULL) return;`, for a library whose
   threads were never initialized) still holds the lock wherever the lock
   exists: on the path where the pointer is null there is nothing to hold.
   Likewise a release guarded by the same test (glib's `if (context)
   UNLOCK_CONTEXT (context);`) releases the caller's lock on every path. */
#include <pthread.h>
#include <stddef.h>

typedef struct {
  pthread_mutex_t lock;
} rmutex;

static void rmutex_lock(rmutex *mutex) {
  if (mutex == NULL) return;
  pthread_mutex_lock(&mutex->lock);
}

static void rmutex_unlock(rmutex *mutex) {
  if (!mutex) return;
  pthread_mutex_unlock(&mutex->lock);
}

struct connection {
  rmutex *mutex;
  int (*add_watch)(void *watch, void *data);
  void *watch_data;
};

void connection_set_watch_functions(struct connection *connection, int (*add_watch)(void *watch, void *data),
                                    void *data, void *existing) {
  rmutex_lock(connection->mutex);
  connection->add_watch = add_watch;
  connection->watch_data = data;
  /* positive: the application's watch function runs with the connection lock held. */
  if (existing) add_watch(existing, data); /* expect: concur-locked-callback */
  rmutex_unlock(connection->mutex);
}

struct context {
  pthread_mutex_t mutex;
};

struct source {
  void (*notify)(void *data);
  void *data;
};

/* Runs the notify with the context's lock released, when there is a context. */
static void source_release(struct source *source, struct context *context) {
  if (context) pthread_mutex_unlock(&context->mutex);
  source->notify(source->data);
  if (context) pthread_mutex_lock(&context->mutex);
}

void context_remove_source(struct context *context, struct source *source) {
  pthread_mutex_lock(&context->mutex);
  /* negative: source_release releases the context's lock around the notify whenever the context exists. */
  source_release(source, context);
  pthread_mutex_unlock(&context->mutex);
}

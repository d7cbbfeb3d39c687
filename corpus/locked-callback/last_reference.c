/* concur-locked-callback and the last reference. A reference-counted object
   whose last unref runs the application's free functions and then destroys
   the object's own lock (dbus's _dbus_connection_unref_unlocked ->
   _dbus_connection_last_unref -> _dbus_rmutex_free_at_location
   (&connection->mutex)). A caller that holds that lock across the unref
   cannot be dropping the last reference: it would unlock a destroyed mutex.
   So the free functions do not run under its lock. Code that runs the
   application's function without destroying the lock after it, or that
   destroys it only after taking and dropping the lock itself, is still
   reported. */
#include <pthread.h>
#include <stdlib.h>

typedef struct {
  pthread_mutex_t lock;
} rmutex;

static void rmutex_free_at(rmutex **location) {
  if (location == NULL) return;
  if (*location != NULL) {
    pthread_mutex_destroy(&(*location)->lock);
    free(*location);
  }
}

struct filter {
  void (*free_data)(void *data);
  void *data;
  struct filter *next;
};

struct connection {
  rmutex *mutex;
  int refcount;
  struct filter *filters;
  void (*on_unref)(struct connection *c, void *data);
  void *unref_data;
};

void connection_add_filter(struct connection *c, struct filter *f, void (*free_data)(void *), void *data) {
  f->free_data = free_data;
  f->data = data;
  f->next = c->filters;
  c->filters = f;
}

void connection_set_unref_hook(struct connection *c, void (*hook)(struct connection *, void *), void *data) {
  c->on_unref = hook;
  c->unref_data = data;
}

static void connection_last_unref(struct connection *c) {
  for (struct filter *f = c->filters; f != NULL; f = f->next)
    if (f->free_data) f->free_data(f->data);
  rmutex_free_at(&c->mutex);
  free(c);
}

/* Called with the connection lock held. */
static void connection_unref_unlocked(struct connection *c) {
  if (--c->refcount == 0) connection_last_unref(c);
}

/* Called with the connection lock held: the hook runs on every unref, and
   the lock is destroyed only on the last one. */
static void connection_unref_with_hook(struct connection *c) {
  if (c->on_unref) c->on_unref(c, c->unref_data);
  if (--c->refcount == 0) connection_last_unref(c);
}

void connection_send(struct connection *c) {
  pthread_mutex_lock(&c->mutex->lock);
  c->refcount++;
  /* negative: not the last reference while the lock is held; the free functions run only when it is. */
  connection_unref_unlocked(c);
  pthread_mutex_unlock(&c->mutex->lock);
}

void connection_flush(struct connection *c) {
  pthread_mutex_lock(&c->mutex->lock);
  c->refcount++;
  /* positive: the unref hook runs on every unref, before any destroy, under the connection lock. */
  connection_unref_with_hook(c); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&c->mutex->lock);
}

void connection_close(struct connection *c) {
  struct filter *f;
  pthread_mutex_lock(&c->mutex->lock);
  f = c->filters;
  /* positive: the free functions run under a lock this function takes, and destroys only after dropping it. */
  if (f && f->free_data) f->free_data(f->data); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&c->mutex->lock);
  rmutex_free_at(&c->mutex);
}

/* concur-locked-callback and the last reference, in shapes other than dbus's:
   a C11 mutex embedded in the object, a GMutex cleared by a glib-style
   finalizer reached through two calls, and what still counts: a destroy on one
   branch only, and a destroy of another lock than the one held. The glib
   declarations are glib's, so the file compiles without glib. */
#include <stddef.h>
#include <stdlib.h>
#include <threads.h>

/* A C11 mutex inside the object; the object's free function destroys it. */
struct session {
  mtx_t lock;
  mtx_t stats_lock;
  int refs;
  void (*on_free)(void *user);
  void *user;
  int closing;
};

void session_set_free_hook(struct session *s, void (*hook)(void *), void *user) {
  s->on_free = hook;
  s->user = user;
}

static void session_free(struct session *s) {
  if (s == NULL) return;
  if (s->on_free) s->on_free(s->user);
  mtx_destroy(&s->lock);
  mtx_destroy(&s->stats_lock);
  free(s);
}

/* Called with s->lock held. */
static void session_release(struct session *s) {
  if (--s->refs == 0) session_free(s);
}

void session_touch(struct session *s) {
  mtx_lock(&s->lock);
  s->refs++;
  /* negative: session_release under s->lock is never the last release: the last one destroys s->lock. */
  session_release(s);
  mtx_unlock(&s->lock);
}

/* Called with s->lock held: the hook runs, and the locks are destroyed only
   when the session is closing. */
static void session_finish(struct session *s) {
  if (s->on_free) s->on_free(s->user);
  if (s->closing) {
    mtx_destroy(&s->lock);
    free(s);
  }
}

void session_end(struct session *s) {
  mtx_lock(&s->lock);
  /* positive: the hook runs on every path, and s->lock is destroyed on one branch only. */
  session_finish(s); /* expect: concur-locked-callback */
  mtx_unlock(&s->lock);
}

/* Called with s->stats_lock held: the object's free function destroys both
   locks, so no caller holding either of them is on the last release. */
void session_drop_stats(struct session *s) {
  mtx_lock(&s->stats_lock);
  /* negative: session_free destroys s->stats_lock after the hook, so the caller does not hold the last reference here. */
  session_release(s);
  mtx_unlock(&s->stats_lock);
}

/* Called with s->stats_lock held: this helper destroys only s->lock. */
static void session_reset(struct session *s) {
  if (s->on_free) s->on_free(s->user);
  mtx_destroy(&s->lock);
}

void session_reset_stats(struct session *s) {
  mtx_lock(&s->stats_lock);
  /* positive: the lock destroyed after the hook is s->lock, not the held s->stats_lock. */
  session_reset(s); /* expect: concur-locked-callback */
  mtx_unlock(&s->stats_lock);
}

/* A glib-style object: a GMutex cleared in finalize, reached from unref
   through a class function of the object's own type. */
typedef struct _GMutex {
  void *p;
  unsigned int i[2];
} GMutex;
void g_mutex_lock(GMutex *mutex);
void g_mutex_unlock(GMutex *mutex);
void g_mutex_clear(GMutex *mutex);

typedef struct {
  GMutex mutex;
  int ref_count;
  void (*notify)(void *data);
  void *data;
} Cache;

void cache_set_notify(Cache *cache, void (*notify)(void *), void *data) {
  cache->notify = notify;
  cache->data = data;
}

static void cache_finalize(Cache *cache) {
  if (cache->notify) cache->notify(cache->data);
  g_mutex_clear(&cache->mutex);
  free(cache);
}

static void cache_unref_locked(Cache *cache) {
  if (--cache->ref_count > 0) return;
  cache_finalize(cache);
}

void cache_insert(Cache *cache) {
  g_mutex_lock(&cache->mutex);
  cache->ref_count++;
  /* negative: not the last unref while cache->mutex is held: finalize clears that mutex after the notify. */
  cache_unref_locked(cache);
  g_mutex_unlock(&cache->mutex);
}

/* A destroy before the foreign code counts as one after it: a context whose last release
   destroys its lock, then lets its sources dispose of themselves (glib's
   g_main_context_unref clears the mutex, then unrefs the sources). */
struct source {
  void (*dispose)(struct source *s);
};

void source_set_dispose(struct source *s, void (*dispose)(struct source *)) { s->dispose = dispose; }

struct context {
  mtx_t mutex;
  int refs;
  struct source *sources[8];
  int n_sources;
};

static void context_release(struct context *c) {
  if (--c->refs > 0) return;
  mtx_destroy(&c->mutex);
  for (int i = 0; i < c->n_sources; i++)
    if (c->sources[i]->dispose) c->sources[i]->dispose(c->sources[i]);
  free(c);
}

void context_wake(struct context *c) {
  mtx_lock(&c->mutex);
  c->refs++;
  /* negative: the sources dispose only on the last release, after it destroyed c->mutex: not this caller's. */
  context_release(c);
  mtx_unlock(&c->mutex);
}

/* The sources dispose first, and the lock is destroyed after: the same. */
static void context_release_early(struct context *c) {
  if (--c->refs > 0) return;
  for (int i = 0; i < c->n_sources; i++)
    if (c->sources[i]->dispose) c->sources[i]->dispose(c->sources[i]);
  mtx_destroy(&c->mutex);
  free(c);
}

void context_wake_early(struct context *c) {
  mtx_lock(&c->mutex);
  c->refs++;
  /* negative: as context_wake, with the destroy after the dispose functions. */
  context_release_early(c);
  mtx_unlock(&c->mutex);
}

/* Disposes on every call, and destroys the lock only on the last. */
static void context_flush(struct context *c) {
  for (int i = 0; i < c->n_sources; i++)
    if (c->sources[i]->dispose) c->sources[i]->dispose(c->sources[i]);
  if (--c->refs == 0) mtx_destroy(&c->mutex);
}

void context_flush_locked(struct context *c) {
  mtx_lock(&c->mutex);
  /* positive: the dispose functions run before any destroy, on every call. */
  context_flush(c); /* expect: concur-locked-callback */
  mtx_unlock(&c->mutex);
}

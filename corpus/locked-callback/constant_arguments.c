/* Callbacks a callee runs only for some values of a flag its caller passes as a constant:
 * `if (offline) return;` before the lookup that calls back (unbound's zonemd verification), a
 * destroy that runs the user's free function now or defers it (glib's filter_data_destroy). */
#include <pthread.h>
#include <stdlib.h>

typedef void (*ca_done_fn)(void *arg, int status);
typedef void (*ca_free_fn)(void *data);

typedef struct ca_zone {
  pthread_mutex_t mu;
  ca_done_fn done;
  void *arg;
  int serial;
} ca_zone;

void ca_zone_set_callback(ca_zone *z, ca_done_fn done, void *arg) {
  z->done = done;
  z->arg = arg;
}

static void ca_lookup(ca_zone *z) { z->done(z->arg, z->serial); }

static void ca_verify(ca_zone *z, int offline) {
  if (z->serial == 0) return;
  if (offline) return;
  ca_lookup(z);
}

/* negative: an offline verification under the lock returns before the lookup. */
void ca_load(ca_zone *z, int serial) {
  pthread_mutex_lock(&z->mu);
  z->serial = serial;
  ca_verify(z, 1);
  pthread_mutex_unlock(&z->mu);
}

/* positive: an online verification under the lock runs the user's callback. */
void ca_refresh(ca_zone *z) {
  pthread_mutex_lock(&z->mu);
  z->serial++;
  ca_verify(z, 0); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&z->mu);
}

/* negative: online, but after the lock is released. */
void ca_refresh_later(ca_zone *z) {
  pthread_mutex_lock(&z->mu);
  z->serial++;
  pthread_mutex_unlock(&z->mu);
  ca_verify(z, 0);
}

/* positive: a flag the helper sets again is not decided by the constant its caller passes. */
static void ca_flush(ca_zone *z, int notify) {
  if (z->serial > 100) notify = 1;
  if (notify) z->done(z->arg, z->serial);
}

void ca_bump(ca_zone *z) {
  pthread_mutex_lock(&z->mu);
  z->serial++;
  ca_flush(z, 0); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&z->mu);
}

/* A filter whose user data is freed by the user's function, now or later. */
typedef struct ca_filter {
  ca_free_fn free_data;
  void *data;
  struct ca_filter *next;
} ca_filter;

typedef struct ca_connection {
  pthread_mutex_t mu;
  ca_filter *filters;
  ca_filter *deferred;
} ca_connection;

void ca_add_filter(ca_connection *c, ca_free_fn free_data, void *data) {
  ca_filter *f = calloc(1, sizeof *f);
  f->free_data = free_data;
  f->data = data;
  pthread_mutex_lock(&c->mu);
  f->next = c->filters;
  c->filters = f;
  pthread_mutex_unlock(&c->mu);
}

static void ca_filter_destroy(ca_connection *c, ca_filter *f, int notify_now) {
  if (notify_now) {
    if (f->free_data) f->free_data(f->data);
    free(f);
  } else {
    f->next = c->deferred;
    c->deferred = f;
  }
}

static void ca_filters_clear(ca_connection *c, int notify_now) {
  while (c->filters) {
    ca_filter *f = c->filters;
    c->filters = f->next;
    ca_filter_destroy(c, f, notify_now);
  }
}

/* negative: under the lock the filters are only queued; their data is freed later. */
void ca_connection_close(ca_connection *c) {
  pthread_mutex_lock(&c->mu);
  ca_filters_clear(c, 0);
  pthread_mutex_unlock(&c->mu);
}

/* positive: under the lock, told to free now, the user's free function runs. */
void ca_connection_reset(ca_connection *c) {
  pthread_mutex_lock(&c->mu);
  ca_filters_clear(c, 1); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&c->mu);
}

/* negative: the deferred filters are freed with no lock held. */
void ca_connection_drain(ca_connection *c) {
  pthread_mutex_lock(&c->mu);
  ca_filter *f = c->deferred;
  c->deferred = NULL;
  pthread_mutex_unlock(&c->mu);
  while (f) {
    ca_filter *next = f->next;
    if (f->free_data) f->free_data(f->data);
    free(f);
    f = next;
  }
}

/* A queue whose drain takes the lock only when its caller does not hold it, and runs the
 * consumer's callback under it either way. */
typedef void (*ca_item_fn)(int item, void *arg);

typedef struct ca_queue {
  pthread_mutex_t mu;
  int items[16];
  int count;
  ca_item_fn on_item;
  void *arg;
} ca_queue;

void ca_queue_set_consumer(ca_queue *q, ca_item_fn on_item, void *arg) {
  pthread_mutex_lock(&q->mu);
  q->on_item = on_item;
  q->arg = arg;
  pthread_mutex_unlock(&q->mu);
}

/* positive: for ca_queue_flush (have_lock = 0) the drain takes the lock and runs the callback
 * under it; the drain itself holds it on that path only. */
static void ca_queue_drain(ca_queue *q, int have_lock) {
  if (!have_lock) pthread_mutex_lock(&q->mu);
  for (int i = 0; i < q->count; i++) q->on_item(q->items[i], q->arg); /* expect: concur-locked-callback */
  q->count = 0;
  if (!have_lock) pthread_mutex_unlock(&q->mu);
}

/* The caller that makes the drain lock (reported in the drain). */
void ca_queue_flush(ca_queue *q) { ca_queue_drain(q, 0); }

/* positive: the caller holds the lock across the drain. */
void ca_queue_flush_locked(ca_queue *q) {
  pthread_mutex_lock(&q->mu);
  ca_queue_drain(q, 1); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&q->mu);
}

/* negative: a drain that runs the callback only when the caller holds the lock (and reports
 * there), called with have_lock = 0: it takes the lock and runs no callback. */
static void ca_queue_count_or_drain(ca_queue *q, int have_lock) {
  if (!have_lock) pthread_mutex_lock(&q->mu);
  if (have_lock && q->count > 0) q->on_item(q->items[0], q->arg);
  q->count = 0;
  if (!have_lock) pthread_mutex_unlock(&q->mu);
}

void ca_queue_reset(ca_queue *q) { ca_queue_count_or_drain(q, 0); }

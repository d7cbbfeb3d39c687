/* Callback pointers kept in structs: what may be stored there decides whether calling one under a
 * lock runs foreign code. A setter the library exports takes whatever its users pass, so its own
 * callers' harmless functions do not close the set; a static setter's callers are all there is. */
#include <pthread.h>
#include <stddef.h>

struct sp_client {
  pthread_mutex_t mutex;
  void *user;
  void (*on_event)(struct sp_client *, void *, int);
};

/* negative: storing the pointer under the lock runs nothing. */
void sp_client_set_callback(struct sp_client *c, void (*cb)(struct sp_client *, void *, int)) {
  pthread_mutex_lock(&c->mutex);
  c->on_event = cb;
  pthread_mutex_unlock(&c->mutex);
}

/* positive: the setter is exported, so on_event may be any user's code, and a user's callback
 * that sets a callback deadlocks on c->mutex. */
void sp_client_dispatch(struct sp_client *c, int code) {
  pthread_mutex_lock(&c->mutex);
  if (c->on_event) c->on_event(c, c->user, code); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&c->mutex);
}

static void sp_print_code(struct sp_client *c, void *user, int code) {
  (void)c;
  (void)user;
  (void)code;
}

/* negative: the project's own use of the exported setter passes a harmless function. */
void sp_tool_setup(struct sp_client *c) { sp_client_set_callback(c, sp_print_code); }

struct sp_timer {
  pthread_mutex_t mutex;
  int ticks;
  void (*on_tick)(struct sp_timer *);
};

static void sp_timer_count(struct sp_timer *t) { t->ticks++; }

/* negative: a static setter: only this file can store into on_tick. */
static void sp_timer_set(struct sp_timer *t, void (*cb)(struct sp_timer *)) { t->on_tick = cb; }

/* negative: the one store is the harmless sp_timer_count. */
void sp_timer_init(struct sp_timer *t) { sp_timer_set(t, sp_timer_count); }

/* negative: on_tick can only be sp_timer_count, which takes no lock and runs nothing foreign. */
void sp_timer_fire(struct sp_timer *t) {
  pthread_mutex_lock(&t->mutex);
  if (t->on_tick) t->on_tick(t);
  pthread_mutex_unlock(&t->mutex);
}

/* A null argument is no callable: an internal constructor whose callers pass
   either the project's function or NULL (dbus's `_dbus_watch_new (fd, flags,
   TRUE, handler, data, NULL)`) stores only the project's function. */
struct sp_watch {
  pthread_mutex_t mutex;
  int fd;
  void *data;
  void (*free_data)(void *data);
};

static void sp_free_nothing(void *data) { (void)data; }

static void sp_watch_init(struct sp_watch *w, int fd, void *data, void (*free_data)(void *)) {
  w->fd = fd;
  w->data = data;
  w->free_data = free_data;
}

void sp_watch_open_plain(struct sp_watch *w, int fd) { sp_watch_init(w, fd, NULL, NULL); }
void sp_watch_open_tagged(struct sp_watch *w, int fd, void *tag) { sp_watch_init(w, fd, tag, sp_free_nothing); }

/* negative: free_data is sp_free_nothing or nothing. */
void sp_watch_close(struct sp_watch *w) {
  pthread_mutex_lock(&w->mutex);
  if (w->free_data) w->free_data(w->data);
  w->fd = -1;
  pthread_mutex_unlock(&w->mutex);
}

/* Every caller passes NULL: the pointer is never set, and the guarded call
   runs nothing (dbus's watch handler data destructor). */
struct sp_timer_slot {
  pthread_mutex_t mutex;
  void *data;
  void (*free_data)(void *data);
};

static void sp_slot_init(struct sp_timer_slot *s, void *data, void (*free_data)(void *)) {
  s->data = data;
  s->free_data = free_data;
}

void sp_slot_open(struct sp_timer_slot *s) { sp_slot_init(s, NULL, NULL); }

/* negative: free_data is always NULL. */
void sp_slot_close(struct sp_timer_slot *s) {
  pthread_mutex_lock(&s->mutex);
  if (s->free_data) s->free_data(s->data);
  pthread_mutex_unlock(&s->mutex);
}

/* concur-locked-callback: a function that makes an object with a callable
   it is given, and drops it before returning (glib's g_variant_new_from_data
   wraps the caller's data in a GBytes made with the caller's `notify`, hands
   it on and unrefs it). The object's function pointer holds what the caller
   passes: a caller passing NULL or a harmless function of its own runs
   nothing foreign under its lock; one passing a callable from outside, or a
   function that runs one, does. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef void (*release_fn)(void *data);

/* ---- a reference-counted buffer (in a real project: its own file) ---- */

typedef struct buffer {
  const void *data;
  size_t size;
  int refs;
  release_fn release;
  void *release_data;
} buffer;

buffer *buffer_new_with_release(const void *data, size_t size, release_fn release, void *release_data) {
  buffer *b = malloc(sizeof *b);
  if (b == NULL) return NULL;
  b->data = data;
  b->size = size;
  b->refs = 1;
  b->release = release;
  b->release_data = release_data;
  return (buffer *)b; /* a pointer cast returns the same object */
}

buffer *buffer_new_static(const void *data, size_t size) { return buffer_new_with_release(data, size, NULL, NULL); }

buffer *buffer_ref(buffer *b) {
  ++b->refs;
  return b;
}

void buffer_unref(buffer *b) {
  if (--b->refs > 0) return;
  if (b->release) b->release(b->release_data);
  free(b);
}

/* ---- a message built over a buffer ---- */

typedef struct message {
  buffer *body;
  int kind;
} message;

message *message_new_from_buffer(int kind, buffer *body) {
  message *m = malloc(sizeof *m);
  if (m == NULL) return NULL;
  m->kind = kind;
  m->body = buffer_ref(body);
  return m;
}

/* Wraps the caller's bytes; `release` runs when the last reference goes,
   which may be here when the message could not be made. */
message *message_new_from_data(int kind, const void *data, size_t size, release_fn release, void *release_data) {
  buffer *body;
  if (release)
    body = buffer_new_with_release(data, size, release, release_data);
  else
    body = buffer_new_static(data, size);
  message *m = message_new_from_buffer(kind, body);
  buffer_unref(body);
  return m;
}

/* Passes its own parameter on to the maker. */
message *message_new_tagged(const void *data, size_t size, release_fn on_release, void *release_data) {
  return message_new_from_data(7, data, size, on_release, release_data);
}

/* ---- users: an outbox that queues messages under its lock ---- */

typedef struct outbox {
  pthread_mutex_t lock;
  message *queued[32];
  int count;
  release_fn user_release; /* set by the exported outbox_set_release */
} outbox;

void outbox_set_release(outbox *o, release_fn release) { o->user_release = release; }

static void push(outbox *o, message *m) {
  if (m != NULL && o->count < 32) o->queued[o->count++] = m;
}

static void free_copy(void *data) { free(data); }

typedef struct pinned {
  void (*unpin)(void *user);
  void *user;
} pinned;

/* Runs the user's unpin hook: what the exported outbox_pin was given. */
static void unpin_and_free(void *data) {
  pinned *p = data;
  if (p->unpin) p->unpin(p->user);
  free(p);
}

/* negative: the message is made with no release function, so dropping the buffer runs nothing. */
void outbox_post_static(outbox *o, const char *text) {
  pthread_mutex_lock(&o->lock);
  push(o, message_new_from_data(1, text, strlen(text), NULL, NULL));
  pthread_mutex_unlock(&o->lock);
}

/* negative: the release function is the outbox's own free_copy, which runs nothing foreign. */
void outbox_post_copy(outbox *o, const char *text) {
  size_t n = strlen(text);
  char *copy = malloc(n + 1);
  if (copy == NULL) return;
  memcpy(copy, text, n + 1);
  pthread_mutex_lock(&o->lock);
  push(o, message_new_from_data(2, copy, n, free_copy, copy));
  pthread_mutex_unlock(&o->lock);
}

/* negative: message_new_tagged passes its parameter on, and this caller gives it NULL. */
void outbox_post_tagged(outbox *o, const char *text) {
  pthread_mutex_lock(&o->lock);
  push(o, message_new_tagged(text, strlen(text), NULL, NULL));
  pthread_mutex_unlock(&o->lock);
}

/* negative: the release function is the caller's, but the outbox lock was released before the message is made. */
void outbox_post_borrowed(outbox *o, const void *data, size_t size, release_fn release, void *release_data) {
  message *m = message_new_from_data(3, data, size, release, release_data);
  pthread_mutex_lock(&o->lock);
  push(o, m);
  pthread_mutex_unlock(&o->lock);
}

/* positive: the release function comes from this exported function's caller, and the buffer may be dropped under the lock. */
void outbox_post_owned(outbox *o, const void *data, size_t size, release_fn release, void *release_data) {
  pthread_mutex_lock(&o->lock);
  push(o, message_new_from_data(4, data, size, release, release_data)); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&o->lock);
}

/* positive: the release function is what the user set with outbox_set_release, passed through message_new_tagged. */
void outbox_post_with_user_release(outbox *o, void *data, size_t size) {
  pthread_mutex_lock(&o->lock);
  push(o, message_new_tagged(data, size, o->user_release, data)); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&o->lock);
}

/* positive: unpin_and_free is the outbox's own, but it runs the unpin hook outbox_pin's caller gave. */
void outbox_pin(outbox *o, const void *data, size_t size, void (*unpin)(void *), void *user) {
  pinned *p = malloc(sizeof *p);
  if (p == NULL) return;
  p->unpin = unpin;
  p->user = user;
  pthread_mutex_lock(&o->lock);
  push(o, message_new_from_data(5, data, size, unpin_and_free, p)); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&o->lock);
}

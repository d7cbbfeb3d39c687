/* Options built with both a constant flag and run-time data in one initializer:
 * `&(struct mi_opts){ .notify = 0, .key = key }`, a local `{ .notify = 0, .reason = why }`.
 * The initializer is not constant as a whole, but the flag's own initializer is. */
#include <pthread.h>

typedef void (*mi_hook)(void *ctx, int key);

struct mi_map {
  pthread_mutex_t mu;
  mi_hook on_remove;
  void *ctx;
  int keys[32];
  int n;
};

struct mi_opts {
  int notify;
  int key;
  const char *reason;
  struct {
    int held;
    int depth;
  } lock;
};

void mi_set_hook(struct mi_map *m, mi_hook hook, void *ctx) {
  pthread_mutex_lock(&m->mu);
  m->on_remove = hook;
  m->ctx = ctx;
  pthread_mutex_unlock(&m->mu);
}

static void mi_remove(struct mi_map *m, const struct mi_opts *o) {
  for (int i = 0; i < m->n; i++)
    if (m->keys[i] == o->key) m->keys[i] = m->keys[--m->n];
  if (o->notify && m->on_remove) m->on_remove(m->ctx, o->key);
}

/* negative: notify 0 in a compound literal whose key is the caller's. */
void mi_remove_quiet(struct mi_map *m, int key) {
  pthread_mutex_lock(&m->mu);
  mi_remove(m, &(struct mi_opts){.notify = 0, .key = key});
  pthread_mutex_unlock(&m->mu);
}

/* positive: notify 1 with the caller's key. */
void mi_remove_loud(struct mi_map *m, int key) {
  pthread_mutex_lock(&m->mu);
  mi_remove(m, &(struct mi_opts){.notify = 1, .key = key}); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&m->mu);
}

/* negative: a local whose initializer mixes the reason with notify 0, never changed. */
void mi_remove_logged(struct mi_map *m, int key, const char *why) {
  struct mi_opts o = {.key = key, .reason = why};
  pthread_mutex_lock(&m->mu);
  mi_remove(m, &o);
  pthread_mutex_unlock(&m->mu);
}

/* positive: notify itself comes from the caller. */
void mi_remove_if(struct mi_map *m, int key, int tell) {
  pthread_mutex_lock(&m->mu);
  mi_remove(m, &(struct mi_opts){.notify = tell, .key = key}); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&m->mu);
}

/* negative: the nested struct's depth is run-time data; notify is omitted, so 0. */
void mi_remove_nested(struct mi_map *m, int key, int depth) {
  pthread_mutex_lock(&m->mu);
  mi_remove(m, &(struct mi_opts){.key = key, .lock = {.held = 1, .depth = depth}});
  pthread_mutex_unlock(&m->mu);
}

/* A library helper that runs the function its caller passes (list_free_full (list, free_fn)),
 * called under a lock. The helper is exported, so in general it runs anybody's code; at each call
 * what runs is what that call passes: the caller's own function or a libc one is not foreign; a
 * pointer read from a struct, or a parameter the caller's own callers fill, is. */
#include <pthread.h>
#include <stdlib.h>

struct pc_list {
  void *items[8];
  int n;
};

typedef void (*pc_func)(void *item, void *data);
typedef void (*pc_free_func)(void *item);

/* negative: no lock here; what fn is depends on the caller. */
void pc_list_foreach(struct pc_list *l, pc_func fn, void *data) {
  for (int i = 0; i < l->n; i++) (*fn)(l->items[i], data);
}

/* negative: passes its own parameter on (glib's g_list_free_full casts it to GFunc). */
void pc_list_free_full(struct pc_list *l, pc_free_func free_fn) {
  pc_list_foreach(l, (pc_func)free_fn, NULL);
  l->n = 0;
}

static pthread_mutex_t pc_lock = PTHREAD_MUTEX_INITIALIZER;
static struct pc_list pc_items;

static void pc_item_free(void *item) { free(item); }

/* negative: what runs under the lock is this file's own pc_item_free. */
void pc_clear(void) {
  pthread_mutex_lock(&pc_lock);
  pc_list_free_full(&pc_items, pc_item_free);
  pthread_mutex_unlock(&pc_lock);
}

/* negative: libc's free. */
void pc_clear_libc(void) {
  pthread_mutex_lock(&pc_lock);
  pc_list_free_full(&pc_items, free);
  pthread_mutex_unlock(&pc_lock);
}

struct pc_owner {
  pc_free_func release;
};

/* positive: a pointer read from the owner struct: whatever the owner's creator stored. */
void pc_clear_with(struct pc_owner *o) {
  pthread_mutex_lock(&pc_lock);
  pc_list_free_full(&pc_items, o->release); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&pc_lock);
}

/* positive: exported, so release is whatever its users pass. */
void pc_clear_using(pc_free_func release) {
  pthread_mutex_lock(&pc_lock);
  pc_list_free_full(&pc_items, release); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&pc_lock);
}

/* negative: static, and its only caller passes pc_item_free. */
static void pc_clear_privately(pc_free_func release) {
  pthread_mutex_lock(&pc_lock);
  pc_list_free_full(&pc_items, release);
  pthread_mutex_unlock(&pc_lock);
}

void pc_reset(void) { pc_clear_privately(pc_item_free); }

/* A helper that reports progress through an optional callback, as redis's
 * _dictClear (d, 0, NULL) from dictRelease. */
struct pc_table {
  pthread_mutex_t lock;
  int size;
  void (*on_progress)(struct pc_table *t);
};

void pc_table_clear(struct pc_table *t, void (*progress)(struct pc_table *t)) {
  for (int i = 0; i < t->size; i++)
    if (progress && (i & 1023) == 0) progress(t);
  t->size = 0;
}

void pc_table_set_progress(struct pc_table *t, void (*progress)(struct pc_table *t)) { t->on_progress = progress; }

void pc_table_release(struct pc_table *t) {
  pthread_mutex_lock(&t->lock);
  /* negative: a null progress callback runs nothing. */
  pc_table_clear(t, NULL);
  pthread_mutex_unlock(&t->lock);
}

void pc_table_clear_reporting(struct pc_table *t) {
  pthread_mutex_lock(&t->lock);
  /* positive: on_progress is whatever the application set. */
  pc_table_clear(t, t->on_progress); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&t->lock);
}

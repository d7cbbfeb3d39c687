/* concur-locked-callback with C recursive mutexes. glib's GRecMutex is a
   typedef of a plain struct (`typedef struct _GRecMutex GRecMutex;`) taken with
   g_rec_mutex_lock (GRecMutex *): a C struct, not a C++ class, and still the
   listed recursive type. A callback under it cannot deadlock by re-entering,
   but it sees the object mid-update: reported at severity note, with the
   recursive wording (`concur scan corpus` prints "holds recursive lock"). The
   declarations below are glib's, so the file compiles without glib. */
#include <stddef.h>

typedef struct _GRecMutex {
  void *p;
  unsigned int i[2];
} GRecMutex;
void g_rec_mutex_init(GRecMutex *rec_mutex);
void g_rec_mutex_lock(GRecMutex *rec_mutex);
void g_rec_mutex_unlock(GRecMutex *rec_mutex);

typedef void (*BindingNotify)(void *target, void *user_data);

/* A binding group in the shape of GSignalGroup: the lock is a pointer to a
   GRecMutex the group owns. */
struct binding_group {
  GRecMutex *lock;
  void *target;
  BindingNotify on_bind;
  void *user_data;
};

void binding_group_set_notify(struct binding_group *self, BindingNotify notify, void *user_data) {
  g_rec_mutex_lock(self->lock);
  self->on_bind = notify;
  self->user_data = user_data;
  g_rec_mutex_unlock(self->lock);
}

void binding_group_set_target(struct binding_group *self, void *target) {
  g_rec_mutex_lock(self->lock);
  self->target = target;
  /* positive: the application's notify runs under the recursive group lock (severity note). */
  if (self->on_bind) self->on_bind(target, self->user_data); /* expect: concur-locked-callback */
  g_rec_mutex_unlock(self->lock);
}

void binding_group_rebind(struct binding_group *self) {
  BindingNotify notify;
  void *target, *user_data;
  g_rec_mutex_lock(self->lock);
  notify = self->on_bind;
  target = self->target;
  user_data = self->user_data;
  g_rec_mutex_unlock(self->lock);
  /* negative: the notify and its arguments are copied under the lock and called after it. */
  if (notify) notify(target, user_data);
}

/* The type system's class-init lock in the shape of gtype.c: a GRecMutex in
   static storage, taken around a class initializer the type's author wrote. */
typedef void (*ClassInit)(void *klass);
static GRecMutex class_init_rec_mutex;

struct type_node {
  ClassInit class_init;
  void *klass;
  int initialized;
};

void type_node_set_class_init(struct type_node *node, ClassInit init) { node->class_init = init; }

void type_class_ref(struct type_node *node) {
  g_rec_mutex_lock(&class_init_rec_mutex);
  /* positive: the class initializer runs under the recursive class-init lock (severity note); it may ref other classes. */
  if (!node->initialized && node->class_init) node->class_init(node->klass); /* expect: concur-locked-callback */
  node->initialized = 1;
  g_rec_mutex_unlock(&class_init_rec_mutex);
}

int type_class_peek(struct type_node *node) {
  int initialized;
  g_rec_mutex_lock(&class_init_rec_mutex);
  initialized = node->initialized;
  g_rec_mutex_unlock(&class_init_rec_mutex);
  /* negative: nothing foreign runs under the lock; the check is read and the lock dropped. */
  return initialized;
}

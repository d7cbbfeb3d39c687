/* Lock functions that take any object as `void *` and cast it to the base
 * every lockable object starts with, as libvirt's virObjectLock (void
 * *anyobj) { virObjectLockable *obj = anyobj; virMutexLock (&obj->lock); }:
 * the local stands for the parameter, so the caller's object is what is
 * locked. */
#include <pthread.h>

typedef struct vo_lockable {
  pthread_mutex_t lock;
  int refs;
} vo_lockable_t;

typedef struct vo_domain {
  vo_lockable_t parent;
  int state;
} vo_domain_t;

void vo_object_lock(void *anyobj) {
  vo_lockable_t *obj = anyobj;
  pthread_mutex_lock(&obj->lock);
}

void vo_object_unlock(void *anyobj) {
  vo_lockable_t *obj = anyobj;
  pthread_mutex_unlock(&obj->lock);
}

int vo_domain_state(vo_domain_t *dom) {
  vo_object_lock(dom);
  int state = dom->state;
  vo_object_unlock(dom);
  return state;
}

/* positive: dom is locked, and vo_domain_state locks it again. */
int vo_domain_shutdown(vo_domain_t *dom) {
  vo_object_lock(dom);
  if (vo_domain_state(dom) == 1) dom->state = 0; /* expect: concur-self-deadlock */
  vo_object_unlock(dom);
  return 0;
}

/* positive: two objects held at once, and the second is locked again. */
int vo_domain_migrate(vo_domain_t *src, vo_domain_t *dst) {
  vo_object_lock(src);
  vo_object_lock(dst);
  int busy = vo_domain_state(dst) != 0; /* expect: concur-self-deadlock */
  vo_object_unlock(dst);
  vo_object_unlock(src);
  return busy;
}

/* negative: only src is held; dst's state is read under dst's own lock. */
int vo_domain_compare(vo_domain_t *src, vo_domain_t *dst) {
  vo_object_lock(src);
  int same = vo_domain_state(dst) == src->state;
  vo_object_unlock(src);
  return same;
}

/* negative: the local is pointed at another object before it is locked. */
void vo_object_lock_parent(void *anyobj, vo_lockable_t *other) {
  vo_lockable_t *obj = anyobj;
  if (other) obj = other;
  pthread_mutex_lock(&obj->lock);
}

int vo_domain_touch(vo_domain_t *dom, vo_lockable_t *registry) {
  vo_object_lock_parent(dom, registry);
  int state = vo_domain_state(dom);
  pthread_mutex_unlock(&registry->lock);
  return state;
}

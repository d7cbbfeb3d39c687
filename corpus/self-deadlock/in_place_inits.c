/* A C mutex type set up in place by two functions, as VLC's vlc_mutex_init
 * and vlc_mutex_init_recursive: `vq_mutex_init (&q->lock)` makes q->lock a
 * plain lock, so taking it twice deadlocks, while a field the recursive
 * function may set up may be taken again. */
#define _XOPEN_SOURCE 700
#include <pthread.h>

typedef struct vq_mutex {
  pthread_mutex_t m;
} vq_mutex_t;

void vq_mutex_init(vq_mutex_t *mtx) { pthread_mutex_init(&mtx->m, NULL); }

void vq_mutex_init_recursive(vq_mutex_t *mtx) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&mtx->m, &attr);
  pthread_mutexattr_destroy(&attr);
}

void vq_mutex_lock(vq_mutex_t *mtx) { pthread_mutex_lock(&mtx->m); }
void vq_mutex_unlock(vq_mutex_t *mtx) { pthread_mutex_unlock(&mtx->m); }

struct vq_queue {
  vq_mutex_t lock;       /* plain */
  vq_mutex_t walk_lock;  /* recursive */
  vq_mutex_t either;     /* plain or recursive */
  int depth;
};

void vq_queue_init(struct vq_queue *q, int nested) {
  vq_mutex_init(&q->lock);
  vq_mutex_init_recursive(&q->walk_lock);
  if (nested)
    vq_mutex_init_recursive(&q->either);
  else
    vq_mutex_init(&q->either);
}

int vq_depth(struct vq_queue *q) {
  vq_mutex_lock(&q->lock);
  int d = q->depth;
  vq_mutex_unlock(&q->lock);
  return d;
}

/* positive: q->lock is set up plain, and vq_depth takes it again. */
void vq_push(struct vq_queue *q) {
  vq_mutex_lock(&q->lock);
  if (vq_depth(q) < 64) q->depth++; /* expect: concur-self-deadlock */
  vq_mutex_unlock(&q->lock);
}

/* negative: another queue's lock. */
void vq_move(struct vq_queue *from, struct vq_queue *to) {
  vq_mutex_lock(&from->lock);
  if (vq_depth(to) < 64) from->depth--;
  vq_mutex_unlock(&from->lock);
}

int vq_walk_depth(struct vq_queue *q) {
  vq_mutex_lock(&q->walk_lock);
  int d = q->depth;
  vq_mutex_unlock(&q->walk_lock);
  return d;
}

/* negative: walk_lock is set up recursive. */
void vq_walk(struct vq_queue *q) {
  vq_mutex_lock(&q->walk_lock);
  if (vq_walk_depth(q) > 0) q->depth = 0;
  vq_mutex_unlock(&q->walk_lock);
}

int vq_either_depth(struct vq_queue *q) {
  vq_mutex_lock(&q->either);
  int d = q->depth;
  vq_mutex_unlock(&q->either);
  return d;
}

/* negative: either may be set up recursive. */
void vq_either(struct vq_queue *q) {
  vq_mutex_lock(&q->either);
  if (vq_either_depth(q) > 0) q->depth = 1;
  vq_mutex_unlock(&q->either);
}

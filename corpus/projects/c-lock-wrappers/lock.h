/* A C code base's own lock type and functions, named nothing like
 * pthread_mutex_lock: concur learns from their bodies (lock.c) that lock_t is
 * a lock and lock_acquire/lock_release take and release it. */
#ifndef LOCK_H
#define LOCK_H
#include <pthread.h>

typedef struct {
  pthread_mutex_t m;
} lock_t;

lock_t* lock_new(void);
lock_t* lock_new_recursive(void);
void lock_acquire(lock_t* l);
void lock_release(lock_t* l);
/* Try-lock wrappers: 1 when the lock was taken; the other returns 0 then. */
int lock_try(lock_t* l);
int lock_try_status(lock_t* l);

#endif

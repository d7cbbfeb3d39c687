#define _GNU_SOURCE /* pthread_mutexattr_settype */
#include <stdlib.h>

#include "lock.h"

/* negative: a factory; nothing is shared yet. */
lock_t* lock_new(void) {
  lock_t* l = malloc(sizeof *l);
  pthread_mutex_init(&l->m, NULL);
  return l;
}

/* negative: a recursive lock (the callers' findings say so). */
lock_t* lock_new_recursive(void) {
  lock_t* l = malloc(sizeof *l);
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&l->m, &attr);
  return l;
}

/* negative: the lock functions themselves. */
void lock_acquire(lock_t* l) { pthread_mutex_lock(&l->m); }
void lock_release(lock_t* l) { pthread_mutex_unlock(&l->m); }

/* negative: try-lock wrappers; what they return says whether the lock is held. */
int lock_try(lock_t* l) {
  if (!l) return 0;
  return pthread_mutex_trylock(&l->m) == 0;
}
int lock_try_status(lock_t* l) { return pthread_mutex_trylock(&l->m); }

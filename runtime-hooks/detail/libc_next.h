/* How an interposed libc function finds the function it replaces (internal;
 * C and C++): the one rule for libc_hooks.c and thread_registry.cpp. */
#ifndef CONCUR_LIBC_NEXT_H
#define CONCUR_LIBC_NEXT_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <stddef.h>

/* A static sanitizer runtime's interceptor (__interceptor_NAME, whose weak
 * NAME the interposed definition overrides) when there is one, else the next
 * definition in the lookup order (libc's, or a shared sanitizer runtime's). */
static inline void* concur_next_function(const char* name, void* interceptor) {
  return interceptor != NULL ? interceptor : dlsym(RTLD_NEXT, name);
}

/* Declares the interceptor weakly, and where the function to call is kept. */
#define CONCUR_INTERCEPTOR(name)                                      \
  extern __typeof__(name) __interceptor_##name __attribute__((weak)); \
  static __typeof__(&name) concur_next_##name;

/* Finds the function to call and keeps it in *slot (the first call's path, out
 * of line so that the wrappers' usual path is one load). */
__attribute__((noinline, cold)) static inline void* concur_find_next(void** slot, const char* name,
                                                                      void* interceptor) {
  void* next = concur_next_function(name, interceptor);
  __atomic_store_n(slot, next, __ATOMIC_RELAXED);
  return next;
}

/* Loads the function to call into `next` (found once; the globals matchers
 * leave concur_* out, so the first call inside a block is not reported). */
#define CONCUR_NEXT(name)                                                                    \
  __typeof__(&name) next = __atomic_load_n(&concur_next_##name, __ATOMIC_RELAXED);           \
  if (__builtin_expect(next == NULL, 0))                                                     \
    next = (__typeof__(&name))concur_find_next((void**)&concur_next_##name, #name,           \
                                               (void*)&__interceptor_##name);

#endif

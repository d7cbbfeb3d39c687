/* Internal, C and C++: whether a task context is current on this thread, for
 * C code that must know it for one thread-local load (the libc hooks ask it on
 * every intercepted call). The variable is the reactor's
 * reactor_internal::this_thread (detail/context.h gives it this symbol name and
 * checks that this view has its layout). */
#ifndef CONCUR_REACTOR_DETAIL_RUNNING_CONTEXT_H
#define CONCUR_REACTOR_DETAIL_RUNNING_CONTEXT_H

/* reactor_internal::ThisThread as C sees it: the reactor and the task context
 * running on this thread (null outside any). */
struct concur_reactor_thread_view {
  void* reactor;
  void* ctx;
};

#ifndef __cplusplus
extern __thread struct concur_reactor_thread_view concur_reactor_this_thread
    __attribute__((tls_model("initial-exec")));

/* Nonzero while a task context (a task, or a scope inside one) runs on this
 * thread: then concur::current_task() may be non-null; zero means it is null. */
static inline int concur_reactor_context_running(void) { return concur_reactor_this_thread.ctx != 0; }
#endif

#endif

/* The blocking-call recorder as the interposed libc functions (libc_hooks.c)
 * see it (internal; C). The recorder itself is blocking_calls.cpp. */
#ifndef CONCUR_BLOCKING_CALL_RECORDING_H
#define CONCUR_BLOCKING_CALL_RECORDING_H

#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One call being recorded, kept on the interposed function's stack (the
 * recorder checks that its record fits). */
#define CONCUR_BLOCKING_CALL_SIZE 320
struct concur_blocking_call {
  unsigned char storage[CONCUR_BLOCKING_CALL_SIZE] __attribute__((aligned(16)));
};

/* Whether a reactor task runs on this thread (and the recorder does not): a
 * blocking call made now is recorded. The wrappers ask only while a task
 * context is current (concur_reactor_context_running, read inline). */
int concur_blocking_call_watched(void);

/* Whether I/O on `fd` (on `stream`) can block the thread: not when it is
 * O_NONBLOCK, except for regular files and block devices, which the flag does
 * not make non-blocking. Keeps errno. */
int concur_fd_may_block(int fd);
int concur_stream_may_block(FILE* stream);

/* Starts recording `function`, called from `caller` (a return address): the
 * running task and the stack from `caller` outwards. Only when watched. */
void concur_blocking_call_begin(struct concur_blocking_call* call, const char* function, void* caller);

/* Records the call with its duration. Keeps errno. */
void concur_blocking_call_end(struct concur_blocking_call* call);

#ifdef __cplusplus
}
#endif

#endif

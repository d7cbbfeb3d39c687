/* concur's one interposition layer: every libc function concur replaces
 * (pthread_create aside, thread_registry.cpp), each defined once here and
 * feeding the consumers that need it:
 *  - writer naming (writer_naming.cpp): the functions through which the kernel
 *    writes caller memory open a window over their buffers while naming runs
 *    (the watched globals are read-only then, and the kernel would fail the call
 *    with EFAULT instead of writing them);
 *  - the blocking-call recorder (blocking_calls.cpp): the functions that can
 *    block the thread record the call when a reactor task makes it.
 * While no naming runs and no reactor task context is current on the thread,
 * a wrapper is three inlined loads (the replaced function's address, the
 * reactor's thread-local context, writer naming's flag) and a tail call to the
 * replaced function; only when one of them says so does it go on, by a second
 * tail call, to its watched version (concur_watched_NAME), which computes the
 * buffers and asks the consumers. Linked whole into every executable using
 * concur::runtime, so these definitions come before libc's, for the program and
 * for the shared libraries it loads (a definition that libc also has is
 * exported from the executable).
 *
 * Each wrapper calls what it replaces (detail/libc_next.h): a static sanitizer
 * runtime's interceptor (__interceptor_NAME, whose weak NAME this definition
 * overrides) when there is one, else the next definition (libc's) through dlsym.
 *
 * The wrappers live in a section of their own, so that a stack caught inside
 * one (a stall in fread) can drop its frame: C names say nothing about whose
 * code it is. */
#define _GNU_SOURCE
#include "detail/blocking_call_recording.h"
#include "detail/kernel_write_window.h"
#include "detail/libc_next.h"
#include "concur/reactor/detail/running_context.h"

#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Every wrapper is in the section "concur_libc_hooks". */
#define CONCUR_HOOK __attribute__((section("concur_libc_hooks")))

/* A wrapper `name` and the head of its watched version, whose body follows.
 * The wrapper makes no call of its own (so it needs no frame): the first call,
 * before the replaced function is found, goes the watched way too, which finds
 * it (CONCUR_NEXT). Both tail calls (musttail) keep the caller's frame directly
 * above the function called, as the recorder's and the naming's stacks expect. */
#define CONCUR_WRAPPER(result_type, name, params, args)                                           \
  CONCUR_INTERCEPTOR(name)                                                                        \
  CONCUR_HOOK __attribute__((noinline)) static result_type concur_watched_##name params;         \
  CONCUR_HOOK result_type name params {                                                           \
    __typeof__(&name) next = __atomic_load_n(&concur_next_##name, __ATOMIC_RELAXED);              \
    if (__builtin_expect(next != NULL && !concur_reactor_context_running() &&                     \
                             !concur_kernel_write_window_needed(),                                \
                         1))                                                                      \
      __attribute__((musttail)) return next args;                                                 \
    __attribute__((musttail)) return concur_watched_##name args;                                  \
  }                                                                                               \
  CONCUR_HOOK __attribute__((noinline)) static result_type concur_watched_##name params

/* The body of a watched version: when `recorded` (a constant) and a reactor task makes
 * the call and `may_block` holds (evaluated only then), the call is recorded as
 * a blocking one; `call` (an expression using `next`) runs inside a
 * kernel-write window over `count` of `ranges` (0: no window). */
#define CONCUR_BODY(result_type, name, recorded, may_block, ranges, count, call)                       \
  CONCUR_NEXT(name)                                                                                    \
  struct concur_blocking_call blocking;                                                                \
  const int recording = (recorded) && concur_blocking_call_watched() && (may_block);                   \
  if (recording) concur_blocking_call_begin(&blocking, #name, __builtin_return_address(0));            \
  const unsigned long call_window =                                                                    \
      (count) > 0 && concur_kernel_write_window_needed() ? concur_kernel_write_begin(#name, ranges, count) : 0; \
  result_type call_result = call;                                                                      \
  if (call_window != 0 || recording) {                                                                 \
    int saved_errno = errno;                                                                           \
    if (call_window != 0) concur_kernel_write_end(call_window, ranges, count);                         \
    if (recording) concur_blocking_call_end(&blocking);                                                \
    errno = saved_errno;                                                                               \
  }                                                                                                    \
  return call_result;

static size_t socklen_or_zero(const socklen_t* len) { return len != NULL ? *len : 0; }

/* One range covering every buffer of an I/O vector. */
static struct concur_write_range covering(const struct iovec* iov, int count) {
  struct concur_write_range range = {NULL, 0};
  char* low = NULL;
  char* high = NULL;
  for (int i = 0; i < count; ++i) {
    char* start = (char*)iov[i].iov_base;
    if (iov[i].iov_len == 0) continue;
    if (low == NULL || start < low) low = start;
    if (high == NULL || start + iov[i].iov_len > high) high = start + iov[i].iov_len;
  }
  if (low != NULL) {
    range.start = low;
    range.size = (size_t)(high - low);
  }
  return range;
}

/* A wrapper for a function with one buffer the kernel may write; the
 * _BLOCKING one also records the call as blocking when `may_block`. */
#define CONCUR_WRAP_ONE_BUFFER_BLOCKING(result_type, name, params, args, may_block, buffer, size) \
  CONCUR_WRAPPER(result_type, name, params, args) {                                               \
    struct concur_write_range r[] = {{(void*)(buffer), (size)}};                                  \
    CONCUR_BODY(result_type, name, 1, may_block, r, 1, next args)                                 \
  }
#define CONCUR_WRAP_ONE_BUFFER(result_type, name, params, args, buffer, size) \
  CONCUR_WRAPPER(result_type, name, params, args) {                           \
    struct concur_write_range r[] = {{(void*)(buffer), (size)}};              \
    CONCUR_BODY(result_type, name, 0, 0, r, 1, next args)                     \
  }

/* A wrapper for a function that writes no caller memory the kernel could
 * fault on, recorded as blocking when `may_block`. */
#define CONCUR_WRAP_BLOCKING(result_type, name, params, args, may_block) \
  CONCUR_WRAPPER(result_type, name, params, args) {                      \
    CONCUR_BODY(result_type, name, 1, may_block, NULL, 0, next args)     \
  }

/* Whether a socket call can block: not with MSG_DONTWAIT, nor on an O_NONBLOCK socket. */
#define CONCUR_SOCKET_MAY_BLOCK(fd, flags) (!((flags) & MSG_DONTWAIT) && concur_fd_may_block(fd))

CONCUR_WRAP_ONE_BUFFER_BLOCKING(ssize_t, read, (int fd, void* buf, size_t count), (fd, buf, count),
                                concur_fd_may_block(fd), buf, count)
CONCUR_WRAP_ONE_BUFFER(ssize_t, pread, (int fd, void* buf, size_t count, off_t offset), (fd, buf, count, offset), buf,
                       count)
CONCUR_WRAP_ONE_BUFFER(ssize_t, readv, (int fd, const struct iovec* iov, int n), (fd, iov, n),
                       covering(iov, n).start, covering(iov, n).size)
CONCUR_WRAP_ONE_BUFFER(ssize_t, preadv, (int fd, const struct iovec* iov, int n, off_t offset), (fd, iov, n, offset),
                       covering(iov, n).start, covering(iov, n).size)
CONCUR_WRAP_ONE_BUFFER_BLOCKING(size_t, fread, (void* ptr, size_t size, size_t n, FILE* stream), (ptr, size, n, stream),
                                concur_stream_may_block(stream), ptr, size * n)
CONCUR_WRAP_ONE_BUFFER_BLOCKING(ssize_t, recv, (int fd, void* buf, size_t len, int flags), (fd, buf, len, flags),
                                CONCUR_SOCKET_MAY_BLOCK(fd, flags), buf, len)
CONCUR_WRAP_ONE_BUFFER(ssize_t, getrandom, (void* buf, size_t len, unsigned int flags), (buf, len, flags), buf, len)
CONCUR_WRAP_ONE_BUFFER(int, pipe, (int fds[2]), (fds), fds, 2 * sizeof(int))
CONCUR_WRAP_ONE_BUFFER(int, pipe2, (int fds[2], int flags), (fds, flags), fds, 2 * sizeof(int))
CONCUR_WRAP_ONE_BUFFER(int, socketpair, (int domain, int type, int protocol, int sv[2]), (domain, type, protocol, sv),
                       sv, 2 * sizeof(int))
CONCUR_WRAP_ONE_BUFFER(int, stat, (const char* path, struct stat* st), (path, st), st, sizeof *st)
CONCUR_WRAP_ONE_BUFFER(int, lstat, (const char* path, struct stat* st), (path, st), st, sizeof *st)
CONCUR_WRAP_ONE_BUFFER(int, fstat, (int fd, struct stat* st), (fd, st), st, sizeof *st)
CONCUR_WRAP_ONE_BUFFER(int, fstatat, (int dirfd, const char* path, struct stat* st, int flags),
                       (dirfd, path, st, flags), st, sizeof *st)
CONCUR_WRAP_ONE_BUFFER(int, epoll_wait, (int epfd, struct epoll_event* events, int max, int timeout),
                       (epfd, events, max, timeout), events, max > 0 ? (size_t)max * sizeof *events : 0)
CONCUR_WRAP_ONE_BUFFER(int, poll, (struct pollfd* fds, nfds_t nfds, int timeout), (fds, nfds, timeout), fds,
                       nfds * sizeof *fds)
CONCUR_WRAP_ONE_BUFFER(int, clock_gettime, (clockid_t clock, struct timespec* tp), (clock, tp), tp, sizeof *tp)
CONCUR_WRAP_ONE_BUFFER_BLOCKING(int, nanosleep, (const struct timespec* request, struct timespec* remaining),
                                (request, remaining), 1, remaining, remaining != NULL ? sizeof *remaining : 0)
CONCUR_WRAP_ONE_BUFFER(int, pthread_sigmask, (int how, const sigset_t* set, sigset_t* old), (how, set, old), old,
                       old != NULL ? sizeof *old : 0)
CONCUR_WRAP_ONE_BUFFER(int, sigprocmask, (int how, const sigset_t* set, sigset_t* old), (how, set, old), old,
                       old != NULL ? sizeof *old : 0)
CONCUR_WRAP_ONE_BUFFER(pid_t, waitpid, (pid_t pid, int* status, int options), (pid, status, options), status,
                       status != NULL ? sizeof *status : 0)
CONCUR_WRAP_ONE_BUFFER(int, uname, (struct utsname* name), (name), name, sizeof *name)

/* Functions that write an address and its length: a socket address;
 * the call is recorded as blocking when `may_block` (0: never). */
#define CONCUR_WRAP_ADDRESS(name, params, args, may_block, addr, addrlen)                           \
  CONCUR_WRAPPER(int, name, params, args) {                                                         \
    struct concur_write_range r[] = {{addr, socklen_or_zero(addrlen)}, {addrlen, sizeof *addrlen}}; \
    CONCUR_BODY(int, name, (may_block) != 0, may_block, r, addrlen != NULL ? 2 : 0, next args)      \
  }

CONCUR_WRAP_ADDRESS(accept, (int fd, struct sockaddr* addr, socklen_t* addrlen), (fd, addr, addrlen),
                    concur_fd_may_block(fd), addr, addrlen)
CONCUR_WRAP_ADDRESS(accept4, (int fd, struct sockaddr* addr, socklen_t* addrlen, int flags),
                    (fd, addr, addrlen, flags), concur_fd_may_block(fd), addr, addrlen)
CONCUR_WRAP_ADDRESS(getsockname, (int fd, struct sockaddr* addr, socklen_t* addrlen), (fd, addr, addrlen), 0, addr,
                    addrlen)
CONCUR_WRAP_ADDRESS(getpeername, (int fd, struct sockaddr* addr, socklen_t* addrlen), (fd, addr, addrlen), 0, addr,
                    addrlen)
CONCUR_WRAP_ADDRESS(getsockopt, (int fd, int level, int option, void* value, socklen_t* len),
                    (fd, level, option, value, len), 0, value, len)

CONCUR_WRAPPER(ssize_t, recvfrom, (int fd, void* buf, size_t len, int flags, struct sockaddr* addr, socklen_t* addrlen),
               (fd, buf, len, flags, addr, addrlen)) {
  struct concur_write_range r[] = {{buf, len}, {addr, socklen_or_zero(addrlen)}, {addrlen, sizeof *addrlen}};
  CONCUR_BODY(ssize_t, recvfrom, 1, CONCUR_SOCKET_MAY_BLOCK(fd, flags), r, addrlen != NULL ? 3 : 1,
              next(fd, buf, len, flags, addr, addrlen))
}

CONCUR_WRAPPER(ssize_t, recvmsg, (int fd, struct msghdr* msg, int flags), (fd, msg, flags)) {
  struct concur_write_range r[] = {covering(msg->msg_iov, (int)msg->msg_iovlen),
                                   {msg->msg_name, msg->msg_namelen},
                                   {msg->msg_control, msg->msg_controllen},
                                   {msg, sizeof *msg}};
  CONCUR_BODY(ssize_t, recvmsg, 0, 0, r, 4, next(fd, msg, flags))
}

/* Functions that only block: sleeps, name lookups, joins, condition-variable
 * waits, writes, connects, syncs, subprocesses. */
CONCUR_WRAP_BLOCKING(unsigned int, sleep, (unsigned int seconds), (seconds), 1)
CONCUR_WRAP_BLOCKING(int, usleep, (useconds_t usec), (usec), 1)
CONCUR_WRAP_BLOCKING(int, clock_nanosleep,
                     (clockid_t clock, int flags, const struct timespec* request, struct timespec* remaining),
                     (clock, flags, request, remaining), 1)
CONCUR_WRAP_BLOCKING(int, getaddrinfo,
                     (const char* node, const char* service, const struct addrinfo* hints, struct addrinfo** found),
                     (node, service, hints, found), 1)
CONCUR_WRAP_BLOCKING(struct hostent*, gethostbyname, (const char* name), (name), 1)
CONCUR_WRAP_BLOCKING(int, gethostbyname_r,
                     (const char* name, struct hostent* entry, char* buffer, size_t length, struct hostent** out,
                      int* error),
                     (name, entry, buffer, length, out, error), 1)
CONCUR_WRAP_BLOCKING(int, pthread_join, (pthread_t thread, void** value), (thread, value), 1)
CONCUR_WRAP_BLOCKING(int, pthread_cond_wait, (pthread_cond_t * cond, pthread_mutex_t* mutex), (cond, mutex), 1)
CONCUR_WRAP_BLOCKING(int, pthread_cond_timedwait,
                     (pthread_cond_t * cond, pthread_mutex_t* mutex, const struct timespec* deadline),
                     (cond, mutex, deadline), 1)
CONCUR_WRAP_BLOCKING(int, pthread_cond_clockwait,
                     (pthread_cond_t * cond, pthread_mutex_t* mutex, clockid_t clock, const struct timespec* deadline),
                     (cond, mutex, clock, deadline), 1)
CONCUR_WRAP_BLOCKING(char*, fgets, (char* line, int size, FILE* stream), (line, size, stream),
                     concur_stream_may_block(stream))
CONCUR_WRAP_BLOCKING(ssize_t, write, (int fd, const void* data, size_t size), (fd, data, size), concur_fd_may_block(fd))
CONCUR_WRAP_BLOCKING(ssize_t, send, (int fd, const void* data, size_t size, int flags), (fd, data, size, flags),
                     CONCUR_SOCKET_MAY_BLOCK(fd, flags))
CONCUR_WRAP_BLOCKING(ssize_t, sendto,
                     (int fd, const void* data, size_t size, int flags, const struct sockaddr* to, socklen_t length),
                     (fd, data, size, flags, to, length), CONCUR_SOCKET_MAY_BLOCK(fd, flags))
CONCUR_WRAP_BLOCKING(int, connect, (int fd, const struct sockaddr* address, socklen_t length), (fd, address, length),
                     concur_fd_may_block(fd))
CONCUR_WRAP_BLOCKING(int, fsync, (int fd), (fd), 1)
CONCUR_WRAP_BLOCKING(int, fdatasync, (int fd), (fd), 1)
CONCUR_WRAP_BLOCKING(int, system, (const char* command), (command), 1)
CONCUR_WRAP_BLOCKING(FILE*, popen, (const char* command, const char* mode), (command, mode), 1)

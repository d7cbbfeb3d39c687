/* The libc functions through which the kernel writes caller memory, wrapped
 * so that writer naming can open a window over their buffers: while it runs,
 * the watched globals are read-only, and the kernel would fail the call with
 * EFAULT instead of writing them. Outside a naming each wrapper costs one
 * relaxed load. Linked whole into every executable using concur::runtime.
 *
 * Each wrapper calls what it replaces: a static sanitizer runtime's
 * interceptor (__interceptor_NAME, whose weak NAME this definition overrides)
 * when there is one, else the next definition (libc's) through dlsym. */
#define _GNU_SOURCE
#include "detail/kernel_write_window.h"

#include <dlfcn.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void* next_function(const char* name, void* interceptor) {
  return interceptor != NULL ? interceptor : dlsym(RTLD_NEXT, name);
}

/* Loads the function to call into `next` (found once; the globals matchers
 * leave concur_* out, so the first call inside a block is not reported). */
#define CONCUR_NEXT(name)                                                                        \
  __typeof__(&name) next = __atomic_load_n(&concur_next_##name, __ATOMIC_RELAXED);               \
  if (next == NULL) {                                                                            \
    next = (__typeof__(&name))next_function(#name, (void*)&__interceptor_##name);                \
    __atomic_store_n(&concur_next_##name, next, __ATOMIC_RELAXED);                               \
  }

/* Declares the interceptor weakly, and where the function to call is kept. */
#define CONCUR_INTERCEPTOR(name)                                            \
  extern __typeof__(name) __interceptor_##name __attribute__((weak));      \
  static __typeof__(&name) concur_next_##name;

/* Runs `call` (an expression using `next`) inside a window over `ranges`. */
#define CONCUR_IN_WINDOW(result_type, label, ranges, count, call)              \
  unsigned long window = concur_kernel_write_begin(label, ranges, count);     \
  result_type result = call;                                                  \
  if (window != 0) {                                                          \
    int saved_errno = errno;                                                  \
    concur_kernel_write_end(window, ranges, count);                           \
    errno = saved_errno;                                                      \
  }                                                                           \
  return result;

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

/* A wrapper for a function with one buffer the kernel may write. */
#define CONCUR_WRAP_ONE_BUFFER(result_type, name, params, args, buffer, size)  \
  CONCUR_INTERCEPTOR(name)                                                    \
  result_type name params {                                                   \
    CONCUR_NEXT(name)                                                         \
    struct concur_write_range r[] = {{(void*)(buffer), (size)}};              \
    CONCUR_IN_WINDOW(result_type, #name, r, 1, next args)                     \
  }

CONCUR_WRAP_ONE_BUFFER(ssize_t, read, (int fd, void* buf, size_t count), (fd, buf, count), buf, count)
CONCUR_WRAP_ONE_BUFFER(ssize_t, pread, (int fd, void* buf, size_t count, off_t offset), (fd, buf, count, offset), buf,
                       count)
CONCUR_WRAP_ONE_BUFFER(ssize_t, readv, (int fd, const struct iovec* iov, int n), (fd, iov, n),
                       covering(iov, n).start, covering(iov, n).size)
CONCUR_WRAP_ONE_BUFFER(ssize_t, preadv, (int fd, const struct iovec* iov, int n, off_t offset), (fd, iov, n, offset),
                       covering(iov, n).start, covering(iov, n).size)
CONCUR_WRAP_ONE_BUFFER(size_t, fread, (void* ptr, size_t size, size_t n, FILE* stream), (ptr, size, n, stream), ptr,
                       size * n)
CONCUR_WRAP_ONE_BUFFER(ssize_t, recv, (int fd, void* buf, size_t len, int flags), (fd, buf, len, flags), buf, len)
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
CONCUR_WRAP_ONE_BUFFER(int, nanosleep, (const struct timespec* request, struct timespec* remaining),
                       (request, remaining), remaining, remaining != NULL ? sizeof *remaining : 0)
CONCUR_WRAP_ONE_BUFFER(int, pthread_sigmask, (int how, const sigset_t* set, sigset_t* old), (how, set, old), old,
                       old != NULL ? sizeof *old : 0)
CONCUR_WRAP_ONE_BUFFER(int, sigprocmask, (int how, const sigset_t* set, sigset_t* old), (how, set, old), old,
                       old != NULL ? sizeof *old : 0)
CONCUR_WRAP_ONE_BUFFER(pid_t, waitpid, (pid_t pid, int* status, int options), (pid, status, options), status,
                       status != NULL ? sizeof *status : 0)
CONCUR_WRAP_ONE_BUFFER(int, uname, (struct utsname* name), (name), name, sizeof *name)

/* Functions that write an address and its length: a socket address. */
#define CONCUR_WRAP_ADDRESS(name, params, args, addr, addrlen)                                      \
  CONCUR_INTERCEPTOR(name)                                                                          \
  int name params {                                                                                 \
    CONCUR_NEXT(name)                                                                               \
    struct concur_write_range r[] = {{addr, socklen_or_zero(addrlen)}, {addrlen, sizeof *addrlen}}; \
    CONCUR_IN_WINDOW(int, #name, r, addrlen != NULL ? 2 : 0, next args)                             \
  }

CONCUR_WRAP_ADDRESS(accept, (int fd, struct sockaddr* addr, socklen_t* addrlen), (fd, addr, addrlen), addr, addrlen)
CONCUR_WRAP_ADDRESS(accept4, (int fd, struct sockaddr* addr, socklen_t* addrlen, int flags),
                    (fd, addr, addrlen, flags), addr, addrlen)
CONCUR_WRAP_ADDRESS(getsockname, (int fd, struct sockaddr* addr, socklen_t* addrlen), (fd, addr, addrlen), addr,
                    addrlen)
CONCUR_WRAP_ADDRESS(getpeername, (int fd, struct sockaddr* addr, socklen_t* addrlen), (fd, addr, addrlen), addr,
                    addrlen)
CONCUR_WRAP_ADDRESS(getsockopt, (int fd, int level, int option, void* value, socklen_t* len),
                    (fd, level, option, value, len), value, len)

CONCUR_INTERCEPTOR(recvfrom)
ssize_t recvfrom(int fd, void* buf, size_t len, int flags, struct sockaddr* addr, socklen_t* addrlen) {
  CONCUR_NEXT(recvfrom)
  struct concur_write_range r[] = {{buf, len}, {addr, socklen_or_zero(addrlen)}, {addrlen, sizeof *addrlen}};
  CONCUR_IN_WINDOW(ssize_t, "recvfrom", r, addrlen != NULL ? 3 : 1, next(fd, buf, len, flags, addr, addrlen))
}

CONCUR_INTERCEPTOR(recvmsg)
ssize_t recvmsg(int fd, struct msghdr* msg, int flags) {
  CONCUR_NEXT(recvmsg)
  struct concur_write_range r[] = {covering(msg->msg_iov, (int)msg->msg_iovlen),
                                   {msg->msg_name, msg->msg_namelen},
                                   {msg->msg_control, msg->msg_controllen},
                                   {msg, sizeof *msg}};
  CONCUR_IN_WINDOW(ssize_t, "recvmsg", r, 4, next(fd, msg, flags))
}

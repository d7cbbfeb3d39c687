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

CONCUR_INTERCEPTOR(read)
ssize_t read(int fd, void* buf, size_t count) {
  CONCUR_NEXT(read)
  struct concur_write_range r[] = {{buf, count}};
  CONCUR_IN_WINDOW(ssize_t, "read", r, 1, next(fd, buf, count))
}

CONCUR_INTERCEPTOR(pread)
ssize_t pread(int fd, void* buf, size_t count, off_t offset) {
  CONCUR_NEXT(pread)
  struct concur_write_range r[] = {{buf, count}};
  CONCUR_IN_WINDOW(ssize_t, "pread", r, 1, next(fd, buf, count, offset))
}

CONCUR_INTERCEPTOR(readv)
ssize_t readv(int fd, const struct iovec* iov, int iovcnt) {
  CONCUR_NEXT(readv)
  struct concur_write_range r[] = {covering(iov, iovcnt)};
  CONCUR_IN_WINDOW(ssize_t, "readv", r, 1, next(fd, iov, iovcnt))
}

CONCUR_INTERCEPTOR(preadv)
ssize_t preadv(int fd, const struct iovec* iov, int iovcnt, off_t offset) {
  CONCUR_NEXT(preadv)
  struct concur_write_range r[] = {covering(iov, iovcnt)};
  CONCUR_IN_WINDOW(ssize_t, "preadv", r, 1, next(fd, iov, iovcnt, offset))
}

CONCUR_INTERCEPTOR(fread)
size_t fread(void* ptr, size_t size, size_t n, FILE* stream) {
  CONCUR_NEXT(fread)
  struct concur_write_range r[] = {{ptr, size * n}};
  CONCUR_IN_WINDOW(size_t, "fread", r, 1, next(ptr, size, n, stream))
}

CONCUR_INTERCEPTOR(recv)
ssize_t recv(int fd, void* buf, size_t len, int flags) {
  CONCUR_NEXT(recv)
  struct concur_write_range r[] = {{buf, len}};
  CONCUR_IN_WINDOW(ssize_t, "recv", r, 1, next(fd, buf, len, flags))
}

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

CONCUR_INTERCEPTOR(getrandom)
ssize_t getrandom(void* buf, size_t len, unsigned int flags) {
  CONCUR_NEXT(getrandom)
  struct concur_write_range r[] = {{buf, len}};
  CONCUR_IN_WINDOW(ssize_t, "getrandom", r, 1, next(buf, len, flags))
}

CONCUR_INTERCEPTOR(pipe)
int pipe(int fds[2]) {
  CONCUR_NEXT(pipe)
  struct concur_write_range r[] = {{fds, 2 * sizeof(int)}};
  CONCUR_IN_WINDOW(int, "pipe", r, 1, next(fds))
}

CONCUR_INTERCEPTOR(pipe2)
int pipe2(int fds[2], int flags) {
  CONCUR_NEXT(pipe2)
  struct concur_write_range r[] = {{fds, 2 * sizeof(int)}};
  CONCUR_IN_WINDOW(int, "pipe2", r, 1, next(fds, flags))
}

CONCUR_INTERCEPTOR(socketpair)
int socketpair(int domain, int type, int protocol, int sv[2]) {
  CONCUR_NEXT(socketpair)
  struct concur_write_range r[] = {{sv, 2 * sizeof(int)}};
  CONCUR_IN_WINDOW(int, "socketpair", r, 1, next(domain, type, protocol, sv))
}

CONCUR_INTERCEPTOR(stat)
int stat(const char* path, struct stat* st) {
  CONCUR_NEXT(stat)
  struct concur_write_range r[] = {{st, sizeof *st}};
  CONCUR_IN_WINDOW(int, "stat", r, 1, next(path, st))
}

CONCUR_INTERCEPTOR(lstat)
int lstat(const char* path, struct stat* st) {
  CONCUR_NEXT(lstat)
  struct concur_write_range r[] = {{st, sizeof *st}};
  CONCUR_IN_WINDOW(int, "lstat", r, 1, next(path, st))
}

CONCUR_INTERCEPTOR(fstat)
int fstat(int fd, struct stat* st) {
  CONCUR_NEXT(fstat)
  struct concur_write_range r[] = {{st, sizeof *st}};
  CONCUR_IN_WINDOW(int, "fstat", r, 1, next(fd, st))
}

CONCUR_INTERCEPTOR(fstatat)
int fstatat(int dirfd, const char* path, struct stat* st, int flags) {
  CONCUR_NEXT(fstatat)
  struct concur_write_range r[] = {{st, sizeof *st}};
  CONCUR_IN_WINDOW(int, "fstatat", r, 1, next(dirfd, path, st, flags))
}

CONCUR_INTERCEPTOR(accept)
int accept(int fd, struct sockaddr* addr, socklen_t* addrlen) {
  CONCUR_NEXT(accept)
  struct concur_write_range r[] = {{addr, socklen_or_zero(addrlen)}, {addrlen, sizeof *addrlen}};
  CONCUR_IN_WINDOW(int, "accept", r, addrlen != NULL ? 2 : 0, next(fd, addr, addrlen))
}

CONCUR_INTERCEPTOR(accept4)
int accept4(int fd, struct sockaddr* addr, socklen_t* addrlen, int flags) {
  CONCUR_NEXT(accept4)
  struct concur_write_range r[] = {{addr, socklen_or_zero(addrlen)}, {addrlen, sizeof *addrlen}};
  CONCUR_IN_WINDOW(int, "accept4", r, addrlen != NULL ? 2 : 0, next(fd, addr, addrlen, flags))
}

CONCUR_INTERCEPTOR(getsockname)
int getsockname(int fd, struct sockaddr* addr, socklen_t* addrlen) {
  CONCUR_NEXT(getsockname)
  struct concur_write_range r[] = {{addr, socklen_or_zero(addrlen)}, {addrlen, sizeof *addrlen}};
  CONCUR_IN_WINDOW(int, "getsockname", r, 2, next(fd, addr, addrlen))
}

CONCUR_INTERCEPTOR(getpeername)
int getpeername(int fd, struct sockaddr* addr, socklen_t* addrlen) {
  CONCUR_NEXT(getpeername)
  struct concur_write_range r[] = {{addr, socklen_or_zero(addrlen)}, {addrlen, sizeof *addrlen}};
  CONCUR_IN_WINDOW(int, "getpeername", r, 2, next(fd, addr, addrlen))
}

CONCUR_INTERCEPTOR(getsockopt)
int getsockopt(int fd, int level, int name, void* value, socklen_t* len) {
  CONCUR_NEXT(getsockopt)
  struct concur_write_range r[] = {{value, socklen_or_zero(len)}, {len, sizeof *len}};
  CONCUR_IN_WINDOW(int, "getsockopt", r, 2, next(fd, level, name, value, len))
}

CONCUR_INTERCEPTOR(epoll_wait)
int epoll_wait(int epfd, struct epoll_event* events, int max, int timeout) {
  CONCUR_NEXT(epoll_wait)
  struct concur_write_range r[] = {{events, max > 0 ? (size_t)max * sizeof *events : 0}};
  CONCUR_IN_WINDOW(int, "epoll_wait", r, 1, next(epfd, events, max, timeout))
}

CONCUR_INTERCEPTOR(poll)
int poll(struct pollfd* fds, nfds_t nfds, int timeout) {
  CONCUR_NEXT(poll)
  struct concur_write_range r[] = {{fds, nfds * sizeof *fds}};
  CONCUR_IN_WINDOW(int, "poll", r, 1, next(fds, nfds, timeout))
}

CONCUR_INTERCEPTOR(clock_gettime)
int clock_gettime(clockid_t clock, struct timespec* tp) {
  CONCUR_NEXT(clock_gettime)
  struct concur_write_range r[] = {{tp, sizeof *tp}};
  CONCUR_IN_WINDOW(int, "clock_gettime", r, 1, next(clock, tp))
}

CONCUR_INTERCEPTOR(nanosleep)
int nanosleep(const struct timespec* request, struct timespec* remaining) {
  CONCUR_NEXT(nanosleep)
  struct concur_write_range r[] = {{remaining, remaining != NULL ? sizeof *remaining : 0}};
  CONCUR_IN_WINDOW(int, "nanosleep", r, 1, next(request, remaining))
}

CONCUR_INTERCEPTOR(pthread_sigmask)
int pthread_sigmask(int how, const sigset_t* set, sigset_t* old) {
  CONCUR_NEXT(pthread_sigmask)
  struct concur_write_range r[] = {{old, old != NULL ? sizeof *old : 0}};
  CONCUR_IN_WINDOW(int, "pthread_sigmask", r, 1, next(how, set, old))
}

CONCUR_INTERCEPTOR(sigprocmask)
int sigprocmask(int how, const sigset_t* set, sigset_t* old) {
  CONCUR_NEXT(sigprocmask)
  struct concur_write_range r[] = {{old, old != NULL ? sizeof *old : 0}};
  CONCUR_IN_WINDOW(int, "sigprocmask", r, 1, next(how, set, old))
}

CONCUR_INTERCEPTOR(waitpid)
pid_t waitpid(pid_t pid, int* status, int options) {
  CONCUR_NEXT(waitpid)
  struct concur_write_range r[] = {{status, status != NULL ? sizeof *status : 0}};
  CONCUR_IN_WINDOW(pid_t, "waitpid", r, 1, next(pid, status, options))
}

CONCUR_INTERCEPTOR(uname)
int uname(struct utsname* name) {
  CONCUR_NEXT(uname)
  struct concur_write_range r[] = {{name, sizeof *name}};
  CONCUR_IN_WINDOW(int, "uname", r, 1, next(name))
}

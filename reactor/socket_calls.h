// Internal: the reactor's own non-blocking socket calls on its hot path, made
// without libc's cancellation-point wrappers.
//
// Once a process has a second thread (the stall watchdog, offload workers, any
// thread of the program), glibc's recv, send and sendmsg switch to asynchronous
// cancellation around the system call and back: two atomic read-modify-writes
// and some 50 user-space instructions per call, as much as the rest of an echoed
// message's reactor work. These calls never block (non-blocking sockets,
// MSG_DONTWAIT) and run in noexcept code, where a cancellation unwinding through
// them would end the process anyway; so they go to the kernel through
// syscall(2), which is no cancellation point.
//
// Only calls that let the kernel write no caller memory go this way: sends, and
// the chunk read into a block of the reactor's own pool. A read into the caller's
// buffer (read_some, try_read) keeps libc's recv, where concur::runtime's
// interposition sees it (writer naming opens its kernel-write windows over the
// buffer). The calls skipped here are ones the runtime's recorder never records
// (MSG_DONTWAIT) and that write no memory it watches. Sanitizer builds keep the
// libc calls: the sanitizers' interceptors model them (ThreadSanitizer's
// synchronization through descriptors, AddressSanitizer's and MemorySanitizer's
// buffer checks).
#pragma once

#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstddef>

#if defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define CONCUR_REACTOR_LIBC_SOCKET_CALLS 1
#endif
#endif
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
#define CONCUR_REACTOR_LIBC_SOCKET_CALLS 1
#endif

namespace concur::reactor_internal {

/// send(2) with MSG_DONTWAIT | MSG_NOSIGNAL added: -1 and errno on failure.
inline ssize_t send_nowait(int fd, const void* data, std::size_t size) noexcept {
#if defined(CONCUR_REACTOR_LIBC_SOCKET_CALLS) || !defined(SYS_sendto)
  return ::send(fd, data, size, MSG_NOSIGNAL | MSG_DONTWAIT);
#else
  return static_cast<ssize_t>(::syscall(SYS_sendto, fd, data, size, MSG_NOSIGNAL | MSG_DONTWAIT, nullptr, 0));
#endif
}

/// sendmsg(2) with MSG_DONTWAIT | MSG_NOSIGNAL added.
inline ssize_t sendmsg_nowait(int fd, const msghdr* msg) noexcept {
#if defined(CONCUR_REACTOR_LIBC_SOCKET_CALLS) || !defined(SYS_sendmsg)
  return ::sendmsg(fd, msg, MSG_NOSIGNAL | MSG_DONTWAIT);
#else
  return static_cast<ssize_t>(::syscall(SYS_sendmsg, fd, msg, MSG_NOSIGNAL | MSG_DONTWAIT));
#endif
}

/// recv(2) with MSG_DONTWAIT, for the reactor's own buffers only (see above).
inline ssize_t recv_own_buffer_nowait(int fd, void* buffer, std::size_t size) noexcept {
#if defined(CONCUR_REACTOR_LIBC_SOCKET_CALLS) || !defined(SYS_recvfrom)
  return ::recv(fd, buffer, size, MSG_DONTWAIT);
#else
  return static_cast<ssize_t>(::syscall(SYS_recvfrom, fd, buffer, size, MSG_DONTWAIT, nullptr, nullptr));
#endif
}

}  // namespace concur::reactor_internal

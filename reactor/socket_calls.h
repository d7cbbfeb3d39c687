// Internal: the reactor's own non-blocking socket calls on its hot path, made
// without libc's cancellation-point wrappers.
//
// Once a process has a second thread (the stall watchdog, offload workers, any
// thread of the program), glibc's recv, send and sendmsg switch to asynchronous
// cancellation around the system call and back: two atomic read-modify-writes
// and some 50 user-space instructions per call, as much as the rest of an echoed
// message's reactor work. These calls never block (non-blocking sockets,
// MSG_DONTWAIT) and run in noexcept code, where a cancellation unwinding through
// them would end the process anyway; so they go straight to the kernel (the
// syscall instruction on x86-64, else syscall(2)), which is no cancellation point.
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

#include <cerrno>
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

#if !defined(CONCUR_REACTOR_LIBC_SOCKET_CALLS)
/// Sets errno from a failed call's -errno result; returns -1. Out of line, so that
/// the callers' common path keeps no register across it.
[[gnu::cold, gnu::noinline]] inline long kernel_call_failed(long result) noexcept {
  errno = static_cast<int>(-result);
  return -1;
}

/// A system call with up to six arguments: the result, or -1 with errno set. On
/// x86-64 the `syscall` instruction itself (as musl's syscall_arch.h issues it):
/// no call, so the callers keep their registers and need no frame for it;
/// elsewhere syscall(2).
[[gnu::always_inline]] inline long kernel_call(long number, long a1, long a2, long a3, long a4 = 0, long a5 = 0, long a6 = 0) noexcept {
#if defined(__x86_64__)
  long result;
  register long r10 __asm__("r10") = a4;
  register long r8 __asm__("r8") = a5;
  register long r9 __asm__("r9") = a6;
  __asm__ volatile("syscall"
                   : "=a"(result)
                   : "a"(number), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r9)
                   : "rcx", "r11", "memory");
  if (static_cast<unsigned long>(result) > -4096UL) [[unlikely]]
    return kernel_call_failed(result);
  return result;
#else
  return ::syscall(number, a1, a2, a3, a4, a5, a6);
#endif
}
#endif

/// send(2) with MSG_DONTWAIT | MSG_NOSIGNAL added: -1 and errno on failure.
[[gnu::always_inline]] inline ssize_t send_nowait(int fd, const void* data, std::size_t size) noexcept {
#if defined(CONCUR_REACTOR_LIBC_SOCKET_CALLS)
  return ::send(fd, data, size, MSG_NOSIGNAL | MSG_DONTWAIT);
#else
  return kernel_call(SYS_sendto, fd, reinterpret_cast<long>(data), static_cast<long>(size), MSG_NOSIGNAL | MSG_DONTWAIT);
#endif
}

/// sendmsg(2) with MSG_DONTWAIT | MSG_NOSIGNAL added.
[[gnu::always_inline]] inline ssize_t sendmsg_nowait(int fd, const msghdr* msg) noexcept {
#if defined(CONCUR_REACTOR_LIBC_SOCKET_CALLS)
  return ::sendmsg(fd, msg, MSG_NOSIGNAL | MSG_DONTWAIT);
#else
  return kernel_call(SYS_sendmsg, fd, reinterpret_cast<long>(msg), MSG_NOSIGNAL | MSG_DONTWAIT);
#endif
}

/// recv(2) with MSG_DONTWAIT, for the reactor's own buffers only (see above).
[[gnu::always_inline]] inline ssize_t recv_own_buffer_nowait(int fd, void* buffer, std::size_t size) noexcept {
#if defined(CONCUR_REACTOR_LIBC_SOCKET_CALLS)
  return ::recv(fd, buffer, size, MSG_DONTWAIT);
#else
  return kernel_call(SYS_recvfrom, fd, reinterpret_cast<long>(buffer), static_cast<long>(size), MSG_DONTWAIT);
#endif
}

}  // namespace concur::reactor_internal

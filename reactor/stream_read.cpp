// A stream's read side: one pending read (or readiness wait) per stream, retried
// by the I/O dispatch when epoll reports the socket readable.
#include <sys/socket.h>

#include <cerrno>

#include "concur/reactor/tcp.h"
#include "io_dispatch.h"
#include "loop_access.h"
#include "stream_queue.h"
#include "system_error.h"

namespace concur {

namespace reactor_internal {
namespace {

bool attempt_read(IoOp* base) noexcept {
  auto& op = *static_cast<ReadOp*>(base);
  for (;;) {
    // MSG_DONTWAIT changes nothing on this non-blocking socket; it tells concur::runtime's
    // blocking-call hooks so from the call itself, without asking the kernel (fcntl).
    ssize_t n = ::recv(op.io->fd, op.buffer.data(), op.buffer.size(), MSG_DONTWAIT);
    if (n >= 0) {
      op.got = static_cast<std::size_t>(n);
      if (n > 0 && op.got < op.buffer.size()) op.io->maybe_readable = false;  // drained
      return true;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      op.io->maybe_readable = false;
      return false;
    }
    op.error = errno;
    return true;
  }
}

bool attempt_probe(IoOp*) noexcept { return true; }  // readiness is all a probe waits for

}  // namespace

void cancel_reader(Waiter* w) noexcept {
  auto& op = *static_cast<IoOp*>(w);
  op.io->reader = nullptr;
  LoopAccess::io_wait_ended(*op.io->reactor);
}

}  // namespace reactor_internal

bool TcpStream::start_read(reactor_internal::ReadOp& op) noexcept {
  if (reactor_internal::cancel_requested()) return op.cancelled = true;
  if (!op.io || op.io->fd < 0) {
    op.error = EBADF;
    return true;
  }
  if (op.buffer.empty()) return true;
  if (!op.io->maybe_readable && !op.io->peer_done) return false;  // nothing arrived since it was empty
  return reactor_internal::attempt_read(&op);
}

void TcpStream::park_read(reactor_internal::ReadOp& op, std::coroutine_handle<> h) noexcept {
  if (op.io->reader) op.error = EBUSY;  // one reader at a time
  op.attempt = &reactor_internal::attempt_read;
  if (reactor_internal::park(op, h, &reactor_internal::cancel_reader)) op.io->reader = &op;
}

bool TcpStream::start_wait_readable(reactor_internal::ReadOp& op) noexcept {
  if (reactor_internal::cancel_requested()) return op.cancelled = true;
  if (!op.io || op.io->fd < 0) {
    op.error = EBADF;
    return true;
  }
  return op.io->maybe_readable || op.io->peer_done;
}

void TcpStream::park_wait_readable(reactor_internal::ReadOp& op, std::coroutine_handle<> h) noexcept {
  if (op.io->reader) op.error = EBUSY;
  op.attempt = &reactor_internal::attempt_probe;
  if (reactor_internal::park(op, h, &reactor_internal::cancel_reader)) op.io->reader = &op;
}

std::optional<std::size_t> TcpStream::try_read(std::span<std::byte> buffer) {
  if (!is_open()) reactor_internal::throw_errno(EBADF, "read from a closed stream");
  reactor_internal::ReadOp op;
  op.io = io_.get();
  op.buffer = buffer;
  if (!reactor_internal::attempt_read(&op)) return std::nullopt;
  finish(op, "read from");
  return op.got;
}

}  // namespace concur

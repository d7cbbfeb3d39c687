// A stream's write queue: a write goes out at once when nothing is queued;
// otherwise it queues, and whatever is queued leaves in one writev when epoll
// reports the socket writable. Writes fail in order and stay failed after an error.
#include <sys/socket.h>
#include <sys/uio.h>

#include <algorithm>
#include <cerrno>

#include "concur/reactor/tcp.h"
#include "io_dispatch.h"
#include "loop_access.h"
#include "socket_calls.h"
#include "stream_queue.h"
#include "system_error.h"

namespace concur {

namespace reactor_internal {

namespace {
constexpr int kMaxIov = 64;
}  // namespace

// The sockets are non-blocking, and every send says MSG_DONTWAIT too; the sends go
// to the kernel without libc's cancellation-point wrapper (socket_calls.h).

void fail_writes(IoHandle& io, int err) noexcept {
  io.write_error = err;
  while (WriteOp* op = io.write_head) {
    io.write_head = op->next;
    op->error = err;
    complete(*op);
  }
  io.write_tail = nullptr;
}

void flush_writes(IoHandle& io) noexcept {
  while (io.write_head) {
    iovec iov[kMaxIov];
    int count = 0;
    std::size_t offered = 0;
    for (WriteOp* op = io.write_head; op && count < kMaxIov; op = op->next, ++count) {
      iov[count].iov_base = const_cast<std::byte*>(op->data + op->written);
      iov[count].iov_len = op->size - op->written;
      offered += iov[count].iov_len;
    }
    msghdr msg{};
    msg.msg_iov = iov;
    msg.msg_iovlen = static_cast<std::size_t>(count);
    ssize_t n = sendmsg_nowait(io.fd, &msg);
    ++LoopAccess::stats(*io.reactor).writev_calls;
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      fail_writes(io, errno);
      return;
    }
    auto left = static_cast<std::size_t>(n);
    while (left > 0) {
      WriteOp* op = io.write_head;
      std::size_t take = std::min(left, op->size - op->written);
      op->written += take;
      left -= take;
      if (op->written == op->size) {
        io.write_head = op->next;
        if (!io.write_head) io.write_tail = nullptr;
        complete(*op);
      }
    }
    if (static_cast<std::size_t>(n) < offered) break;  // the socket buffer is full
  }
  if (!io.write_head && io.shutdown_after_writes) {
    io.shutdown_after_writes = false;
    ::shutdown(io.fd, SHUT_WR);
  }
}

// start_write after its send failed: retries after EINTR, queues after EAGAIN, else
// fails the write. Out of line, so that a write that goes out needs no frame.
[[gnu::noinline]] bool write_failed(WriteOp& op) noexcept {
  IoHandle* io = op.io;
  for (;;) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) return false;
    if (errno != EINTR) {
      op.error = io->write_error = errno;
      return true;
    }
    const ssize_t n = send_nowait(io->fd, op.data, op.size);
    if (n >= 0) {
      op.written = static_cast<std::size_t>(n);
      return op.written == op.size;
    }
  }
}

namespace {

void cancel_writer(Waiter* w) noexcept {
  auto& op = *static_cast<WriteOp*>(w);
  IoHandle& io = *op.io;
  WriteOp** link = &io.write_head;
  WriteOp* prev = nullptr;
  while (*link && *link != &op) {
    prev = *link;
    link = &(*link)->next;
  }
  if (*link) {
    *link = op.next;
    if (io.write_tail == &op) io.write_tail = prev;
  }
  LoopAccess::io_wait_ended(*io.reactor);
  // Half a message on the wire: nothing written after it would make sense to the peer.
  if (op.written > 0) fail_writes(io, ECANCELED);
}

}  // namespace
}  // namespace reactor_internal

bool TcpStream::start_write(reactor_internal::WriteOp& op) noexcept {
  if (reactor_internal::cancel_requested()) return op.set_cancelled();
  reactor_internal::IoHandle* io = op.io;
  if (!io || io->fd < 0) {
    op.error = EBADF;
    return true;
  }
  if (io->write_error) {
    op.error = io->write_error;
    return true;
  }
  if (op.size == 0) return true;
  if (io->write_head) return false;  // queue behind earlier writes
  const ssize_t n = reactor_internal::send_nowait(io->fd, op.data, op.size);
  if (n < 0) [[unlikely]]
    return reactor_internal::write_failed(op);
  op.written = static_cast<std::size_t>(n);
  return op.written == op.size;
}

void TcpStream::park_write(reactor_internal::WriteOp& op, std::coroutine_handle<> h) noexcept {
  if (!reactor_internal::park(op, h, &reactor_internal::kCancelOps<&reactor_internal::cancel_writer>)) return;
  reactor_internal::IoHandle& io = *op.io;
  op.next = nullptr;
  if (io.write_tail) io.write_tail->next = &op;
  else io.write_head = &op;
  io.write_tail = &op;
}

std::size_t TcpStream::try_write(std::span<const std::byte> data) {
  if (!is_open()) reactor_internal::throw_errno(EBADF, "write to a closed stream");
  reactor_internal::IoHandle& io = *io_;
  if (io.write_error) reactor_internal::throw_errno(io.write_error, "write to " + reactor_internal::describe_peer(io));
  if (io.write_head || data.empty()) return 0;
  for (;;) {
    ssize_t n = reactor_internal::send_nowait(io.fd, data.data(), data.size());
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
    io.write_error = errno;
    reactor_internal::throw_errno(io.write_error, "write to " + reactor_internal::describe_peer(io));
  }
}

void TcpStream::shutdown_write() {
  if (!io_ || io_->fd < 0) reactor_internal::throw_errno(EBADF, "shutdown of a closed stream");
  if (io_->write_head) {
    io_->shutdown_after_writes = true;
    return;
  }
  if (::shutdown(io_->fd, SHUT_WR) < 0)
    reactor_internal::throw_errno(errno, "shutdown to " + reactor_internal::describe_peer(*io_));
}

}  // namespace concur

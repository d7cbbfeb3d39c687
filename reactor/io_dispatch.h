// Internal: operations waiting on a socket, and the epoll events that end the wait.
//
// The per-message steps (parking a read, an event retrying it, completing it) are
// inline: they run once or twice per message and are a few loads and stores each;
// the rare ones (a socket's first wait, connects, queued writes) are out of line.
#pragma once

#include <sys/epoll.h>

#include <coroutine>
#include <cstdint>

#include "io_handle.h"
#include "loop_access.h"

namespace concur::reactor_internal {

/// park() for a socket not yet in this reactor's epoll set, or an op that already
/// failed: registers the socket, or resumes `op` at once with the error.
bool park_slow(IoOp& op, std::coroutine_handle<> h, const CancelOps* on_cancel) noexcept;

/// Parks `op` on its socket (registering the socket with this thread's reactor
/// first). False when that failed: `op` then resumes at once with the error.
inline bool park(IoOp& op, std::coroutine_handle<> h, const CancelOps* on_cancel) noexcept {
  Reactor* reactor = this_thread.reactor;
  if (op.io->reactor != reactor || op.error) [[unlikely]]
    return park_slow(op, h, on_cancel);
  suspend_current(op, h, on_cancel);
  LoopAccess::io_wait_started(*reactor);
  return true;
}

/// Finishes a parked operation: it no longer waits on the socket.
inline void complete(IoOp& op) noexcept {
  LoopAccess::io_wait_ended(*op.io->reactor);
  wake_inline(op);
}

/// The EPOLLOUT side of an event: the pending connect and the write queue.
void handle_writable(IoHandle& io) noexcept;

/// Handles one epoll event for `io`: retries the parked reader, the connector and
/// the write queue as the event allows.
inline void handle_io_event(IoHandle& io, std::uint32_t events) noexcept {
  constexpr std::uint32_t kReadable = EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR;
  if (events & kReadable) {
    io.maybe_readable = true;
    if (events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) io.peer_done = true;
    if (IoOp* op = io.reader) {
      if (op->attempt(op)) {
        io.reader = nullptr;
        complete(*op);
      }
    }
  }
  if ((events & (EPOLLOUT | EPOLLHUP | EPOLLERR)) && (io.connector || io.write_head)) handle_writable(io);
}

}  // namespace concur::reactor_internal

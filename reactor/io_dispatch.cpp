// I/O dispatch: an operation parks on its socket until the edge-triggered epoll
// event that lets it finish; the event retries the reader, the connector and the
// write queue.
#include "io_dispatch.h"

#include <sys/epoll.h>

#include <cerrno>
#include <system_error>

#include "loop_access.h"
#include "stream_queue.h"

namespace concur::reactor_internal {

bool park(IoOp& op, std::coroutine_handle<> h, void (*on_cancel)(Waiter*) noexcept) noexcept {
  Reactor* reactor = this_thread.reactor;
  if (op.io->reactor != reactor) [[unlikely]] {  // the socket's first wait: add it to epoll
    try {
      LoopAccess::register_io(*reactor, *op.io);
    } catch (const std::system_error& e) {
      op.error = e.code().value();
    } catch (...) {
      op.error = EINVAL;
    }
  }
  if (op.error) {  // resume at once with the error
    suspend_current(op, h, nullptr);
    wake(op);
    return false;
  }
  suspend_current(op, h, on_cancel);
  LoopAccess::io_wait_started(*reactor);
  return true;
}

void complete(IoOp& op) noexcept {
  LoopAccess::io_wait_ended(*op.io->reactor);
  wake(op);
}

void handle_io_event(IoHandle& io, std::uint32_t events) noexcept {
  if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) io.maybe_readable = true;
  if (events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) io.peer_done = true;
  if ((events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) && io.reader) {
    IoOp* op = io.reader;
    if (op->attempt(op)) {
      io.reader = nullptr;
      complete(*op);
    }
  }
  if (events & (EPOLLOUT | EPOLLHUP | EPOLLERR)) {
    if (IoOp* op = io.connector) {
      op->attempt(op);
      io.connector = nullptr;
      complete(*op);
    }
    if (io.write_head) flush_writes(io);
  }
}

}  // namespace concur::reactor_internal

// I/O dispatch: an operation parks on its socket until the edge-triggered epoll
// event that lets it finish; the event retries the reader, the connector and the
// write queue (the per-message steps are inline, in io_dispatch.h).
#include "io_dispatch.h"

#include <cerrno>
#include <system_error>

#include "stream_queue.h"

namespace concur::reactor_internal {

bool park_slow(IoOp& op, std::coroutine_handle<> h, const CancelOps* on_cancel) noexcept {
  Reactor* reactor = this_thread.reactor;
  if (op.io->reactor != reactor) {  // the socket's first wait: add it to epoll
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
    wake_inline(op);
    return false;
  }
  suspend_current(op, h, on_cancel);
  LoopAccess::io_wait_started(*reactor);
  return true;
}

void handle_writable(IoHandle& io) noexcept {
  if (IoOp* op = io.connector) {
    op->attempt(op);
    io.connector = nullptr;
    complete(*op);
  }
  if (io.write_head) flush_writes(io);
}

}  // namespace concur::reactor_internal

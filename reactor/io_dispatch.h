// Internal: operations waiting on a socket, and the epoll events that end the wait.
#pragma once

#include <coroutine>
#include <cstdint>

#include "io_handle.h"

namespace concur::reactor_internal {

/// Parks `op` on its socket (registering the socket with this thread's reactor
/// first). False when that failed: `op` then resumes at once with the error.
bool park(IoOp& op, std::coroutine_handle<> h, void (*on_cancel)(Waiter*) noexcept) noexcept;

/// Finishes a parked operation: it no longer waits on the socket.
void complete(IoOp& op) noexcept;

/// Handles one epoll event for `io`: retries the parked reader, the connector and
/// the write queue as the event allows.
void handle_io_event(IoHandle& io, std::uint32_t events) noexcept;

}  // namespace concur::reactor_internal

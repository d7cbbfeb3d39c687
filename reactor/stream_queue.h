// Internal: the parts of a stream's read and write queues that other files drive.
#pragma once

#include "io_handle.h"

namespace concur::reactor_internal {

/// Sends what the write queue holds, in one writev per round, until the socket
/// buffer is full or the queue is empty (stream_write.cpp).
void flush_writes(IoHandle& io) noexcept;

/// Fails every queued write with `err` and makes later writes fail with it too.
void fail_writes(IoHandle& io, int err) noexcept;

/// Unparks the pending reader (or acceptor) of a cancelled task (stream_read.cpp).
void cancel_reader(Waiter* w) noexcept;

}  // namespace concur::reactor_internal

// Internal: the one-line stall report on stderr.
#pragma once

#include "concur/reactor/observer.h"

namespace concur::reactor_internal {

/// Queues the line for `stall` — `concur: task "handler" (#7) blocked the loop for
/// 52 ms at handler.cc:31` — to be composed and printed by a reporter thread (naming
/// the frame may take time). At most 10 lines at once, then one per second in the
/// whole process; the next printed line counts the stalls not shown. `reactor` only
/// identifies whose lines flush_stall_reports waits for.
void report_stall(const TaskStall& stall, const void* reactor) noexcept;

/// Waits until every line `reactor` queued is printed (and joins the reporter
/// thread once nothing is left, so it does not outlive the reactors' runs).
void flush_stall_reports(const void* reactor) noexcept;

/// The threshold reactors start with: CONCUR_STALL_MS if set (0 = off), else 10 ms.
/// A value that is not a number of milliseconds is reported once on stderr and
/// ignored.
std::chrono::milliseconds default_stall_threshold() noexcept;

}  // namespace concur::reactor_internal

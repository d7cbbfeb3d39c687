// Blocking calls made by reactor tasks, as the interposed libc functions
// (libc_hooks.c) record them through blocking_calls.cpp (both in concur_libc_hooks,
// linked whole into each executable with concur::runtime).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "concur/reactor/observer.h"

namespace concur::runtime_internal {

constexpr int kBlockingCallFrames = 32;

struct BlockingCallRecord {
  std::uint64_t sequence = 0;   ///< increasing, per process
  const char* function = "";    ///< "getaddrinfo"
  TaskInfo task;                ///< its name has static storage (TaskGroup::spawn)
  std::int64_t duration_ns = 0;
  int depth = 0;
  void* frames[kBlockingCallFrames];  ///< from the caller's frame outwards
};

/// The sequence number the next record will get: a watch starts here.
std::uint64_t next_blocking_call_sequence() noexcept;

/// The records from sequence `from` on that are still kept (the newest 4096), and
/// how many of them were dropped.
std::vector<BlockingCallRecord> blocking_calls_since(std::uint64_t from, std::uint64_t& dropped);

/// The longest blocking call made in this thread's current task slice, if any.
std::optional<BlockingCallRecord> longest_blocking_call_in_slice();

/// This thread's task slice in which blocking calls are tracked for the stall
/// report (the runtime's observer bumps it at each task switch).
extern thread_local std::uint64_t t_slice_number __attribute__((tls_model("initial-exec")));
inline void blocking_calls_slice_started() noexcept { ++t_slice_number; }

/// Whether `return_address` is in one of the interposed libc functions (whose C names
/// the symbolizer cannot tell from the user's).
bool in_libc_hook(void* return_address) noexcept;

/// Whether the interposed functions are the ones this program calls (false when
/// something else in the link interposes them first).
bool blocking_call_hooks_active() noexcept;

}  // namespace concur::runtime_internal

// Internal: what a reactor's loop thread publishes about the task slice it runs,
// for the watchdog thread that finds slices running too long (watchdog.cpp).
//
// The loop thread reads no clock per slice (a clock read costs 20-50 ns here, more
// than the detector's whole budget): it numbers its slices, and the watchdog, which
// samples the numbers, tells it when one has run past its limit. Only then does the
// loop thread read the clock, when that slice ends.
#pragma once

#include <pthread.h>
#include <sys/types.h>

#include <atomic>
#include <cstdint>

namespace concur::reactor_internal {

/// Enough to reach the user's frame below the reactor's own and the library's.
constexpr int kStallFrames = 48;

struct SliceMonitor {
  // ---- written by the loop thread
  /// The running slice's number, 0 between slices.
  std::atomic<std::uint64_t> running{0};
  /// Slices longer than this are flagged (ns; 0 = not watched).
  std::atomic<std::int64_t> limit_ns{0};
  pthread_t thread{};
  pid_t tid = 0;

  // ---- written by the watchdog
  /// The number of a slice that ran past the limit; the loop thread checks it when
  /// each slice ends.
  std::atomic<std::uint64_t> flagged{0};
  /// When the watchdog first saw the flagged slice (steady clock, ns): its start, to
  /// within one sampling period, moved later by the time the thread then spent
  /// waiting for a CPU (preempted), which is not the task's doing.
  std::atomic<std::int64_t> flagged_since_ns{0};
  /// The system call the flagged slice was blocked in when no stack was taken, or "".
  std::atomic<const char*> blocked_in{""};
  /// The slice whose stack the stall signal should take.
  std::atomic<std::uint64_t> capture{0};

  // ---- written by the signal handler, on the loop thread
  std::atomic<std::uint64_t> captured{0};  ///< the slice `frames` belong to
  int depth = 0;
  void* frames[kStallFrames];

  // ---- the watchdog's own bookkeeping (its thread only)
  std::uint64_t seen = 0;          ///< the slice seen running at the last sample
  std::int64_t seen_since_ns = 0;  ///< the first sample that saw it
  std::int64_t run_delay_base_ns = -1;  ///< its thread's run_delay when the slice was first seen, -1: unknown
  int schedstat_fd = -1;                ///< the loop thread's schedstat, open while watched (-1: not yet)
};

/// Starts watching `monitor`, whose loop thread is the calling thread (the watchdog
/// starts with the first monitor).
void watch(SliceMonitor& monitor);

/// Stops watching `monitor` (calling thread: its loop thread). The last monitor stops
/// the watchdog and joins it, so no thread outlives the reactors' runs.
void unwatch(SliceMonitor& monitor) noexcept;

/// Tells the watchdog that a monitor's limit changed (it may need to wake sooner).
void limits_changed() noexcept;

/// The steady clock in nanoseconds, the watchdog's time base.
std::int64_t steady_now_ns() noexcept;

}  // namespace concur::reactor_internal

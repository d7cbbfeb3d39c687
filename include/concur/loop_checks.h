// concur/loop_checks.h — what concur::runtime sees of tasks that hold up their
// reactor's loop: blocking calls made by tasks, and task slices that ran too long.
//
//  - Blocking calls, BlockHound-style. The libc functions that block the calling
//    thread (sleeps, name lookups, thread joins and condition-variable waits,
//    fread/fgets/read/write/recv/send/connect/accept on descriptors that can block,
//    fsync, system, popen) are interposed; a call made while a reactor task runs
//    on the thread is recorded with the task and the caller's stack, even when it
//    returns quickly. Work handed to offload() runs on the worker pool, outside any
//    task, and is never recorded.
//  - Stalls. The reactor's watchdog reports slices (resume to suspension) longer
//    than the stall threshold, or than a LoopWatch's limit; the runtime keeps them
//    with where the task was stuck, and names that frame in the reactor's stall
//    line on stderr.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace concur {

/// A call that blocks the thread, made by a reactor task.
struct BlockingCall {
  std::string function;        ///< "getaddrinfo"
  std::uint64_t task_id = 0;
  std::string task_name;       ///< as given to TaskGroup::spawn; "" when unnamed
  std::vector<void*> stack;    ///< return addresses from the caller outwards
  std::chrono::nanoseconds duration{};
};

/// "task \"resolver\" (#2) called getaddrinfo() at client.cc:55; use co_await
/// offload(...)" (sleeps suggest co_await sleep_for(...)); the site is the first
/// frame outside concur and the system's headers, symbolized now.
std::string describe(const BlockingCall& call);

/// A task slice that ran without suspending for longer than a limit.
struct LoopStall {
  std::uint64_t task_id = 0;
  std::string task_name;       ///< "" when unnamed
  std::chrono::nanoseconds duration{};  ///< at least; see concur::TaskStall
  /// Where the task was stuck: the stack the reactor's watchdog caught, or else the
  /// stack of the blocking call the slice spent longest in.
  std::vector<void*> stack;
  std::string blocking_call;   ///< that call ("usleep"), or ""
  std::string blocked_in;      ///< the system call the watchdog saw, when it took no stack
};

/// "handler.cc:31": the first frame of `stall.stack` outside concur and the
/// system's headers; "" when none has line information.
std::string stuck_site(const LoopStall& stall);

/// "task \"handler\" (#7) ran 52 ms without suspending, in usleep() at handler.cc:31"
std::string describe(const LoopStall& stall);

/// Watches the process's reactors while it lives. Construct it before the code to
/// watch; one at a time per process (a nested watch restores the outer one).
class LoopWatch {
 public:
  /// Also times task slices against `slice_limit` (besides each reactor's stall
  /// threshold, even when that is off); zero leaves the thresholds alone.
  explicit LoopWatch(std::chrono::milliseconds slice_limit = std::chrono::milliseconds(0));
  ~LoopWatch();
  LoopWatch(const LoopWatch&) = delete;
  LoopWatch& operator=(const LoopWatch&) = delete;

  /// The blocking calls reactor tasks made since the watch began (any thread).
  std::vector<BlockingCall> blocking_calls() const;
  /// Calls made since then that the bounded record (4096) no longer holds.
  std::uint64_t blocking_calls_dropped() const;

  /// The slices that ran at least `slice_limit` since the watch began (with a zero
  /// limit, every stall the reactors reported).
  std::vector<LoopStall> stalls() const;

  /// False when the interposed functions are not the ones the program calls
  /// (something earlier in the link interposes them): calls are then not seen.
  bool sees_blocking_calls() const;
  /// False when another ReactorObserver replaced the runtime's: stalls are then
  /// not seen.
  bool sees_stalls() const;

 private:
  std::chrono::milliseconds limit_;
  std::chrono::milliseconds previous_watch_;
  std::uint64_t first_call_;
  std::uint64_t first_stall_;
};

}  // namespace concur

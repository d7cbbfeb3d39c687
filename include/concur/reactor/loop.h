// concur/reactor/loop.h — Reactor: runs coroutine tasks on the calling thread (epoll).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <type_traits>
#include <vector>

#include "concur/reactor/detail/context.h"
#include "concur/reactor/detail/timer_wheel.h"
#include "concur/reactor/task.h"

namespace concur {

namespace reactor_internal {
struct IoHandle;
struct OffloadJob;
class OffloadPool;
class LoopAccess;
struct SliceMonitor;
}  // namespace reactor_internal

/// One event loop. `run` drives a task and everything it spawns on the calling thread.
/// A Reactor is not thread-safe: only offload workers talk to it from other threads,
/// through an internal queue. One reactor runs per thread at a time.
class Reactor {
 public:
  Reactor();
  ~Reactor();
  Reactor(const Reactor&) = delete;
  Reactor& operator=(const Reactor&) = delete;

  /// Runs `task` to completion and returns its value or rethrows its exception.
  /// Returns only when the task and every task it spawned have finished. Throws
  /// std::logic_error if called re-entrantly, or if every task waits on something
  /// nothing can deliver (a deadlock): then all tasks are cancelled first, so they
  /// unwind and release what they hold, and the error is thrown once they have.
  template <class T>
  T run(Task<T> task);

  /// The reactor running on this thread; throws std::logic_error outside `run`.
  static Reactor& current();

  /// A task slice — a task's run from the loop's resume to its next suspension —
  /// longer than this is a stall: one line on stderr (rate-limited), naming the task,
  /// how long it ran and where it was stuck, and ReactorObserver::task_stalled.
  /// Starts as CONCUR_STALL_MS from the environment, else 10 ms; zero turns the
  /// detection off. May be changed while the reactor runs (from its thread).
  void set_stall_threshold(std::chrono::milliseconds threshold) noexcept { stall_threshold_ = threshold; }
  std::chrono::milliseconds stall_threshold() const noexcept { return stall_threshold_; }

  /// Counters for tests and benchmarks.
  struct Stats {
    std::uint64_t polls = 0;          ///< epoll_wait calls
    std::uint64_t events = 0;         ///< epoll events handled
    std::uint64_t timer_wakeups = 0;  ///< polls that ended with at least one timer firing
    std::uint64_t timers_fired = 0;
    std::uint64_t resumes = 0;        ///< coroutine resumptions by the loop
    std::uint64_t writev_calls = 0;   ///< coalesced stream flushes
    std::uint64_t accept_backoffs = 0;  ///< accept hit EMFILE/ENFILE and waited
    std::uint64_t stalls = 0;           ///< slices past the stall threshold or the slice watch
  };
  const Stats& stats() const noexcept { return stats_; }

 private:
  // The interface of the reactor's own awaiters and records, which reach it only
  // through reactor_internal::LoopAccess (reactor/loop_access.h, not installed).
  friend class reactor_internal::LoopAccess;
  void schedule(std::coroutine_handle<> h, reactor_internal::TaskContext* ctx) { ready_.push_back(Ready{h, ctx}); }
  void arm_timer(reactor_internal::TimerNode* node, std::chrono::steady_clock::time_point deadline) noexcept;
  void cancel_timer(reactor_internal::TimerNode* node) noexcept;
  void register_io(reactor_internal::IoHandle& io);
  void io_wait_started() noexcept { ++io_waiters_; }
  void io_wait_ended() noexcept { --io_waiters_; }
  void socket_closed(reactor_internal::IoHandle& io) noexcept;
  void task_started() noexcept;
  void task_ended() noexcept;
  void submit_offload(reactor_internal::OffloadJob* job);
  void complete_offload(reactor_internal::OffloadJob* job) noexcept;  // any thread
  std::uint64_t now_tick() const noexcept;

  struct Ready {
    std::coroutine_handle<> handle;
    reactor_internal::TaskContext* ctx;
  };
  void run_root(Task<void> body);
  void run_ready();
  template <bool kTimed>
  void resume_all(ReactorObserver* observer);
  std::int64_t slice_limit_ns() noexcept;
  void end_long_slice(ReactorObserver* observer) noexcept;
  void poll(bool block);
  void drain_offloads();
  void unwind_deadlock();

  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  std::chrono::steady_clock::time_point epoch_;
  reactor_internal::TimerWheel wheel_;
  std::vector<Ready> ready_, running_;
  std::size_t io_waiters_ = 0;
  std::size_t open_sockets_ = 0;
  reactor_internal::IoHandle* sockets_ = nullptr;  // registered and not yet closed
  std::size_t live_tasks_ = 0;
  std::size_t offloads_in_flight_ = 0;
  // The offload workers, and with them the queue on which they hand finished jobs
  // back (the only state other threads touch; reactor/offload_pool.h).
  std::unique_ptr<reactor_internal::OffloadPool> pool_;
  bool running_root_ = false;
  reactor_internal::TaskContext* root_ctx_ = nullptr;
  bool deadlocked_ = false;  // every task was cancelled to unwind a deadlock
  Stats stats_;
  // Stall detection (watchdog.cpp): slices are numbered, and the watchdog flags those
  // that run past the limit.
  std::chrono::milliseconds stall_threshold_;
  std::unique_ptr<reactor_internal::SliceMonitor> monitor_;
  bool watched_ = false;          // monitor_ is registered with the watchdog
  std::uint64_t slice_number_ = 0;
  // The running slice's task context, or nullptr once that context ended in the
  // slice: slice_task_ then holds its task as it was (context_ending). A context
  // and its ancestors outlive every slice that does not end them, so the task is
  // looked up only for a flagged slice, not for each one.
  reactor_internal::TaskContext* slice_ctx_ = nullptr;
  TaskInfo slice_task_;
  void context_ending(reactor_internal::TaskContext* ctx) noexcept;
};

template <class T>
T Reactor::run(Task<T> task) {
  if constexpr (std::is_void_v<T>) {
    run_root(std::move(task));
  } else {
    std::optional<T> result;
    auto store = [](Task<T> t, std::optional<T>& out) -> Task<void> { out.emplace(co_await std::move(t)); };
    run_root(store(std::move(task), result));
    return std::move(*result);
  }
}

}  // namespace concur

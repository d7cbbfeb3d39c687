// Internal: the Reactor's interface for the reactor's own awaiters and records.
//
// Reactor keeps these members private and befriends only this class, which lives
// in the reactor's sources (not installed): code outside the reactor library can
// neither schedule a coroutine nor arm a timer or register a socket behind the
// loop's back.
#pragma once

#include <chrono>
#include <coroutine>

#include "concur/reactor/loop.h"

namespace concur::reactor_internal {

class LoopAccess {
 public:
  /// Queues `h` to resume in the task context `ctx` on the next loop iteration.
  static void schedule(Reactor& r, std::coroutine_handle<> h, TaskContext* ctx) { r.schedule(h, ctx); }
  /// Files `node` in the timing wheel to fire at `deadline` (1 ms resolution, never early).
  static void arm_timer(Reactor& r, TimerNode* node, std::chrono::steady_clock::time_point deadline) noexcept {
    r.arm_timer(node, deadline);
  }
  /// Disarms `node` if armed.
  static void cancel_timer(Reactor& r, TimerNode* node) noexcept { r.cancel_timer(node); }
  /// Adds the socket to the reactor's epoll set (once; a no-op when already there).
  static void register_io(Reactor& r, IoHandle& io) { r.register_io(io); }
  /// Counts operations parked on sockets: with none, a loop with nothing else to
  /// wait for is deadlocked.
  static void io_wait_started(Reactor& r) noexcept { r.io_wait_started(); }
  static void io_wait_ended(Reactor& r) noexcept { r.io_wait_ended(); }
  /// Removes a socket that is being closed from the epoll set and the socket list.
  static void socket_closed(Reactor& r, IoHandle& io) noexcept { r.socket_closed(io); }
  /// Counts live tasks, for the leftovers reported when the reactor is destroyed.
  static void task_started(Reactor& r) noexcept { r.task_started(); }
  static void task_ended(Reactor& r) noexcept { r.task_ended(); }
  /// A task context (task or scope) is being destroyed on the reactor's thread.
  static void context_ending(Reactor& r, TaskContext* ctx) noexcept {
    if (ctx == r.slice_ctx_) [[unlikely]] r.context_ending(ctx);
  }
  /// Hands `job` to the worker pool; complete_offload (any thread) hands it back.
  static void submit_offload(Reactor& r, OffloadJob* job) { r.submit_offload(job); }
  static void complete_offload(Reactor& r, OffloadJob* job) noexcept { r.complete_offload(job); }
  /// The counters behind Reactor::stats(), for the code that counts.
  static Reactor::Stats& stats(Reactor& r) noexcept { return r.stats_; }
};

/// The reactor's timing wheel calls this for each timer that comes due: it wakes the
/// sleeping task, or runs a CallbackTimer's function (timers.cpp).
void fire_timer(TimerNode* node) noexcept;

/// wake() (detail/context.h) inlined, for the reactor's own completions: makes a
/// suspended waiter runnable again.
inline void wake_inline(Waiter& w) noexcept {
  if (w.ctx && w.ctx->waiting == &w) w.ctx->waiting = nullptr;
  LoopAccess::schedule(*this_thread.reactor, w.handle, w.ctx);
}

}  // namespace concur::reactor_internal

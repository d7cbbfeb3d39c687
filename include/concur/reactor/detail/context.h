// Internal: the per-task cancellation context and the suspended-operation record.
#pragma once

#include <coroutine>
#include <cstddef>
#include <cstdint>

#include "concur/reactor/detail/running_context.h"
#include "concur/reactor/observer.h"

namespace concur {
class Reactor;
namespace reactor_internal {

struct TaskContext;

struct Waiter;

/// How a suspended operation leaves what it waits in when its task is cancelled.
/// One static instance per function (kCancelOps<f>), so that a waiter refers to it
/// with a pointer whose low bits are free for the waiter's flags.
struct CancelOps {
  void (*cancel)(Waiter*) noexcept;
};
template <void (*F)(Waiter*) noexcept>
inline constexpr CancelOps kCancelOps{F};

/// One suspended operation (sleep, read, channel receive, ...). Lives in the awaiter,
/// hence in the coroutine frame: no allocation per operation. Three words, with the
/// flags packed into the third: a million sleeping tasks are a million of these.
struct Waiter {
  std::coroutine_handle<> handle;
  TaskContext* ctx = nullptr;
  /// Bit 0: cancelled. Bit 1: the waiter is a TimerNode, which cancelling disarms, and
  /// the upper bits are its timer state (timer_wheel.h). Otherwise the upper bits are
  /// its const CancelOps*; nullptr = not cancellable while suspended (the task sees
  /// Cancelled when the operation completes).
  std::uint64_t state = 0;

  static constexpr std::uint64_t kCancelled = 1, kTimer = 2, kFlagBits = 7;
  bool cancelled() const noexcept { return (state & kCancelled) != 0; }
  /// Marks the operation cancelled; returns true, for await_ready.
  bool set_cancelled() noexcept {
    state |= kCancelled;
    return true;
  }
  bool is_timer() const noexcept { return (state & kTimer) != 0; }
  const CancelOps* cancel_ops() const noexcept {
    return is_timer() ? nullptr : reinterpret_cast<const CancelOps*>(static_cast<std::uintptr_t>(state & ~kFlagBits));
  }
};
static_assert(sizeof(void*) == 8 && alignof(CancelOps) >= 8, "a CancelOps* leaves three low bits for flags");

/// A node of the cancellation tree: one per task (root, group child), one per
/// with_timeout scope, one per TaskGroup. Cancelling a node cancels its subtree.
/// Seven words: a spawned task's context lives in its frame's promise (task.h).
struct TaskContext {
  explicit TaskContext(TaskContext* parent, const char* name = nullptr, bool is_task = true) noexcept;
  ~TaskContext();
  TaskContext(const TaskContext&) = delete;
  TaskContext& operator=(const TaskContext&) = delete;

  /// Marks this subtree cancelled and wakes its suspended operations with Cancelled.
  void cancel() noexcept;

  /// The address that points to this node (the parent's first_child or the previous
  /// sibling's next_sibling), nullptr when unlinked, with the flags in its low bits.
  /// First, so that Promise<void> can read kSpawned whichever state it holds.
  std::uintptr_t link_bits = 0;
  static constexpr std::uintptr_t kCancelled = 1;
  static constexpr std::uintptr_t kCounted = 2;  // counted as a live task by this thread's reactor
  static constexpr std::uintptr_t kSpawned = 4;  // lives in a spawned Task<void>'s promise
  static constexpr std::uintptr_t kFlagBits = 7;

  TaskContext* parent;
  TaskContext* first_child = nullptr;
  TaskContext* next_sibling = nullptr;
  Waiter* waiting = nullptr;
  TaskInfo own_info;  // id 0 for scopes

  bool cancelled() const noexcept { return (link_bits & kCancelled) != 0; }
  void set_cancelled(bool on) noexcept { link_bits = (link_bits & ~kCancelled) | (on ? kCancelled : 0); }
  TaskContext** prev_link() const noexcept {
    return reinterpret_cast<TaskContext**>(link_bits & ~kFlagBits);
  }
  void set_prev_link(TaskContext** link) noexcept {
    link_bits = reinterpret_cast<std::uintptr_t>(link) | (link_bits & kFlagBits);
  }
  /// The task this context belongs to: itself for tasks, the enclosing task for
  /// scopes (groups, deadlines); nullptr outside any task.
  const TaskInfo* task() const noexcept;
};
static_assert(alignof(TaskContext*) >= 8, "a TaskContext** leaves three low bits for flags");

/// Per-thread state of the running reactor.
struct ThisThread {
  Reactor* reactor = nullptr;
  TaskContext* ctx = nullptr;
};
/// Named concur_reactor_this_thread for C code, which reads it through the view
/// in detail/running_context.h (the libc hooks: is a task running here?).
inline thread_local ThisThread this_thread __asm__("concur_reactor_this_thread");
static_assert(sizeof(ThisThread) == sizeof(concur_reactor_thread_view) &&
              offsetof(ThisThread, ctx) == offsetof(concur_reactor_thread_view, ctx));

inline bool cancel_requested() noexcept {
  return this_thread.ctx != nullptr && this_thread.ctx->cancelled();
}

inline const TaskInfo* TaskContext::task() const noexcept {
  const TaskContext* c = this;
  while (c && c->own_info.id == 0) c = c->parent;
  return c ? &c->own_info : nullptr;
}

/// Records that `w` (resumable as `h`) is now suspended in the current task;
/// `ops` (nullptr: not cancellable) unlinks it if the task is cancelled meanwhile.
inline void suspend_current(Waiter& w, std::coroutine_handle<> h, const CancelOps* ops) noexcept {
  w.handle = h;
  w.ctx = this_thread.ctx;
  w.state = reinterpret_cast<std::uintptr_t>(ops);
  if (w.ctx) w.ctx->waiting = &w;
}
/// The same for a timer node that wakes `h` when it fires: cancelling disarms it.
inline void suspend_current_on_timer(Waiter& timer, std::coroutine_handle<> h) noexcept {
  timer.handle = h;
  timer.ctx = this_thread.ctx;
  timer.state = (timer.state & ~Waiter::kCancelled) | Waiter::kTimer;
  if (timer.ctx) timer.ctx->waiting = &timer;
}
/// Makes a suspended waiter runnable again (normal completion).
void wake(Waiter& w) noexcept;

}  // namespace reactor_internal
}  // namespace concur

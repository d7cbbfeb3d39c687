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

/// One suspended operation (sleep, read, channel receive, ...). Lives in the awaiter,
/// hence in the coroutine frame: no allocation per operation.
struct Waiter {
  std::coroutine_handle<> handle;
  TaskContext* ctx = nullptr;
  /// Unlinks the operation from whatever it waits in; nullptr = not cancellable
  /// while suspended (the task sees Cancelled when the operation completes).
  void (*on_cancel)(Waiter*) noexcept = nullptr;
  bool cancelled = false;
};

/// A node of the cancellation tree: one per task (root, group child), one per
/// with_timeout scope, one per TaskGroup. Cancelling a node cancels its subtree.
struct TaskContext {
  explicit TaskContext(TaskContext* parent, const char* name = nullptr, bool is_task = true) noexcept;
  ~TaskContext();
  TaskContext(const TaskContext&) = delete;
  TaskContext& operator=(const TaskContext&) = delete;

  /// Marks this subtree cancelled and wakes its suspended operations with Cancelled.
  void cancel() noexcept;

  TaskContext* parent;
  TaskContext* first_child = nullptr;
  TaskContext* next_sibling = nullptr;
  TaskContext** prev_link = nullptr;
  /// The task this context belongs to: itself for tasks, the enclosing task for
  /// scopes (groups, deadlines); nullptr outside any task.
  const TaskInfo* task() const noexcept;

  Waiter* waiting = nullptr;
  TaskInfo own_info;           // id 0 for scopes
  bool cancelled = false;
  bool counted = false;        // counted as a live task by this thread's reactor
};

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
  return this_thread.ctx != nullptr && this_thread.ctx->cancelled;
}

inline const TaskInfo* TaskContext::task() const noexcept {
  const TaskContext* c = this;
  while (c && c->own_info.id == 0) c = c->parent;
  return c ? &c->own_info : nullptr;
}

/// Records that `w` (resumable as `h`) is now suspended in the current task.
inline void suspend_current(Waiter& w, std::coroutine_handle<> h, void (*on_cancel)(Waiter*) noexcept) noexcept {
  w.handle = h;
  w.ctx = this_thread.ctx;
  w.on_cancel = on_cancel;
  w.cancelled = false;
  if (w.ctx) w.ctx->waiting = &w;
}
/// Makes a suspended waiter runnable again (normal completion).
void wake(Waiter& w) noexcept;

}  // namespace reactor_internal
}  // namespace concur

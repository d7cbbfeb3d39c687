// concur/reactor/task_group.h — structured concurrency: spawn children, join them all.
#pragma once

#include <cstddef>
#include <exception>

#include "concur/reactor/loop.h"
#include "concur/reactor/task.h"

namespace concur {

namespace reactor_internal {
/// A group's cancellation scope: the parent of its children's contexts, which leads
/// a child that ends to its group.
struct GroupScope : TaskContext {
  explicit GroupScope(TaskGroup& g) noexcept : TaskContext(this_thread.ctx, nullptr, /*is_task=*/false), group(&g) {}
  TaskGroup* group;
};
}  // namespace reactor_internal

/// A scope for concurrently running child tasks (a nursery). Children start on the
/// next loop iteration, in spawn order. If a child fails with an exception other than
/// Cancelled, the group cancels the other children and join() rethrows that first
/// error once all have finished. Cancelling the enclosing task cancels the children.
///
/// A group must be joined: destroying it while children still run would orphan them
/// (and they may use the destroyed frame), so the destructor calls std::terminate,
/// like P2300's counting_scope. Reactor thread only.
class TaskGroup {
 public:
  TaskGroup() noexcept;
  ~TaskGroup();
  TaskGroup(const TaskGroup&) = delete;
  TaskGroup& operator=(const TaskGroup&) = delete;

  /// Starts `child` as a new task of this group. `name` (static storage) identifies it
  /// to the runtime hooks. Needs a running Reactor.
  void spawn(Task<void> child, const char* name = nullptr);

  /// Waits until every child has finished (even if the waiting task is cancelled
  /// meanwhile), then rethrows the first child failure, or Cancelled if the waiting
  /// task was cancelled. The group can be reused after join.
  auto join() noexcept {
    struct Awaiter {
      TaskGroup& group;
      bool await_ready() const noexcept { return group.running_ == 0; }
      void await_suspend(std::coroutine_handle<> h) noexcept { group.park_joiner(h); }
      void await_resume() { group.finish_join(); }
    };
    return Awaiter{*this};
  }

  /// Requests cancellation of every running child (and of children spawned later,
  /// until the next join completes).
  void cancel() noexcept { scope_.cancel(); }

  std::size_t running() const noexcept { return running_; }

 private:
  friend void reactor_internal::spawned_task_failed(reactor_internal::TaskContext*, std::exception_ptr) noexcept;
  friend void reactor_internal::spawned_task_finished(reactor_internal::TaskContext*) noexcept;
  void park_joiner(std::coroutine_handle<> h) noexcept;
  void finish_join();
  void child_failed(std::exception_ptr e) noexcept;
  void child_finished() noexcept;

  reactor_internal::GroupScope scope_;
  std::size_t running_ = 0;
  std::exception_ptr first_error_;
  reactor_internal::Waiter joiner_;
  bool joiner_parked_ = false;
  Reactor* reactor_ = nullptr;
};

}  // namespace concur

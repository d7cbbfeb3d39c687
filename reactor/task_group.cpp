// Task groups: children run as their own tasks; the group joins them all.
#include <cstdio>
#include <new>
#include <stdexcept>

#include "concur/reactor/task_group.h"
#include "loop_access.h"

namespace concur {

namespace reactor_internal {

void spawned_task_failed(TaskContext* group_scope, std::exception_ptr error) noexcept {
  try {
    std::rethrow_exception(error);
  } catch (const Cancelled&) {
    // Cancellation is how the group or the parent asked the child to stop: not a failure.
  } catch (...) {
    static_cast<GroupScope*>(group_scope)->group->child_failed(std::move(error));
  }
}

void spawned_task_finished(TaskContext* group_scope) noexcept {
  static_cast<GroupScope*>(group_scope)->group->child_finished();
}

}  // namespace reactor_internal

TaskGroup::TaskGroup() noexcept : scope_(*this) {}

TaskGroup::~TaskGroup() {
  if (running_ != 0) {
    std::fprintf(stderr,
                 "concur::TaskGroup destroyed with %zu running children: co_await join() before the group "
                 "goes out of scope (children would be orphaned)\n",
                 running_);
    std::terminate();
  }
}

void TaskGroup::spawn(Task<void> child, const char* name) {
  if (!child) throw std::invalid_argument("concur::TaskGroup::spawn: empty task");
  reactor_ = &Reactor::current();
  auto handle = child.release();
  // The child's context replaces its awaited state in its promise: it is a task of
  // its own now, which nobody awaits.
  reactor_internal::Promise<void>& promise = handle.promise();
  promise.awaited.~AwaitedState();
  new (&promise.context) reactor_internal::TaskContext(&scope_, name);
  promise.context.link_bits |= reactor_internal::TaskContext::kSpawned;
  ++running_;
  reactor_internal::LoopAccess::schedule(*reactor_, handle, &promise.context);
}

void TaskGroup::park_joiner(std::coroutine_handle<> h) noexcept {
  reactor_internal::suspend_current(joiner_, h, nullptr);  // joining waits for children even when cancelled
  joiner_parked_ = true;
}

void TaskGroup::finish_join() {
  // Ready for reuse: a cancellation of the group itself ends with the join.
  scope_.set_cancelled(scope_.parent != nullptr && scope_.parent->cancelled());
  if (first_error_) std::rethrow_exception(std::exchange(first_error_, nullptr));
  if (reactor_internal::cancel_requested()) throw Cancelled();
}

void TaskGroup::child_failed(std::exception_ptr e) noexcept {
  if (!first_error_) first_error_ = std::move(e);
  scope_.cancel();
}

void TaskGroup::child_finished() noexcept {
  if (--running_ == 0 && joiner_parked_) {
    joiner_parked_ = false;
    reactor_internal::wake(joiner_);
  }
}

}  // namespace concur

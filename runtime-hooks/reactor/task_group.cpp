// Task groups: children run as their own tasks; the group joins them all.
#include <cstdio>
#include <stdexcept>

#include "concur/reactor/task_group.h"

namespace concur {

/// The coroutine that owns one child of a group. Its frame (holding the child's
/// cancellation context) frees itself when the child finishes.
struct GroupChild {
  struct promise_type {
    detail::TaskContext ctx;
    promise_type(TaskGroup&, detail::TaskContext& scope, Task<void>&, const char* name) noexcept
        : ctx(&scope, name) {}
    GroupChild get_return_object() noexcept {
      return GroupChild{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { std::terminate(); }
  };
  std::coroutine_handle<promise_type> handle;

  static GroupChild run(TaskGroup& group, detail::TaskContext&, Task<void> child, const char*) {
    try {
      co_await std::move(child);
    } catch (const Cancelled&) {
      // Cancellation is how the group or the parent asked the child to stop: not a failure.
    } catch (...) {
      group.child_failed(std::current_exception());
    }
    group.child_finished();
  }
};

TaskGroup::TaskGroup() noexcept : scope_(detail::this_thread.ctx, nullptr, /*is_task=*/false) {}

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
  GroupChild runner = GroupChild::run(*this, scope_, std::move(child), name);
  ++running_;
  reactor_->schedule(runner.handle, &runner.handle.promise().ctx);
}

void TaskGroup::park_joiner(std::coroutine_handle<> h) noexcept {
  detail::suspend_current(joiner_, h, nullptr);  // joining waits for children even when cancelled
  joiner_parked_ = true;
}

void TaskGroup::finish_join() {
  // Ready for reuse: a cancellation of the group itself ends with the join.
  scope_.cancelled = scope_.parent != nullptr && scope_.parent->cancelled;
  if (first_error_) std::rethrow_exception(std::exchange(first_error_, nullptr));
  if (detail::cancel_requested()) throw Cancelled();
}

void TaskGroup::child_failed(std::exception_ptr e) noexcept {
  if (!first_error_) first_error_ = std::move(e);
  scope_.cancel();
}

void TaskGroup::child_finished() noexcept {
  if (--running_ == 0 && joiner_parked_) {
    joiner_parked_ = false;
    detail::wake(joiner_);
  }
}

}  // namespace concur

// concur/reactor/cancellation.h — deadlines: co_await with_timeout(d, task).
#pragma once

#include <chrono>
#include <stdexcept>
#include <string>

#include "concur/reactor/loop.h"
#include "concur/reactor/task.h"

namespace concur {

/// Thrown by with_timeout when the deadline passed before the task finished.
class TimeoutError : public std::runtime_error {
 public:
  explicit TimeoutError(std::chrono::nanoseconds limit);
  std::chrono::nanoseconds limit() const noexcept { return limit_; }

 private:
  std::chrono::nanoseconds limit_;
};

namespace reactor_internal {

/// A cancellation scope with a deadline: a child context of the current task that is
/// cancelled when the timer fires. Disarms on destruction.
class DeadlineScope {
 public:
  explicit DeadlineScope(std::chrono::nanoseconds limit);
  ~DeadlineScope();
  DeadlineScope(const DeadlineScope&) = delete;
  DeadlineScope& operator=(const DeadlineScope&) = delete;

  bool expired() const noexcept { return expired_; }
  bool outer_cancelled() const noexcept { return ctx_.parent != nullptr && ctx_.parent->cancelled(); }
  std::chrono::nanoseconds limit() const noexcept { return limit_; }

  /// Awaits `task` inside this scope: its suspensions belong to the scope's context.
  template <class T>
  auto enter(Task<T>& task) noexcept {
    struct Awaiter {
      Task<T>& task;
      TaskContext* inner;
      TaskContext* outer = nullptr;
      bool await_ready() const noexcept { return false; }
      std::coroutine_handle<> await_suspend(std::coroutine_handle<> caller) noexcept {
        outer = this_thread.ctx;
        this_thread.ctx = inner;
        task.handle().promise().set_continuation(caller);
        return task.handle();
      }
      T await_resume() {
        this_thread.ctx = outer;
        return task.handle().promise().take();
      }
    };
    return Awaiter{task, &ctx_};
  }

 private:
  static void fired(CallbackTimer* node) noexcept;
  TaskContext ctx_;
  struct Timer : CallbackTimer {
    DeadlineScope* owner = nullptr;
  } timer_;
  Reactor* reactor_;
  std::chrono::nanoseconds limit_;
  bool expired_ = false;
};

}  // namespace reactor_internal

/// Runs `task`; if it has not finished after `limit`, cancels it (it sees Cancelled at
/// its next suspension point, unwinds, releases what it holds) and throws TimeoutError
/// once it has unwound. If the enclosing task is cancelled, Cancelled propagates instead.
template <class T, class Rep, class Period>
Task<T> with_timeout(std::chrono::duration<Rep, Period> limit, Task<T> task) {
  reactor_internal::DeadlineScope scope(std::chrono::duration_cast<std::chrono::nanoseconds>(limit));
  try {
    co_return co_await scope.enter(task);
  } catch (const Cancelled&) {
    if (scope.expired() && !scope.outer_cancelled()) throw TimeoutError(scope.limit());
    throw;
  }
}

}  // namespace concur

// concur/reactor/timers.h — sleeping: co_await sleep_for(d), co_await sleep_until(t).
#pragma once

#include <chrono>
#include <cstddef>

#include "concur/reactor/loop.h"

namespace concur {

namespace reactor_internal {
/// A timer parked in the reactor's timing wheel. The node lives in the awaiter, so
/// arming allocates nothing. Resolution is 1 ms; a sleep never ends early.
class SleepAwaiter : TimerNode, Waiter {
 public:
  explicit SleepAwaiter(std::chrono::steady_clock::time_point deadline) noexcept : deadline_(deadline) {}
  bool await_ready() noexcept {
    if (cancel_requested()) return Waiter::cancelled = true;
    return deadline_ <= std::chrono::steady_clock::now();
  }
  void await_suspend(std::coroutine_handle<> h) noexcept;
  void await_resume() const {
    if (Waiter::cancelled) throw Cancelled();
  }

 private:
  static void timer_fired(TimerNode* node) noexcept;
  static void wait_cancelled(Waiter* w) noexcept;
  std::chrono::steady_clock::time_point deadline_;
  Reactor* reactor_ = nullptr;
};
}  // namespace reactor_internal

/// Suspends the current task until `deadline` (steady clock). Throws Cancelled if the
/// task is or becomes cancelled. Needs a running Reactor.
inline reactor_internal::SleepAwaiter sleep_until(std::chrono::steady_clock::time_point deadline) noexcept {
  return reactor_internal::SleepAwaiter(deadline);
}

/// Suspends the current task for at least `d`. sleep_for(0) still checks cancellation.
template <class Rep, class Period>
reactor_internal::SleepAwaiter sleep_for(std::chrono::duration<Rep, Period> d) noexcept {
  return reactor_internal::SleepAwaiter(std::chrono::steady_clock::now() +
                              std::chrono::duration_cast<std::chrono::steady_clock::duration>(d));
}

}  // namespace concur

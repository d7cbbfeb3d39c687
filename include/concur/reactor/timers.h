// concur/reactor/timers.h — sleeping: co_await sleep_for(d), co_await sleep_until(t).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

#include "concur/reactor/loop.h"

namespace concur {

namespace reactor_internal {
/// A timer parked in the reactor's timing wheel. The node lives in the awaiter, so
/// arming allocates nothing. Resolution is 1 ms; a sleep never ends early.
class SleepAwaiter : TimerNode {
 public:
  // Until armed, the node's deadline bits hold the wanted time in steady-clock
  // microseconds, rounded up (52 bits: 142 years of uptime): the frame carries no
  // second copy of it (nor its reactor, which is the thread's). A million sleeping
  // tasks are a million of these.
  explicit SleepAwaiter(std::chrono::steady_clock::time_point deadline) noexcept {
    auto us = std::chrono::ceil<std::chrono::microseconds>(deadline.time_since_epoch()).count();
    set_deadline(us < 0 ? 0 : static_cast<std::uint64_t>(us));
  }
  bool await_ready() noexcept {
    if (cancel_requested()) return set_cancelled();
    return wanted() <= std::chrono::steady_clock::now();
  }
  void await_suspend(std::coroutine_handle<> h) noexcept;
  void await_resume() const {
    if (cancelled()) throw Cancelled();
  }

 private:
  std::chrono::steady_clock::time_point wanted() const noexcept {
    return std::chrono::steady_clock::time_point(std::chrono::microseconds(static_cast<std::int64_t>(deadline())));
  }
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
  // A deadline rounds up to the microsecond: now() + 0 would seldom be due yet.
  if (d <= d.zero()) return reactor_internal::SleepAwaiter(std::chrono::steady_clock::time_point::min());
  return reactor_internal::SleepAwaiter(std::chrono::steady_clock::now() +
                                        std::chrono::duration_cast<std::chrono::steady_clock::duration>(d));
}

}  // namespace concur

// Sleeping: the awaiter's node is armed in this thread's reactor's timing wheel
// and wakes the task when it fires; cancelling the task disarms it.
#include "concur/reactor/timers.h"

#include "loop_access.h"

namespace concur::reactor_internal {

void SleepAwaiter::await_suspend(std::coroutine_handle<> h) noexcept {
  reactor_ = this_thread.reactor;
  TimerNode::fire = &SleepAwaiter::timer_fired;
  suspend_current(*this, h, &SleepAwaiter::wait_cancelled);
  LoopAccess::arm_timer(*reactor_, this, deadline_);
}

void SleepAwaiter::timer_fired(TimerNode* node) noexcept { wake(*static_cast<SleepAwaiter*>(node)); }

void SleepAwaiter::wait_cancelled(Waiter* w) noexcept {
  auto* self = static_cast<SleepAwaiter*>(w);
  LoopAccess::cancel_timer(*self->reactor_, self);
}

}  // namespace concur::reactor_internal

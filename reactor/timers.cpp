// Sleeping: the awaiter's node is armed in this thread's reactor's timing wheel
// and wakes the task when it fires; cancelling the task disarms it.
#include "concur/reactor/timers.h"

#include "loop_access.h"

namespace concur::reactor_internal {

void SleepAwaiter::await_suspend(std::coroutine_handle<> h) noexcept {
  TimerNode::fire = &SleepAwaiter::timer_fired;
  suspend_current(*this, h, &SleepAwaiter::wait_cancelled);
  LoopAccess::arm_timer(*this_thread.reactor, this, wanted());  // files the node: deadline becomes a tick
}

void SleepAwaiter::timer_fired(TimerNode* node) noexcept { wake(*static_cast<SleepAwaiter*>(node)); }

// Cancellation runs on the reactor's thread, whose reactor armed the node.
void SleepAwaiter::wait_cancelled(Waiter* w) noexcept {
  LoopAccess::cancel_timer(*this_thread.reactor, static_cast<SleepAwaiter*>(w));
}

}  // namespace concur::reactor_internal

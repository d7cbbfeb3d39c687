// Sleeping: the awaiter's node is armed in this thread's reactor's timing wheel
// and wakes the task when it fires; cancelling the task disarms it.
#include "concur/reactor/timers.h"

#include "loop_access.h"

namespace concur::reactor_internal {

void SleepAwaiter::await_suspend(std::coroutine_handle<> h) noexcept {
  suspend_current_on_timer(*this, h);  // cancelling the task disarms the node (task.cpp)
  LoopAccess::arm_timer(*this_thread.reactor, this, wanted());  // files the node: deadline becomes a tick
}

void fire_timer(TimerNode* node) noexcept {
  if (node->state & TimerNode::kCallback) {
    auto* timer = static_cast<CallbackTimer*>(node);
    timer->on_fire(timer);
  } else {
    wake_inline(*node);
  }
}

}  // namespace concur::reactor_internal

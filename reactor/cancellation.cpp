// Cancellation: deadline scopes for with_timeout.
#include <string>

#include "concur/reactor/cancellation.h"
#include "loop_access.h"

namespace concur {

namespace {
std::string timeout_message(std::chrono::nanoseconds limit) {
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(limit).count();
  if (us % 1000 == 0) return "concur: timed out after " + std::to_string(us / 1000) + " ms";
  return "concur: timed out after " + std::to_string(us) + " us";
}
}  // namespace

TimeoutError::TimeoutError(std::chrono::nanoseconds limit) : std::runtime_error(timeout_message(limit)), limit_(limit) {}

namespace reactor_internal {

DeadlineScope::DeadlineScope(std::chrono::nanoseconds limit)
    : ctx_(this_thread.ctx, nullptr, /*is_task=*/false), reactor_(&Reactor::current()), limit_(limit) {
  timer_.on_fire = &DeadlineScope::fired;
  timer_.owner = this;
  LoopAccess::arm_timer(*reactor_, &timer_,
                        std::chrono::steady_clock::now() +
                            std::chrono::duration_cast<std::chrono::steady_clock::duration>(limit));
}

DeadlineScope::~DeadlineScope() { LoopAccess::cancel_timer(*reactor_, &timer_); }

void DeadlineScope::fired(CallbackTimer* node) noexcept {
  DeadlineScope* self = static_cast<Timer*>(node)->owner;
  self->expired_ = true;
  self->ctx_.cancel();
}

}  // namespace reactor_internal
}  // namespace concur

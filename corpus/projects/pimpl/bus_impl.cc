#include "bus_impl.h"

#include <utility>

namespace pimpl {

void Bus::Impl::Subscribe(std::function<void(int)> listener) {
  std::lock_guard<std::mutex> hold(mu_);
  listeners_.push_back(std::move(listener));
}

void Bus::Impl::SetIdleHook(std::function<void()> hook) {
  std::lock_guard<std::mutex> hold(mu_);
  idle_hook_ = std::move(hook);
}

void Bus::Impl::SetFlusher(std::function<void()> flusher) {
  std::lock_guard<std::mutex> hold(mu_);
  flusher_ = std::move(flusher);
}

// positive: the listeners are what Bus::Subscribe's callers pass.
void Bus::Impl::Publish(int value) {
  std::lock_guard<std::mutex> hold(mu_);
  for (auto& listener : listeners_) listener(value);  // expect: concur-locked-callback
}

// positive: Bus::OnIdle forwards its caller's hook to SetIdleHook (bus.cc).
void Bus::Impl::Idle() {
  std::lock_guard<std::mutex> hold(mu_);
  if (idle_hook_) idle_hook_();  // expect: concur-locked-callback
}

// negative: the only flusher is the lambda Bus's constructor sets (bus.cc);
// code outside cannot name Bus::Impl to call SetFlusher.
void Bus::Impl::Flush() {
  std::lock_guard<std::mutex> hold(mu_);
  if (flusher_) flusher_();
}

}  // namespace pimpl

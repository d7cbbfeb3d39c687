#include "events.h"

namespace {
std::function<void()> listener;
}

namespace events {

void SetListener(std::function<void()> f) { listener = std::move(f); }
void TellListener() {
  if (listener) listener();
}

// positive: the constructor is public, so handler_ is whatever a user constructs the channel with.
void Channel::Deliver(int value) {
  std::lock_guard<std::mutex> lock(mu_);
  handler_(value);  // expect: concur-locked-callback
}

}  // namespace events

namespace events_internal {

// positive: only Trigger constructs a Slot, with TellListener, which runs the program's listener
// under mu_.
void Slot::Fire() {
  std::lock_guard<std::mutex> lock(mu_);
  fire_();  // expect: concur-locked-callback
}

}  // namespace events_internal

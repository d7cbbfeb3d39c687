#include "delivery.h"

// negative: kQuietDelivery.notify is false (delivery_defaults.cc).
void Outbox::PushQuiet(const std::string& m) {
  std::lock_guard<std::mutex> guard(mu_);
  queue_.push_back(m);
  Deliver(m, kQuietDelivery);
}

// positive: kLoudDelivery.notify is true: the user's listener runs under mu_.
void Outbox::PushLoud(const std::string& m) {
  std::lock_guard<std::mutex> guard(mu_);
  queue_.push_back(m);
  Deliver(m, kLoudDelivery);  // expect: concur-locked-callback
}

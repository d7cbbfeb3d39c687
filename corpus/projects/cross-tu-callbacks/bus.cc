#include "bus.h"

namespace bus {

// positive: the helper in notify.cc runs the listeners; Emit holds mu_ while it does.
void Bus::Emit(int topic, const std::string& message) {
  std::lock_guard<std::mutex> lock(mu_);
  NotifyListeners(listeners_, topic, message);  // expect: concur-locked-callback
}

// negative: copy the listeners under the lock, notify without it.
void Bus::EmitCopied(int topic, const std::string& message) {
  std::vector<Listener*> copy;
  {
    std::lock_guard<std::mutex> lock(mu_);
    copy = listeners_;
  }
  NotifyListeners(copy, topic, message);
}

// negative: accepts() is a const query; the helper asks, it does not notify.
int Bus::Count(int topic) const {
  std::lock_guard<std::mutex> lock(mu_);
  return CountAccepting(listeners_, topic);
}

}  // namespace bus

#include "bus.h"

#include <algorithm>

namespace bus {

// negative: Attach locks mu_ (a listener calling it from OnMessage deadlocks,
// which the Emit finding says); nothing foreign runs here.
void Bus::Attach(Listener* listener) {
  std::lock_guard<std::mutex> lock(mu_);
  listeners_.push_back(listener);
}

// negative: the same.
void Bus::Detach(Listener* listener) {
  std::lock_guard<std::mutex> lock(mu_);
  listeners_.erase(std::remove(listeners_.begin(), listeners_.end(), listener), listeners_.end());
}

}  // namespace bus

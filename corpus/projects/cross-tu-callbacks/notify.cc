#include "bus.h"

namespace bus {

// negative: no lock is held here; the hazard is reported where Bus::Emit calls this.
void NotifyListeners(const std::vector<Listener*>& listeners, int topic, const std::string& message) {
  for (Listener* listener : listeners)
    if (listener->accepts(topic)) listener->OnMessage(message);
}

// negative: only the const query accepts() is called.
int CountAccepting(const std::vector<Listener*>& listeners, int topic) {
  int n = 0;
  for (Listener* listener : listeners) n += listener->accepts(topic) ? 1 : 0;
  return n;
}

}  // namespace bus

// A message bus whose listeners live in other files: the callback hazard
// spans three TUs (bus.cc holds the lock, notify.cc runs the listeners,
// bus_attach.cc is what a re-entering listener would call).
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace bus {

class Listener {
 public:
  virtual ~Listener() = default;
  virtual void OnMessage(const std::string& message) = 0;
  // A question, not a notification: const and returns a value.
  virtual bool accepts(int topic) const = 0;
};

class Bus {
 public:
  void Emit(int topic, const std::string& message);
  void EmitCopied(int topic, const std::string& message);
  void Attach(Listener* listener);
  void Detach(Listener* listener);
  int Count(int topic) const;

 private:
  mutable std::mutex mu_;
  std::vector<Listener*> listeners_;
};

// Runs every listener that accepts `topic`; defined in notify.cc.
void NotifyListeners(const std::vector<Listener*>& listeners, int topic, const std::string& message);
// Counts the listeners that accept `topic` (queries only); defined in notify.cc.
int CountAccepting(const std::vector<Listener*>& listeners, int topic);

}  // namespace bus

// concur-racy-lazy-init: a class is a lock to its users when one of its methods
// returns holding a lock on every path. A monitor that locks its own mutex inside
// its methods, and at most sometimes returns still holding it, is not one: lazily
// creating a monitor singleton is not a lazily created lock.
#include <chrono>
#include <memory>
#include <mutex>
#include <string>

namespace monitors {

// A monitor: try-locks its own mutex and keeps it while a dialog is open; the
// dialog's close handler unlocks it. Some paths return holding it, others not.
class DialogMonitor {
 public:
  static DialogMonitor* instance();
  void open(const std::string& title) {
    if (!busy_.try_lock()) return;
    if (title.empty()) {
      busy_.unlock();
      return;
    }
    title_ = title;  // stays busy until closed()
  }
  void closed() {
    title_.clear();
    busy_.unlock();
  }

 private:
  static DialogMonitor* s_instance;
  std::mutex busy_;
  std::string title_;
};
DialogMonitor* DialogMonitor::s_instance = nullptr;

// negative: a monitor singleton created lazily is not a lock created lazily.
DialogMonitor* DialogMonitor::instance() {
  if (!s_instance) s_instance = new DialogMonitor();
  return s_instance;
}

// A device driver: waits up to a second for its own timed mutex, gives up
// otherwise, and releases it on every path that took it.
class Device {
 public:
  static Device* get();
  bool challenge(int tries) {
    if (!mu_.try_lock_for(std::chrono::milliseconds(1000))) return false;
    while (tries-- > 0) {
      if (poll()) {
        mu_.unlock();
        return true;
      }
    }
    mu_.unlock();
    return false;
  }

 private:
  bool poll() { return ++polls_ % 3 == 0; }
  static Device* s_device;
  std::timed_mutex mu_;
  int polls_ = 0;
};
Device* Device::s_device = nullptr;

// negative: a driver that locks and unlocks its own mutex inside one call, created lazily.
Device* Device::get() {
  if (s_device == nullptr) s_device = new Device;
  return s_device;
}

// A lock under other names: Enter() returns holding the member mutex on every
// path, Leave() releases it.
class Section {
 public:
  void Enter() { mu_.lock(); ++entries_; }
  bool TryEnter() { return mu_.try_lock(); }
  void Leave() { mu_.unlock(); }

 private:
  std::mutex mu_;
  int entries_ = 0;
};

class Journal {
 public:
  // positive: a user lock class with Enter/Leave, created lazily in a member unique_ptr.
  void Append(const std::string& line) {
    if (!section_) section_ = std::make_unique<Section>();  // expect: concur-racy-lazy-init
    section_->Enter();
    last_ = line;
    section_->Leave();
  }

 private:
  std::unique_ptr<Section> section_;
  std::string last_;
};

// A lock that takes its mutex through a helper: Acquire() holds it on every
// path because the helper returns holding it.
class Gate {
 public:
  void Acquire() { take(); }
  void Release() { mu_.unlock(); }

 private:
  void take() { mu_.lock(); }
  std::mutex mu_;
};

Gate* g_gate = nullptr;

// positive: a lock whose acquiring method is a wrapper, created lazily at namespace scope.
void Pass() {
  if (g_gate == nullptr) g_gate = new Gate();  // expect: concur-racy-lazy-init
  g_gate->Acquire();
  g_gate->Release();
}

}  // namespace monitors

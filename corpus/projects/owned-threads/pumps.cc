// A thread held through a smart pointer member: made with std::make_unique,
// or reset to a new std::thread, and joined through the pointer.
#include <memory>
#include <thread>
#include <vector>

namespace owned {

std::vector<int> g_pumped;
std::vector<int> g_drained;

class Pump {
 public:
  void start() { thread_ = std::make_unique<std::thread>([this] { run(); }); }
  void stop() { thread_->join(); }

 private:
  void run() {
    // negative: pump_once reads the list after stop () joined the thread.
    g_pumped.push_back(1);
  }
  std::unique_ptr<std::thread> thread_;
};

class Drain {
 public:
  void start() { thread_.reset(new std::thread([this] { run(); })); }
  void stop() { thread_->join(); }

 private:
  void run() {
    // negative: drain_once reads the list after stop () joined the thread.
    g_drained.push_back(1);
  }
  std::unique_ptr<std::thread> thread_;
};

size_t pump_once() {
  g_pumped.clear();
  Pump pump;
  pump.start();
  pump.stop();
  return g_pumped.size();
}

size_t drain_once() {
  g_drained.clear();
  Drain drain;
  drain.start();
  drain.stop();
  return g_drained.size();
}

}  // namespace owned

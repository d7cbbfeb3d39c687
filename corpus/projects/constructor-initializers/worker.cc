// A thread started in a member initializer is a thread: what it runs is concurrent with the
// program that goes on after the constructor.
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace {
std::map<std::string, int> counters;
std::map<std::string, int> guarded_counters;
std::mutex counters_mu;
}  // namespace

class Worker {
 public:
  Worker() : thread_([this] { Loop(); }) {}
  ~Worker() { thread_.join(); }
  void Count(const std::string& name) {
    std::lock_guard<std::mutex> lock(counters_mu);
    ++guarded_counters[name];
  }

 private:
  void Loop() {
    // positive: the worker thread and StartWorker, which goes on while the worker lives,
    // write the map at once.
    counters["loops"] += 1;  // expect: concur-shared-global-cache
    // negative: under the lock Count also takes.
    Count("loops");
  }
  std::thread thread_;
};

void StartWorker() {
  Worker worker;
  worker.Count("start");
  // positive: the worker's thread runs until ~Worker joins it at the end of this function.
  counters["start"] += 1;  // expect: concur-shared-global-cache
}

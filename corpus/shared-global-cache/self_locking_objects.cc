// concur-shared-global-cache: a global object of a class whose method takes
// the object's own mutex (`void ActionCache::Put (...) { std::lock_guard<
// std::mutex> hold (mu_); ... }`) keeps its state consistent itself: calling
// Put with no lock is not an unlocked change, even where other code also
// locks the cache's mutex through its accessor; so does a method that pins
// a member latch with a guard of the project's. A class whose methods take
// no lock of their own is changed unlocked by such a call.
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace build {

class ActionCache {
 public:
  void Put(const std::string& key, int result) {
    std::lock_guard<std::mutex> hold(mu_);
    results_[key] = result;
  }
  std::string SerializeLocked() const {
    std::string out;
    for (const auto& [key, result] : results_) out += key + "=" + std::to_string(result) + "\n";
    return out;
  }
  std::mutex& mutex() { return mu_; }

 private:
  std::mutex mu_;
  std::map<std::string, int> results_;
};

class TimingTable {
 public:
  void Record(const std::string& key, double seconds) { seconds_[key] = seconds; }
  double Total() const {
    double total = 0;
    for (const auto& [key, seconds] : seconds_) total += seconds;
    return total;
  }

 private:
  std::map<std::string, double> seconds_;
};

// A home-made mutex whose methods are not called lock/unlock, and a guard over it.
class Latch {
 public:
  void Close() { mu_.lock(); }
  void Open() { mu_.unlock(); }

 private:
  std::mutex mu_;
};

class Pin {
 public:
  explicit Pin(Latch& latch) : latch_(latch) { latch_.Close(); }
  ~Pin() { latch_.Open(); }

 private:
  Latch& latch_;
};

class HitTable {
 public:
  void Add(const std::string& key) {
    Pin pin(latch_);
    hits_[key]++;
  }

 private:
  Latch latch_;
  std::map<std::string, long> hits_;
};

ActionCache g_action_cache;
TimingTable g_timings;
std::mutex g_timings_mu;
HitTable& Hits() {
  static HitTable* hits = new HitTable;
  return *hits;
}

std::string Snapshot() {
  std::lock_guard<std::mutex> hold(g_action_cache.mutex());
  return g_action_cache.SerializeLocked();
}

void RecordLocked(const std::string& target, double seconds) {
  std::lock_guard<std::mutex> hold(g_timings_mu);
  g_timings.Record(target, seconds);
}

void FinishTarget(const std::string& target, int rc, double seconds) {
  // negative: Put locks the cache's own mutex.
  g_action_cache.Put(target, rc);
  // positive: Record takes no lock, and RecordLocked changes it under g_timings_mu.
  g_timings.Record(target, seconds);  // expect: concur-shared-global-cache
  // negative: Add pins the table's own latch (a guard of the project's over a member).
  Hits().Add(target);
}

void BuildAll() {
  std::thread worker([] { FinishTarget("lib", 0, 1.5); });
  FinishTarget("app", 0, 2.0);
  RecordLocked("link", 0.5);
  worker.join();
}

}  // namespace build

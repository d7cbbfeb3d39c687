// A guard made with std::try_to_lock (or std::defer_lock and then tried)
// holds its lock on the branch where it reports owning it: owns_lock (), its
// bool conversion, or the result of its try_lock (). A callback there runs
// under the lock; on the other branch nothing is held.
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace try_guards {

class Batcher {
public:
  void OnFlush(std::function<void(const std::vector<std::string>&)> sink) {
    std::lock_guard<std::mutex> hold(mu_);
    sink_ = std::move(sink);
  }

  // positive: the early return leaves the rest of the function under the lock.
  void FlushIfFree() {
    std::unique_lock<std::mutex> attempt(mu_, std::try_to_lock);
    if (!attempt.owns_lock()) return;
    sink_(pending_);  // expect: concur-locked-callback
    pending_.clear();
  }

  // positive: the guard's bool conversion, with class template argument deduction.
  void FlushOrKeep() {
    std::unique_lock attempt{mu_, std::try_to_lock};
    if (attempt) {
      sink_(pending_);  // expect: concur-locked-callback
      pending_.clear();
    }
  }

  // positive: a deferred guard, then tried.
  void FlushDeferred() {
    std::unique_lock<std::mutex> later(mu_, std::defer_lock);
    if (later.try_lock()) sink_(pending_);  // expect: concur-locked-callback
  }

  // negative: the sink runs on the branch where the attempt failed.
  void ReportBusy() {
    std::unique_lock<std::mutex> attempt(mu_, std::try_to_lock);
    if (!attempt) {
      sink_({});
      return;
    }
    pending_.clear();
  }

  // negative: the guard lets go before the sink runs.
  void FlushAfterUnlock() {
    std::unique_lock<std::mutex> attempt(mu_, std::try_to_lock);
    if (!attempt.owns_lock()) return;
    std::vector<std::string> taken;
    taken.swap(pending_);
    attempt.unlock();
    sink_(taken);
  }

private:
  std::mutex mu_;
  std::vector<std::string> pending_;
  std::function<void(const std::vector<std::string>&)> sink_;
};

// The same in a class template whose lock type is a parameter.
template <class Mutex>
class Gauge {
public:
  void OnChange(std::function<void(int)> watcher) {
    std::lock_guard<Mutex> hold(mu_);
    watcher_ = std::move(watcher);
  }

  // positive: instantiated below with std::mutex.
  void Set(int value) {
    std::unique_lock<Mutex> attempt(mu_, std::try_to_lock);
    if (attempt.owns_lock() && value != value_) {
      value_ = value;
      watcher_(value);  // expect: concur-locked-callback
    }
  }

private:
  Mutex mu_;
  int value_ = 0;
  std::function<void(int)> watcher_;
};

template class Gauge<std::mutex>;

}  // namespace try_guards

// A try-lock holds its lock on the branch where it returned true. A callback
// there runs under the lock, and re-entering the object deadlocks (or, for a
// try-lock, silently skips the work); where the attempt failed nothing is held.
#include <functional>
#include <mutex>

namespace try_locks {

class Sampler {
public:
  void OnSample(std::function<void(int)> hook) {
    std::lock_guard<std::mutex> hold(mu_);
    hook_ = std::move(hook);
  }

  // positive: the hook runs inside `if (mu_.try_lock ())`.
  void Sample(int value) {
    if (mu_.try_lock()) {
      ++count_;
      hook_(value);  // expect: concur-locked-callback
      mu_.unlock();
    }
  }

  // negative: the hook runs where try_lock failed; the lock is not held there.
  void SampleOrReport(int value) {
    if (!mu_.try_lock()) {
      hook_(value);
      return;
    }
    ++count_;
    mu_.unlock();
  }

private:
  std::mutex mu_;
  std::function<void(int)> hook_;
  int count_ = 0;
};

class AutoTyper {
public:
  explicit AutoTyper(std::function<void()> pump) : pump_(std::move(pump)) {}

  // negative: busy_ is only ever tried; the event pump's handlers that come back here
  // fail their own tryLock-style attempt and return instead of waiting.
  void Type() {
    if (!busy_.try_lock()) return;
    pump_();
    busy_.unlock();
  }

private:
  std::mutex busy_;
  std::function<void()> pump_;
};

}  // namespace try_locks

// concur-locked-callback: a guard handed to a helper (`Notify (std::move (lk))`,
// `Wait (lk)`) holds the caller's lock inside it. The fact: "a guard parameter
// holds what every caller's guard holds"; unlocking it releases the caller's
// lock, and one passed by value releases it when the call ends.
#include <condition_variable>
#include <functional>
#include <mutex>
#include <utility>
#include <vector>

namespace handed {

class Gauge {
 public:
  void OnChange(std::function<void(int)> cb) {
    std::lock_guard<std::mutex> lock(mu_);
    on_change_ = std::move(cb);
  }

  // negative: the helper takes the guard and releases it before the callback.
  void Set(int v) {
    std::unique_lock<std::mutex> lock(mu_);
    value_ = v;
    PublishAndUnlock(std::move(lock), v);
  }

  // positive: this helper keeps the guard it was given while it calls back.
  void Bump() {
    std::unique_lock<std::mutex> lock(mu_);
    ++value_;
    PublishLocked(std::move(lock), value_);  // expect: concur-locked-callback
  }

  // negative: a helper given the guard by reference drops the lock around the callback.
  void Reset() {
    std::unique_lock<std::mutex> lock(mu_);
    value_ = 0;
    CallOutside(lock, 0);
    value_ = 1;
  }

  // negative: the guard is moved into one that ends with its block, before the callback.
  void Drop() {
    std::unique_lock<std::mutex> first(mu_);
    value_ = -1;
    { std::unique_lock<std::mutex> sink = std::move(first); }
    on_change_(value_);
  }

  // positive: the guard, moved into a second guard, is still held while calling back.
  void Refresh() {
    std::unique_lock<std::mutex> first(mu_);
    std::unique_lock<std::mutex> second(std::move(first));
    on_change_(value_);  // expect: concur-locked-callback
  }

 private:
  void PublishAndUnlock(std::unique_lock<std::mutex> held, int v) {
    auto cb = on_change_;
    held.unlock();
    if (cb) cb(v);
  }

  void PublishLocked(std::unique_lock<std::mutex> held, int v) {
    if (on_change_) on_change_(v);
  }

  void CallOutside(std::unique_lock<std::mutex>& held, int v) {
    auto cb = on_change_;
    held.unlock();
    if (cb) cb(v);
    held.lock();
  }

  std::mutex mu_;
  int value_ = 0;
  std::function<void(int)> on_change_;
};

}  // namespace handed

// The AWS SDK's `synchronize { yield }`: the caller's block runs while the
// client's lock is held. A block that calls back into the client deadlocks.
#include <functional>
#include <mutex>
#include <utility>
#include <vector>

namespace aws {

class CredentialProvider {
 public:
  // positive: a template-parameter callable runs under mu_.
  template <class F>
  void synchronize(F&& f) {
    std::lock_guard<std::mutex> g(mu_);
    f();  // expect: concur-locked-callback
  }

  // positive: the refresh listener runs under mu_; if it calls Subscribe, it deadlocks.
  void Refresh(int generation) {
    std::lock_guard<std::mutex> g(mu_);
    generation_ = generation;
    on_change_(generation);  // expect: concur-locked-callback
  }

  void Subscribe(std::function<void(int)> listener) {
    std::lock_guard<std::mutex> g(mu_);
    on_change_ = std::move(listener);
  }

  // negative: copy the listener under the lock, call it after releasing.
  void RefreshThenNotify(int generation) {
    std::function<void(int)> listener;
    {
      std::lock_guard<std::mutex> g(mu_);
      generation_ = generation;
      listener = on_change_;
    }
    if (listener) listener(generation);
  }

  // negative: unique_lock released before the callback.
  void RefreshUnlockFirst(int generation) {
    std::unique_lock<std::mutex> lock(mu_);
    generation_ = generation;
    auto listener = on_change_;
    lock.unlock();
    listener(generation);
  }

 private:
  std::mutex mu_;
  int generation_ = 0;
  std::function<void(int)> on_change_;
};

}  // namespace aws

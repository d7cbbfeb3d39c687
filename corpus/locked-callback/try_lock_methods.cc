// A class's own try-lock method (`bool TryEnter () { return mu_.try_lock (); }`)
// holds its lock where it returned true, as a try_lock () would.
#include <functional>
#include <mutex>
#include <utility>

namespace try_lock_methods {

class Pump {
public:
  void Set(std::function<void()> f) {
    std::lock_guard<std::mutex> hold(mu_);
    f_ = std::move(f);
  }

  // positive: past the early return TryEnter took mu_, and the user's callable runs under it.
  void Tick() {
    if (!TryEnter()) return;
    f_();  // expect: concur-locked-callback
    Leave();
  }

  // negative: on the branch where TryEnter failed nothing is held.
  void TickOrSkip() {
    if (TryEnter()) {
      ++ticks_;
      Leave();
    } else {
      f_();
    }
  }

  // negative: the callable is copied under the lock and run after Leave ().
  void TickOutside() {
    if (!TryEnter()) return;
    std::function<void()> f = f_;
    Leave();
    f();
  }

private:
  bool TryEnter() { return mu_.try_lock(); }
  void Leave() { mu_.unlock(); }

  std::mutex mu_;
  std::function<void()> f_;
  int ticks_ = 0;
};

}  // namespace try_lock_methods

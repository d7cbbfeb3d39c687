// Spin locks written with std::atomic_flag and std::atomic<bool>: a loop
// that spins while test_and_set / exchange (true) found the word set, or
// until compare_exchange from false succeeds, takes the lock; clear () and
// store (false) give it back.
#include <atomic>
#include <functional>
#include <utility>

namespace atomic_spin_locks {

class Bus {
public:
  void OnEvent(std::function<void(int)> listener) {
    while (busy_.test_and_set(std::memory_order_acquire)) {
    }
    listener_ = std::move(listener);
    busy_.clear(std::memory_order_release);
  }

  // positive: the listener runs while the atomic_flag spin lock is held.
  void Emit(int event) {
    while (busy_.test_and_set(std::memory_order_acquire)) {
    }
    if (listener_) listener_(event);  // expect: concur-locked-callback
    busy_.clear(std::memory_order_release);
  }

  // negative: copied under the spin lock, called after clear ().
  void EmitOutside(int event) {
    while (busy_.test_and_set(std::memory_order_acquire)) {
    }
    std::function<void(int)> listener = listener_;
    busy_.clear(std::memory_order_release);
    if (listener) listener(event);
  }

private:
  std::atomic_flag busy_ = ATOMIC_FLAG_INIT;
  std::function<void(int)> listener_;
};

class Hooks {
public:
  void Set(std::function<void()> hook) { hook_ = std::move(hook); }

  // positive: an exchange (true) spin lock.
  void Run() {
    while (taken_.exchange(true, std::memory_order_acquire)) {
    }
    hook_();  // expect: concur-locked-callback
    taken_.store(false, std::memory_order_release);
  }

  // positive: a compare_exchange_weak loop from false.
  void RunCas() {
    bool expected = false;
    while (!taken_.compare_exchange_weak(expected, true)) expected = false;
    hook_();  // expect: concur-locked-callback
    taken_.store(false);
  }

  // negative: a single exchange is an attempt; the hook runs after the word is set back.
  bool TryRun() {
    if (taken_.exchange(true)) return false;
    std::function<void()> hook = hook_;
    taken_.store(false);
    hook();
    return true;
  }

private:
  std::atomic<bool> taken_{false};
  std::function<void()> hook_;
};

}  // namespace atomic_spin_locks

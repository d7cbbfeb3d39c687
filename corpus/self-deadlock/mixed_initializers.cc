// A helper told by a braced options temporary whether its caller holds the lock, where the
// same braces carry run-time data (`{.caller_holds_lock = true, .key = key}`): the flag's own
// initializer is constant although the braces as a whole are not.
#include <map>
#include <mutex>
#include <string>

struct TakeOptions {
  bool caller_holds_lock = false;
  int key = 0;
  const char* why = nullptr;
};

class Store {
public:
  // negative: the flag says the lock is held; the key is the caller's.
  void TakeLocked(int key) {
    std::lock_guard<std::mutex> guard(mu_);
    Take({.caller_holds_lock = true, .key = key});
  }

  // positive: the flag is left at its default, false, next to run-time data.
  void TakeAgain(int key, const char* why) {
    std::lock_guard<std::mutex> guard(mu_);
    Take(TakeOptions{.key = key, .why = why});  // expect: concur-self-deadlock
  }

  // negative: no lock held here.
  void TakeAlone(int key) { Take({.key = key}); }

  // negative: the flag comes from the caller, so Take may or may not lock: only certain
  // re-locks are reported.
  void TakeMaybe(int key, bool held) {
    std::lock_guard<std::mutex> guard(mu_);
    Take({.caller_holds_lock = held, .key = key});
  }

private:
  void Take(const TakeOptions& o) {
    std::unique_lock<std::mutex> lock(mu_, std::defer_lock);
    if (!o.caller_holds_lock) lock.lock();
    values_.erase(o.key);
  }

  std::mutex mu_;
  std::map<int, std::string> values_;
};

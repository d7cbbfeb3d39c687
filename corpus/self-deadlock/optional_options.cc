// A helper told by a `std::optional` field of its options whether its caller holds the
// lock: `o.caller_holds_lock.value_or(false)` (unset: lock), or `!o->caller_holds_lock.
// has_value() || !*o->caller_holds_lock` through a pointer. The caller's options at the
// call decide: braced temporaries, a local set field by field, a const local.
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>

struct EraseOptions {
  std::optional<bool> caller_holds_lock;  // unset: the helper locks
  std::optional<int> keep_newest;
};

class Ledger {
public:
  // positive: under the lock, default options: Erase locks mu_ again.
  void Clear(const std::string& key) {
    std::lock_guard<std::mutex> guard(mu_);
    Erase(key, {});  // expect: concur-self-deadlock
  }

  // negative: under the lock, the caller says it holds it.
  void ClearLocked(const std::string& key) {
    std::lock_guard<std::mutex> guard(mu_);
    Erase(key, {.caller_holds_lock = true});
  }

  // positive: present but false: Erase locks again.
  void ClearExplicit(const std::string& key) {
    std::lock_guard<std::mutex> guard(mu_);
    Erase(key, EraseOptions{.caller_holds_lock = false, .keep_newest = 2});  // expect: concur-self-deadlock
  }

  // negative: no lock held here; Erase takes it once.
  void Forget(const std::string& key) {
    Erase(key, {});
  }

  // negative: a local set to true before the call.
  void Compact(const std::string& key) {
    std::lock_guard<std::mutex> guard(mu_);
    EraseOptions options;
    options.keep_newest = 1;
    options.caller_holds_lock = true;
    Erase(key, options);
  }

  // positive: the local is emptied again after being set: Erase locks.
  void Reset(const std::string& key) {
    std::lock_guard<std::mutex> guard(mu_);
    EraseOptions options{.caller_holds_lock = true};
    options.caller_holds_lock = std::nullopt;
    Erase(key, options);  // expect: concur-self-deadlock
  }

  // negative: a const local handed on by pointer says the lock is held.
  void Prune(const std::string& key) {
    const EraseOptions held{.caller_holds_lock = true};
    std::lock_guard<std::mutex> guard(mu_);
    EraseVia(key, &held);
  }

  // positive: through the pointer helper with nothing set.
  void PruneAll(const std::string& key) {
    const EraseOptions plain{};
    std::lock_guard<std::mutex> guard(mu_);
    EraseVia(key, &plain);  // expect: concur-self-deadlock
  }

private:
  void Erase(const std::string& key, const EraseOptions& o) {
    std::unique_lock<std::mutex> lock(mu_, std::defer_lock);
    if (!o.caller_holds_lock.value_or(false)) lock.lock();
    entries_.erase(key);
  }

  void EraseVia(const std::string& key, const EraseOptions* o) {
    if (!o->caller_holds_lock.has_value() || !*o->caller_holds_lock) mu_.lock();
    entries_.erase(key);
    if (!o->caller_holds_lock.has_value() || !*o->caller_holds_lock) mu_.unlock();
  }

  std::mutex mu_;
  std::map<std::string, std::size_t> entries_;
};

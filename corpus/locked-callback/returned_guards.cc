// concur-locked-callback: a guard handed out by a function of the project
// (`auto hold = Lock ();`) holds what the guard it returns holds, until the
// caller's guard is destroyed or unlocked. The fact is "the function returns
// a guard that owns lock L"; the caller's local then owns L.
#include <functional>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

namespace handed_guards {

class Roster {
 public:
  using Watcher = std::function<void(const std::string&)>;

  void Watch(Watcher watcher) {
    std::lock_guard<std::mutex> hold(mu_);
    watchers_.push_back(std::move(watcher));
  }

  // positive: the guard returned by Hold() (a named local moved out) owns mu_ while watchers run.
  void Join(const std::string& name) {
    std::unique_lock<std::mutex> hold = Hold();
    names_.push_back(name);
    for (auto& watcher : watchers_) watcher(name);  // expect: concur-locked-callback
  }

  // negative: the returned guard dies with its block before the watchers run.
  void Leave(const std::string& name) {
    std::vector<Watcher> copy;
    {
      auto hold = Hold();
      copy = watchers_;
    }
    for (auto& watcher : copy) watcher(name);
  }

  // negative: unlocked through the caller's guard before the call.
  void Rename(const std::string& name) {
    auto hold = Hold();
    std::vector<Watcher> copy = watchers_;
    hold.unlock();
    for (auto& watcher : copy) watcher(name);
  }

  // negative: a deferred guard from the factory owns nothing.
  void Peek(const std::string& name) {
    auto hold = Deferred();
    for (auto& watcher : watchers_) watcher(name);
  }

  std::unique_lock<std::mutex> Hold() {
    std::unique_lock<std::mutex> lock(mu_);
    return lock;
  }

 private:
  std::unique_lock<std::mutex> Deferred() { return std::unique_lock<std::mutex>(mu_, std::defer_lock); }

  std::mutex mu_;
  std::vector<std::string> names_;
  std::vector<Watcher> watchers_;
};

// The guard comes from another object's method: what it locks is that
// object's mutex.
class Ledger {
 public:
  std::unique_lock<std::mutex> Lock() { return std::unique_lock<std::mutex>(mu_); }
  void Post(int amount) {
    auto hold = Lock();
    total_ += amount;
  }

 private:
  std::mutex mu_;
  int total_ = 0;
};

class Auditor {
 public:
  void OnPost(std::function<void(int)> hook) {
    auto hold = ledger_.Lock();
    hook_ = std::move(hook);
  }
  // positive: ledger_.Lock() hands over the ledger's lock; the hook runs under it.
  void Audit(int amount) {
    auto hold = ledger_.Lock();
    hook_(amount);  // expect: concur-locked-callback
  }
  // negative: the hook runs after the guard from ledger_.Lock() is gone.
  void AuditLater(int amount) {
    std::function<void(int)> hook;
    {
      auto hold = ledger_.Lock();
      hook = hook_;
    }
    hook(amount);
  }

 private:
  Ledger ledger_;
  std::function<void(int)> hook_;
};

}  // namespace handed_guards

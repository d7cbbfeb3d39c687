// Options set through a helper that takes them by reference (`MarkHeld (o)`) before the call
// that may lock: a helper of this file that only assigns constants to fields counts as those
// assignments, so the callee's lock test is decided.
#include <cstddef>
#include <mutex>
#include <set>

struct PurgeOptions {
  bool caller_holds_lock = false;
  int limit = 0;
};

static void MarkHeld(PurgeOptions& o) { o.caller_holds_lock = true; }
static void MarkFree(PurgeOptions& o) {
  o.limit = 8;
  o.caller_holds_lock = false;
}
static void Reset(PurgeOptions& o) { o = PurgeOptions{}; }

class Pool {
public:
  // negative: MarkHeld says the caller holds mu_.
  void PurgeHeld() {
    PurgeOptions o;
    MarkHeld(o);
    std::lock_guard<std::mutex> guard(mu_);
    Purge(o);
  }

  // positive: MarkFree says it does not, under mu_.
  void PurgeFree() {
    PurgeOptions o{.caller_holds_lock = true};
    MarkFree(o);
    std::lock_guard<std::mutex> guard(mu_);
    Purge(o);  // expect: concur-self-deadlock
  }

  // negative: Reset assigns the whole struct, which is not read: Purge may or may not lock, and
  // only a certain re-lock is reported.
  void PurgeReset() {
    PurgeOptions o{.caller_holds_lock = true};
    Reset(o);
    std::lock_guard<std::mutex> guard(mu_);
    Purge(o);
  }

  // positive: held set, then freed: the later helper wins.
  void PurgeChanged() {
    PurgeOptions o;
    MarkHeld(o);
    MarkFree(o);
    std::lock_guard<std::mutex> guard(mu_);
    Purge(o);  // expect: concur-self-deadlock
  }

  // negative: nothing held here; Purge locks once.
  void PurgeAlone() {
    PurgeOptions o;
    MarkFree(o);
    Purge(o);
  }

private:
  void Purge(const PurgeOptions& o) {
    std::unique_lock<std::mutex> lock(mu_, std::defer_lock);
    if (!o.caller_holds_lock) lock.lock();
    ids_.clear();
  }

  std::mutex mu_;
  std::set<int> ids_;
};

// A callable handed to a method that runs it under its object's lock, and
// that takes a lock of the same class: the same object deadlocks, another
// member object (another instance) does not. A lock the caller holds as well
// does not hide the re-lock.
#include <map>
#include <mutex>
#include <string>

namespace members {

class Ledger {
 public:
  void Add(int v) {
    std::lock_guard<std::mutex> g(mu_);
    total_ += v;
  }
  template <class F>
  void With(F f) {
    std::lock_guard<std::mutex> g(mu_);
    f(total_);
  }

 private:
  std::mutex mu_;
  int total_ = 0;
};

struct Bank {
  Ledger checking;
  Ledger savings;
  Ledger* mirror = nullptr;
  std::mutex audit_;

  // negative: the lambda adds to 'savings', a member other than 'checking', whose lock With holds.
  void Sweep() { checking.With([&](int t) { savings.Add(t); }); }

  // positive: the lambda adds to 'checking' itself while With holds its lock.
  void Double() { checking.With([&](int t) { checking.Add(t); }); }  // expect: concur-locked-callback

  // positive: the caller's own lock (which sorts before Ledger's) does not hide the re-lock.
  void AuditedDouble() {
    std::lock_guard<std::mutex> g(audit_);
    savings.With([&](int t) { savings.Add(t); });  // expect: concur-locked-callback
  }

  // negative: under the caller's lock too, another member's lock is another object's.
  void AuditedSweep() {
    std::lock_guard<std::mutex> g(audit_);
    savings.With([&](int t) { checking.Add(t); });
  }

  // positive: 'mirror' points to a ledger that may be 'checking' itself.
  void Mirror() { checking.With([&](int t) { mirror->Add(t); }); }  // expect: concur-locked-callback
};

void run(Bank& b) {
  b.Sweep();
  b.Double();
  b.AuditedDouble();
  b.AuditedSweep();
  b.Mirror();
}

// The same through a class template and a home-made lock class.
class Latch {
 public:
  void Hold() { m_.lock(); }
  void Drop() { m_.unlock(); }

 private:
  std::mutex m_;
};

template <class T>
class Storage {
 public:
  void Put(const std::string& k, T v) {
    latch_.Hold();
    items_[k] = v;
    latch_.Drop();
  }
  template <class F>
  void Each(F f) {
    latch_.Hold();
    for (auto& [k, v] : items_) f(k, v);
    latch_.Drop();
  }

 private:
  Latch latch_;
  std::map<std::string, T> items_;
};

struct Scene {
  Storage<float> positions;
  Storage<float> previous;

  // negative: copies into 'previous', another storage of the same class.
  void Snapshot() {
    positions.Each([&](const std::string& k, float& v) { previous.Put(k, v); });
  }

  // positive: writes back into 'positions' while Each holds its latch.
  void Normalize() {
    positions.Each([&](const std::string& k, float& v) { positions.Put(k, v / 2); });  // expect: concur-locked-callback
  }
};

void frame(Scene& s) {
  s.Snapshot();
  s.Normalize();
}

}  // namespace members

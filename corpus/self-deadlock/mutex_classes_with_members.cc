// A class with lock methods (`Lock ()`/`Unlock ()` on a member mutex) whose
// other methods guard that member directly: locking the object and then
// calling one of those methods takes the same mutex twice.
#include <mutex>

namespace wrapped {

class Ledger {
 public:
  void Lock() { mu_.lock(); }
  void Unlock() { mu_.unlock(); }
  // BasicLockable, for the standard guards.
  void lock() { Lock(); }
  void unlock() { Unlock(); }
  void Add(int v) {
    std::lock_guard<std::mutex> g(mu_);
    total_ += v;
  }
  void AddLocked(int v) { total_ += v; }

  // positive: Lock () takes mu_, which Add takes again.
  void AddTwice(int v) {
    Lock();
    AddLocked(v);
    Add(v);  // expect: concur-self-deadlock
    Unlock();
  }

  // negative: the variant that expects the lock held takes nothing.
  void AddOnce(int v) {
    Lock();
    AddLocked(v);
    Unlock();
  }

  // negative: unlocked before the call.
  void AddAfter(int v) {
    Lock();
    total_ = 0;
    Unlock();
    Add(v);
  }

 private:
  std::mutex mu_;
  int total_ = 0;
};

struct Bank {
  Ledger checking;
  Ledger savings;

  // positive: the object's lock, then its own method that guards the same member.
  void Refund() {
    checking.Lock();
    checking.Add(1);  // expect: concur-self-deadlock
    checking.Unlock();
  }

  // negative: another object's Add takes another mutex.
  void Transfer() {
    checking.Lock();
    savings.Add(1);
    checking.Unlock();
  }

  // positive: a standard guard over the class is the same lock as its member.
  void Audit() {
    std::lock_guard<Ledger> g(savings);
    savings.Add(0);  // expect: concur-self-deadlock
  }

  // negative: the guard is over the other ledger.
  void Mirror() {
    std::lock_guard<Ledger> g(savings);
    checking.Add(0);
  }
};

// A class whose lock methods lock a member of that kind: the same mutex again.
class Account {
 public:
  void Lock() { ledger_.Lock(); }
  void Unlock() { ledger_.Unlock(); }
  void Deposit(int v) { ledger_.Add(v); }

  // positive: Lock () holds ledger_'s mutex, which Deposit's Add takes.
  void Close() {
    Lock();
    Deposit(-1);  // expect: concur-self-deadlock
    Unlock();
  }

  // negative: released before the deposit.
  void Reopen() {
    Lock();
    Unlock();
    Deposit(1);
  }

 private:
  Ledger ledger_;
};

void run(Ledger& l, Bank& b, Account& a) {
  l.AddTwice(1);
  l.AddOnce(1);
  l.AddAfter(1);
  b.Refund();
  b.Transfer();
  b.Audit();
  b.Mirror();
  a.Close();
  a.Reopen();
}

}  // namespace wrapped

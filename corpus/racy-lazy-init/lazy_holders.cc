// concur-racy-lazy-init: more holders and null tests, and every way of doing it right.
#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <optional>
#include <pthread.h>
#include <shared_mutex>
#include <vector>

namespace lazy2 {

class Throttle {
 public:
  // positive: class static raw pointer compared with NULL, then created.
  static void Wait() {
    if (s_mu == NULL) s_mu = new std::timed_mutex;  // expect: concur-racy-lazy-init
    if (s_mu->try_lock_for(std::chrono::milliseconds(10))) s_mu->unlock();
  }

 private:
  static std::timed_mutex* s_mu;
};
std::timed_mutex* Throttle::s_mu = nullptr;

class Snapshot {
 public:
  // positive: std::optional member tested with `!opt` and emplaced.
  std::shared_mutex& Mutex() {
    if (!mu_) mu_.emplace();  // expect: concur-racy-lazy-init
    return *mu_;
  }

 private:
  std::optional<std::shared_mutex> mu_;
};

class RwIndex {
 public:
  // positive: C-style cast of malloc into a pthread_rwlock_t member.
  void Read() {
    if (!rw_) {
      rw_ = (pthread_rwlock_t*)std::malloc(sizeof(pthread_rwlock_t));  // expect: concur-racy-lazy-init
      pthread_rwlock_init(rw_, nullptr);
    }
    pthread_rwlock_rdlock(rw_);
    pthread_rwlock_unlock(rw_);
  }

 private:
  pthread_rwlock_t* rw_ = nullptr;
};

std::shared_ptr<std::mutex> g_audit_lock;
void InitAuditLock() { g_audit_lock = std::make_shared<std::mutex>(); }

// positive: an in-file free init helper does the creation; reported at the helper call.
void Audit() {
  if (g_audit_lock == nullptr) InitAuditLock();  // expect: concur-racy-lazy-init
  std::lock_guard<std::mutex> lock(*g_audit_lock);
}

// positive: function-local static unique_ptr, created on first use without a once-mechanism.
std::mutex& StatsMutex() {
  static std::unique_ptr<std::mutex> mu;
  if (!mu) mu = std::make_unique<std::mutex>();  // expect: concur-racy-lazy-init
  return *mu;
}

// A user lock recognized by its Lock()/Unlock() pair, and a user guard named *Guard.
class Latch {
 public:
  void Lock() { mu_.lock(); }
  void Unlock() { mu_.unlock(); }

 private:
  std::mutex mu_;
};

class LatchGuard {
 public:
  explicit LatchGuard(Latch& latch) : latch_(latch) { latch_.Lock(); }
  ~LatchGuard() { latch_.Unlock(); }

 private:
  Latch& latch_;
};

class Uploader {
 public:
  // positive: a user lock class (Lock/Unlock) created lazily in a member unique_ptr.
  void Upload() {
    if (!latch_) latch_ = std::make_unique<Latch>();  // expect: concur-racy-lazy-init
    LatchGuard guard(*latch_);
  }

 private:
  std::unique_ptr<Latch> latch_;
};

// ---- negatives ----

std::mutex g_init_mutex;

class DoubleCheckedUnderLock {
 public:
  // negative: the creation itself runs under lock_guard of a global mutex (double-checked).
  std::mutex& Mutex() {
    if (!mu_) {
      std::lock_guard<std::mutex> lock(g_init_mutex);
      if (!mu_) mu_ = std::make_unique<std::mutex>();
    }
    return *mu_;
  }

 private:
  std::unique_ptr<std::mutex> mu_;
};

class UnderUniqueLock {
 public:
  // negative: created while a unique_lock on another mutex is held.
  std::recursive_mutex& Mutex() {
    std::unique_lock<std::mutex> lock(g_init_mutex);
    if (mu_ == nullptr) mu_ = new std::recursive_mutex;
    return *mu_;
  }

 private:
  std::recursive_mutex* mu_ = nullptr;
};

class UnderScopedLock {
 public:
  // negative: created while a scoped_lock is held.
  std::shared_mutex& Mutex() {
    std::scoped_lock lock(g_init_mutex);
    if (!mu_) mu_.reset(new std::shared_mutex);
    return *mu_;
  }

 private:
  std::unique_ptr<std::shared_mutex> mu_;
};

std::mutex* g_manual_mutex = nullptr;

// negative: created between an explicit lock() and unlock().
std::mutex& ManualLocked() {
  g_init_mutex.lock();
  if (!g_manual_mutex) g_manual_mutex = new std::mutex;
  g_init_mutex.unlock();
  return *g_manual_mutex;
}

std::once_flag g_once;
std::unique_ptr<std::mutex> g_once_mutex;

// negative: std::call_once runs the creation exactly once, with a happens-before edge.
std::mutex& OnceCreated() {
  std::call_once(g_once, [] { g_once_mutex = std::make_unique<std::mutex>(); });
  return *g_once_mutex;
}

class Journal {
 public:
  // negative: a destructor runs when no other thread may use the object.
  ~Journal() {
    if (!mu_) mu_ = std::make_unique<std::mutex>();
    std::lock_guard<std::mutex> lock(*mu_);
  }

 private:
  std::unique_ptr<std::mutex> mu_;
};

class EagerConst {
 public:
  // negative: a const member created by its initializer; the null test only bails out.
  bool TryWork() {
    if (!mu_) return false;
    std::lock_guard<std::mutex> lock(*mu_);
    return true;
  }

 private:
  const std::unique_ptr<std::mutex> mu_ = std::make_unique<std::mutex>();
};

class LazyBuffer {
 public:
  // negative: a lazily created vector is not a synchronization primitive (not this check).
  std::vector<int>& Items() {
    if (!items_) items_ = std::make_unique<std::vector<int>>();
    return *items_;
  }

 private:
  std::unique_ptr<std::vector<int>> items_;
};

// negative: a magic static unique_ptr, initialized once by the compiler-generated guard.
std::mutex& MagicUnique() {
  static auto mu = std::make_unique<std::mutex>();
  return *mu;
}

Latch g_init_latch;
Latch* g_lazy_latch = nullptr;

// negative: created while a user guard (*Guard taking a lock) holds another lock.
Latch& GuardedLatch() {
  LatchGuard guard(g_init_latch);
  if (!g_lazy_latch) g_lazy_latch = new Latch;
  return *g_lazy_latch;
}

// negative: a single-threaded caller passes no mutex; the stand-in is local to this call.
int WithOptionalMutex(std::mutex* mu, const std::vector<int>& items) {
  std::unique_ptr<std::mutex> own;
  if (!mu) {
    own = std::make_unique<std::mutex>();
    mu = own.get();
  }
  std::lock_guard<std::mutex> lock(*mu);
  return static_cast<int>(items.size());
}

class Sink {
 public:
  // positive: the smart pointer is built around `new` and assigned.
  void Write(int value) {
    if (!mu_) mu_ = std::unique_ptr<std::mutex>(new std::mutex);  // expect: concur-racy-lazy-init
    std::lock_guard<std::mutex> lock(*mu_);
    last_ = value;
  }

 private:
  std::unique_ptr<std::mutex> mu_;
  int last_ = 0;
};

class Conn {
 public:
  // positive: the helper tests and creates; its caller then locks what it made.
  void Send(long bytes) {
    EnsureLock();
    std::lock_guard<std::mutex> lock(*mu_);
    sent_ += bytes;
  }

 private:
  void EnsureLock() {
    if (!mu_) mu_ = std::make_unique<std::mutex>();  // expect: concur-racy-lazy-init
  }
  std::unique_ptr<std::mutex> mu_;
  long sent_ = 0;
};

class Diary {
 public:
  Diary() { Init(); }
  void Append(int value) {
    std::lock_guard<std::mutex> lock(*mu_);
    last_ = value;
  }

 private:
  // negative: only the constructor calls it, before anyone else can see the diary.
  void Init() {
    if (!mu_) mu_ = std::make_unique<std::mutex>();
    std::lock_guard<std::mutex> lock(*mu_);
    last_ = 0;
  }
  std::unique_ptr<std::mutex> mu_;
  int last_ = 0;
};

class Ledger {
 public:
  Ledger() { Prepare(); }
  void Reset() { Prepare(); }
  void Add(int value) {
    std::lock_guard<std::mutex> lock(*mu_);
    total_ += value;
  }

 private:
  // positive: Reset calls it too, on a ledger others may be using.
  void Prepare() {
    if (!mu_) mu_ = std::make_unique<std::mutex>();  // expect: concur-racy-lazy-init
    std::lock_guard<std::mutex> lock(*mu_);
    total_ = 0;
  }
  std::unique_ptr<std::mutex> mu_;
  int total_ = 0;
};

// negative: a helper that creates a lock nobody locks afterwards is no lazy lock.
class Counter {
 public:
  void Count() {
    EnsureSpare();
    ++count_;
  }

 private:
  void EnsureSpare() {
    if (!spare_) spare_ = std::make_unique<std::mutex>();
  }
  std::unique_ptr<std::mutex> spare_;
  int count_ = 0;
};

// positive: the null test written the other way round (`nullptr == lock_`), which C++20
// rewrites for a smart pointer.
class Mailbox {
 public:
  void Post(int message) {
    if (nullptr == lock_) lock_ = std::make_unique<std::mutex>();  // expect: concur-racy-lazy-init
    std::lock_guard<std::mutex> hold(*lock_);
    last_ = message;
  }

 private:
  std::unique_ptr<std::mutex> lock_;
  int last_ = 0;
};

// negative: the same reversed test on a lock made under another lock.
class Outbox {
 public:
  void Post(int message) {
    std::lock_guard<std::mutex> outer(setup_);
    if (nullptr == lock_) lock_ = std::make_unique<std::mutex>();
    std::lock_guard<std::mutex> hold(*lock_);
    last_ = message;
  }

 private:
  std::mutex setup_;
  std::unique_ptr<std::mutex> lock_;
  int last_ = 0;
};

}  // namespace lazy2

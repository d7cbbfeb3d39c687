// concur-racy-lazy-init: positive and negative cases side by side.
#include <atomic>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <optional>
#include <pthread.h>
#include <shared_mutex>
#include <string>

namespace lazy {

class RawPointerMember {
 public:
  // positive: raw pointer member, tested against nullptr.
  void Send() {
    if (mu_ == nullptr) {
      mu_ = new std::mutex;  // expect: concur-racy-lazy-init
    }
    std::lock_guard<std::mutex> lock(*mu_);
  }

 private:
  std::mutex* mu_ = nullptr;
};

class SharedPtrStatic {
 public:
  // positive: class static shared_ptr, make_shared in the guarded branch.
  static std::shared_mutex& Mutex() {
    if (!s_mu) s_mu = std::make_shared<std::shared_mutex>();  // expect: concur-racy-lazy-init
    return *s_mu;
  }

 private:
  static std::shared_ptr<std::shared_mutex> s_mu;
};
std::shared_ptr<std::shared_mutex> SharedPtrStatic::s_mu;

std::unique_ptr<std::recursive_mutex> g_registry_mutex;

// positive: namespace-scope unique_ptr, reset(new ...).
void LockRegistry() {
  if (!g_registry_mutex) g_registry_mutex.reset(new std::recursive_mutex);  // expect: concur-racy-lazy-init
  g_registry_mutex->lock();
}

std::optional<std::mutex> g_optional_mutex;

// positive: std::optional emplaced when empty.
std::mutex& OptionalMutex() {
  if (!g_optional_mutex.has_value()) g_optional_mutex.emplace();  // expect: concur-racy-lazy-init
  return *g_optional_mutex;
}

// positive: function-local static pointer, early-return form.
std::mutex& EarlyReturn() {
  static std::mutex* m;
  if (m) return *m;
  m = new std::mutex;  // expect: concur-racy-lazy-init
  return *m;
}

class InitHelper {
 public:
  // positive: an init helper one call away creates the mutex.
  void Lock() {
    if (!mu_) InitLock();  // expect: concur-racy-lazy-init
    mu_->lock();
  }

 private:
  void InitLock() { mu_ = std::make_unique<std::mutex>(); }
  std::unique_ptr<std::mutex> mu_;
};

// A user mutex class, recognized by its lock()/unlock() pair.
class SpinLock {
 public:
  void lock() {
    while (flag_.test_and_set(std::memory_order_acquire)) {
    }
  }
  void unlock() { flag_.clear(std::memory_order_release); }

 private:
  std::atomic_flag flag_ = ATOMIC_FLAG_INIT;
};

SpinLock* g_spin = nullptr;

// positive: a user mutex class created lazily.
void UseSpin() {
  if (g_spin == nullptr) g_spin = new SpinLock;  // expect: concur-racy-lazy-init
  g_spin->lock();
  g_spin->unlock();
}

// ---- negatives ----

// negative: magic static: C++11 guarantees thread-safe initialization.
std::mutex& MagicStatic() {
  static std::mutex m;
  return m;
}

// negative: magic static pointer initialized with new.
std::mutex* MagicStaticPointer() {
  static auto* m = new std::mutex;
  return m;
}

// negative: lambda-initialized static.
std::mutex* LambdaInitialized() {
  static std::mutex* m = [] { return new std::mutex; }();
  return m;
}

std::atomic<std::mutex*> g_atomic_mutex{nullptr};

// negative: atomic publication with compare-and-swap.
std::mutex* CasPublished() {
  std::mutex* current = g_atomic_mutex.load(std::memory_order_acquire);
  if (current == nullptr) {
    auto* fresh = new std::mutex;
    if (g_atomic_mutex.compare_exchange_strong(current, fresh, std::memory_order_acq_rel)) {
      current = fresh;
    } else {
      delete fresh;
    }
  }
  return current;
}

std::mutex g_init_mutex;
std::atomic<std::mutex*> g_dclp_mutex{nullptr};

// negative: acquire/release double-checked locking.
std::mutex* DoubleChecked() {
  std::mutex* m = g_dclp_mutex.load(std::memory_order_acquire);
  if (m == nullptr) {
    std::lock_guard<std::mutex> lock(g_init_mutex);
    m = g_dclp_mutex.load(std::memory_order_relaxed);
    if (m == nullptr) {
      m = new std::mutex;
      g_dclp_mutex.store(m, std::memory_order_release);
    }
  }
  return m;
}

std::mutex* g_guarded_mutex = nullptr;

// negative: the creation happens under another lock.
std::mutex* CreatedUnderLock() {
  std::lock_guard<std::mutex> lock(g_init_mutex);
  if (!g_guarded_mutex) g_guarded_mutex = new std::mutex;
  return g_guarded_mutex;
}

pthread_mutex_t g_pthread_init = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t* g_pthread_lazy = nullptr;

// negative: created between pthread_mutex_lock and pthread_mutex_unlock.
void PthreadGuarded() {
  pthread_mutex_lock(&g_pthread_init);
  if (!g_pthread_lazy) {
    g_pthread_lazy = static_cast<pthread_mutex_t*>(std::malloc(sizeof(pthread_mutex_t)));
    pthread_mutex_init(g_pthread_lazy, nullptr);
  }
  pthread_mutex_unlock(&g_pthread_init);
}

class InConstructor {
 public:
  // negative: constructors run before other threads can see the object.
  InConstructor() {
    if (!mu_) mu_ = std::make_unique<std::mutex>();
  }

 private:
  std::unique_ptr<std::mutex> mu_;
};

// negative: a local pointer is not shared.
void LocalPointer() {
  std::unique_ptr<std::mutex> local;
  if (!local) local = std::make_unique<std::mutex>();
  std::lock_guard<std::mutex> lock(*local);
}

thread_local std::mutex* t_mutex = nullptr;

// negative: thread_local: every thread has its own.
std::mutex& PerThread() {
  if (!t_mutex) t_mutex = new std::mutex;
  return *t_mutex;
}

class LazyName {
 public:
  // negative: a lazily built string is not a synchronization primitive.
  const std::string* Name() {
    if (!name_) name_ = std::make_unique<std::string>("lazy");
    return name_.get();
  }

 private:
  std::unique_ptr<std::string> name_;
};

class ResetToNull {
 public:
  // negative: assigning nullptr destroys, it does not create.
  void Drop() {
    if (mu_ != nullptr) mu_ = nullptr;
  }

 private:
  std::mutex* mu_ = nullptr;
};

}  // namespace lazy

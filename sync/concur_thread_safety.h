// Internal (not installed): Clang's thread-safety analysis for concur's own
// locked state. libstdc++'s std::mutex carries no capability attributes, so
// the analysis cannot see through it; concur's libraries lock through the
// annotated Mutex below instead and mark what each mutex guards:
//
//   sync_internal::Mutex mutex_;
//   Job* head_ CONCUR_GUARDED_BY(mutex_) = nullptr;
//   ...
//   sync_internal::LockGuard lock(mutex_);
//
// The top-level CMakeLists.txt builds concur with -Wthread-safety
// -Werror=thread-safety under Clang, so reading head_ without holding mutex_
// does not compile. Other compilers see no attributes (the macros expand to
// nothing) and the same std::mutex underneath.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

#if defined(__clang__)
#define CONCUR_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define CONCUR_THREAD_ANNOTATION(x)
#endif

/// A type whose objects are locks ("mutex" in the analysis' messages).
#define CONCUR_CAPABILITY(name) CONCUR_THREAD_ANNOTATION(capability(name))
/// An RAII type that holds a capability from construction to destruction.
#define CONCUR_SCOPED_CAPABILITY CONCUR_THREAD_ANNOTATION(scoped_lockable)
/// A data member read or written only with the given mutex held.
#define CONCUR_GUARDED_BY(mutex) CONCUR_THREAD_ANNOTATION(guarded_by(mutex))
/// A pointer member whose pointee is accessed only with the given mutex held.
#define CONCUR_PT_GUARDED_BY(mutex) CONCUR_THREAD_ANNOTATION(pt_guarded_by(mutex))
/// A function the caller must call with the given mutexes held.
#define CONCUR_REQUIRES(...) CONCUR_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
/// A function the caller must call without the given mutexes (it locks them).
#define CONCUR_EXCLUDES(...) CONCUR_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
/// A function that returns with the given mutexes (or `this`) held.
#define CONCUR_ACQUIRE(...) CONCUR_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
/// A function that releases the given mutexes (or `this`).
#define CONCUR_RELEASE(...) CONCUR_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
/// A function that acquires the mutex when it returns `result`.
#define CONCUR_TRY_ACQUIRE(...) CONCUR_THREAD_ANNOTATION(try_acquire_capability(__VA_ARGS__))
/// A function that checks (at run time, or by construction) that the mutex is held.
#define CONCUR_ASSERT_CAPABILITY(mutex) CONCUR_THREAD_ANNOTATION(assert_capability(mutex))
/// A function that returns a reference to the given mutex.
#define CONCUR_RETURN_CAPABILITY(mutex) CONCUR_THREAD_ANNOTATION(lock_returned(mutex))
/// Opts one function out of the analysis; say why next to it.
#define CONCUR_NO_THREAD_SAFETY_ANALYSIS CONCUR_THREAD_ANNOTATION(no_thread_safety_analysis)

namespace concur::sync_internal {

/// std::mutex with capability attributes. Same size and behaviour (TSan sees
/// the std::mutex), non-recursive, not copyable.
class CONCUR_CAPABILITY("mutex") Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void lock() CONCUR_ACQUIRE() { mutex_.lock(); }
  void unlock() CONCUR_RELEASE() { mutex_.unlock(); }
  bool try_lock() CONCUR_TRY_ACQUIRE(true) { return mutex_.try_lock(); }

 private:
  friend class UniqueLock;
  std::mutex mutex_;
};

/// Holds a Mutex for its scope (std::lock_guard).
class CONCUR_SCOPED_CAPABILITY LockGuard {
 public:
  explicit LockGuard(Mutex& mutex) CONCUR_ACQUIRE(mutex) : mutex_(mutex) { mutex.lock(); }
  ~LockGuard() CONCUR_RELEASE() { mutex_.unlock(); }
  LockGuard(const LockGuard&) = delete;
  LockGuard& operator=(const LockGuard&) = delete;

 private:
  Mutex& mutex_;
};

/// Holds a Mutex for its scope and can wait on a condition variable with it.
/// The analysis treats the mutex as held throughout, which is what the caller
/// sees: wait() returns with it locked again. Write the wait as a loop over
/// the guarded condition (`while (!ready_) lock.wait(cv_);`) so the condition
/// is read where the analysis knows the mutex is held.
class CONCUR_SCOPED_CAPABILITY UniqueLock {
 public:
  explicit UniqueLock(Mutex& mutex) CONCUR_ACQUIRE(mutex) : lock_(mutex.mutex_) {}
  ~UniqueLock() CONCUR_RELEASE() = default;
  UniqueLock(const UniqueLock&) = delete;
  UniqueLock& operator=(const UniqueLock&) = delete;

  /// Lets go of the mutex before the scope ends (to do slow work without it) ...
  void unlock() CONCUR_RELEASE() { lock_.unlock(); }
  /// ... and takes it again.
  void lock() CONCUR_ACQUIRE() { lock_.lock(); }

  /// Releases the mutex until `cv` is notified (or wakes spuriously).
  void wait(std::condition_variable& cv) { cv.wait(lock_); }
  /// The same, giving up after `timeout`; false when it ran out.
  template <class Rep, class Period>
  bool wait_for(std::condition_variable& cv, const std::chrono::duration<Rep, Period>& timeout) {
    return cv.wait_for(lock_, timeout) == std::cv_status::no_timeout;
  }

 private:
  std::unique_lock<std::mutex> lock_;
};

}  // namespace concur::sync_internal

// Compiled by ctest (tests/headers/CMakeLists.txt), not linked: concur's
// annotated Mutex is a capability Clang's thread-safety analysis understands.
// Built as is it must compile cleanly under -Werror=thread-safety; built with
// CONCUR_TOUCH_UNGUARDED it must be rejected, naming the member and the mutex.
#include "concur_thread_safety.h"

#include <condition_variable>

namespace {

class Counter {
 public:
  void add() CONCUR_EXCLUDES(mutex_) {
    concur::sync_internal::LockGuard lock(mutex_);
    ++count_;
    added_.notify_all();
  }
  int wait_for_one() CONCUR_EXCLUDES(mutex_) {
    concur::sync_internal::UniqueLock lock(mutex_);
    while (count_ == 0) lock.wait(added_);
    return count_;
  }
  void add_locked() CONCUR_REQUIRES(mutex_) { ++count_; }
  void add_twice() CONCUR_EXCLUDES(mutex_) {
    concur::sync_internal::LockGuard lock(mutex_);
    add_locked();
    add_locked();
  }
#if defined(CONCUR_TOUCH_UNGUARDED)
  void add_without_the_lock() { ++count_; }
  void call_without_the_lock() { add_locked(); }
#endif

 private:
  concur::sync_internal::Mutex mutex_;
  std::condition_variable added_;
  int count_ CONCUR_GUARDED_BY(mutex_) = 0;
};

}  // namespace

int use_counter() {
  Counter c;
  c.add();
  c.add_twice();
  return c.wait_for_one();
}

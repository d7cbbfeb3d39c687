// A home-made scoped guard (recognized by what its constructor and destructor do) taken inside a
// callee is released when the callee returns: the caller holds nothing afterwards. Until the guard
// class is known the callee looked like "acquires and never releases"; the summaries are redone
// once it is.
#include <pthread.h>

namespace hg {

class mutex_t {
 public:
  void lock() { pthread_mutex_lock(&m_); }
  void unlock() { pthread_mutex_unlock(&m_); }

 private:
  pthread_mutex_t m_ = PTHREAD_MUTEX_INITIALIZER;
};

class scoped_lock_t {
 public:
  explicit scoped_lock_t(mutex_t& m) : m_(m) { m_.lock(); }
  ~scoped_lock_t() { m_.unlock(); }

 private:
  mutex_t& m_;
};

using free_fn = void(void* data, void* hint);

class Cache {
 public:
  // negative: storing the pointer under the guard runs nothing.
  void set_free(free_fn* f) { scoped_lock_t locker(sync_); ffn_ = f; }
  // negative: the guard is released when size() returns.
  int size() { scoped_lock_t locker(sync_); return count_; }
  // negative: size() took and released sync_; nothing is held at the call of ffn_.
  void drop(void* data) { if (size() > 0) ffn_(data, nullptr); }
  // positive: the caller's own guard holds sync_ while the user's free function runs.
  void drop_locked(void* data) { scoped_lock_t locker(sync_); ffn_(data, nullptr); }  // expect: concur-locked-callback
  // positive: a callee that runs the user's function inside its guard.
  void release(void* data) { scoped_lock_t locker(sync_); --count_; ffn_(data, nullptr); }  // expect: concur-locked-callback
  // negative: release() reports at its own call; nothing is held here when it returns.
  void release_twice(void* a, void* b) { release(a); release(b); }

 private:
  mutex_t sync_;
  int count_ = 0;
  free_fn* ffn_ = nullptr;
};

}  // namespace hg

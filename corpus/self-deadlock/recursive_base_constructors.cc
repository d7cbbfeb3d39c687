// A mutex class built on a base class whose constructor sets the pthread mutex up (poco's
// `class Mutex: private MutexImpl`, `MutexImpl::MutexImpl ()` recursive, `FastMutexImpl () :
// MutexImpl (true)` plain): the class is recursive when the base constructor it runs makes
// the mutex recursive, whatever another constructor of the base does.
#include <pthread.h>

namespace lab {

class MutexImpl {
 protected:
  MutexImpl() {
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&mutex_, &attr);
    pthread_mutexattr_destroy(&attr);
  }
  explicit MutexImpl(bool fast) {
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, fast ? PTHREAD_MUTEX_NORMAL : PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&mutex_, &attr);
    pthread_mutexattr_destroy(&attr);
  }
  ~MutexImpl() { pthread_mutex_destroy(&mutex_); }
  void lockImpl() { pthread_mutex_lock(&mutex_); }
  void unlockImpl() { pthread_mutex_unlock(&mutex_); }

 private:
  pthread_mutex_t mutex_;
};

class FastMutexImpl : public MutexImpl {
 protected:
  FastMutexImpl() : MutexImpl(true) {}
};

class Mutex : private MutexImpl {
 public:
  Mutex();
  void lock() { lockImpl(); }
  void unlock() { unlockImpl(); }
};

class FastMutex : private FastMutexImpl {
 public:
  FastMutex();
  void lock() { lockImpl(); }
  void unlock() { unlockImpl(); }
};

// Defined apart from the class, as a library's source file does.
Mutex::Mutex() {}
FastMutex::FastMutex() {}

template <class M>
class ScopedLock {
 public:
  explicit ScopedLock(M& mutex) : mutex_(mutex) { mutex_.lock(); }
  ~ScopedLock() { mutex_.unlock(); }

 private:
  M& mutex_;
};

}  // namespace lab

class Buffer {
 public:
  int used() {
    lab::ScopedLock<lab::Mutex> lock(mutex_);
    return used_;
  }

  // negative: lab::Mutex runs MutexImpl (), which sets its mutex up recursive.
  void drain() {
    lab::ScopedLock<lab::Mutex> lock(mutex_);
    if (used() > 0) used_ = 0;
  }

 private:
  lab::Mutex mutex_;
  int used_ = 0;
};

class Counter {
 public:
  int count() {
    lab::ScopedLock<lab::FastMutex> lock(mutex_);
    return count_;
  }

  // positive: a FastMutex's base constructor is MutexImpl (true), which sets it up plain.
  void reset() {
    lab::ScopedLock<lab::FastMutex> lock(mutex_);
    if (count() > 0) count_ = 0;  // expect: concur-self-deadlock
  }

  // negative: the count is read before the lock is taken.
  void reset_if_counted() {
    const int seen = count();
    lab::ScopedLock<lab::FastMutex> lock(mutex_);
    if (seen > 0) count_ = 0;
  }

 private:
  lab::FastMutex mutex_;
  int count_ = 0;
};

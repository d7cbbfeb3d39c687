// concur-racy-lazy-init: a lock made on first use into a smart pointer and
// then locked through the raw pointer `get ()` returns, by a guard class of
// the project that takes a pointer (leveldb's MutexLock style).
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace port {
class Mutex {
 public:
  void Lock() { mu_.lock(); }
  void Unlock() { mu_.unlock(); }

 private:
  std::mutex mu_;
};
}  // namespace port

class MutexLock {
 public:
  explicit MutexLock(port::Mutex* mu) : mu_(mu) { mu_->Lock(); }
  ~MutexLock() { mu_->Unlock(); }

 private:
  port::Mutex* const mu_;
};

class Manifest {
 public:
  // positive: two writers can both see no mutex, make one each, and lock different ones.
  void Append(const std::string& record) {
    if (!mu_) {
      mu_.reset(new port::Mutex);  // expect: concur-racy-lazy-init
    }
    MutexLock hold(mu_.get());
    records_.push_back(record);
  }

 private:
  std::unique_ptr<port::Mutex> mu_;
  std::vector<std::string> records_;
};

class SharedManifest {
 public:
  // positive: the same through a std::shared_ptr.
  void Append(const std::string& record) {
    if (!mu_) mu_ = std::make_shared<port::Mutex>();  // expect: concur-racy-lazy-init
    MutexLock hold(mu_.get());
    records_.push_back(record);
  }

 private:
  std::shared_ptr<port::Mutex> mu_;
  std::vector<std::string> records_;
};

class Journal {
 public:
  Journal() : mu_(std::make_unique<port::Mutex>()) {}
  // negative: the mutex is made by the constructor, before anyone can append.
  void Append(const std::string& record) {
    MutexLock hold(mu_.get());
    records_.push_back(record);
  }

 private:
  std::unique_ptr<port::Mutex> mu_;
  std::vector<std::string> records_;
};

class Ledger {
 public:
  // negative: the test and the creation run under outer_, so only one caller makes the mutex.
  void Append(const std::string& record) {
    std::lock_guard<std::mutex> outer(outer_);
    if (!mu_) mu_.reset(new port::Mutex);
    MutexLock hold(mu_.get());
    records_.push_back(record);
  }

 private:
  std::mutex outer_;
  std::unique_ptr<port::Mutex> mu_;
  std::vector<std::string> records_;
};

class Scratch {
 public:
  // negative: a buffer made on first use is not a lock; nothing locks through it.
  void Append(const std::string& record) {
    if (!buffer_) buffer_.reset(new std::vector<std::string>);
    buffer_.get()->push_back(record);
  }

 private:
  std::unique_ptr<std::vector<std::string>> buffer_;
};

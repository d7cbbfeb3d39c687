// concur-racy-lazy-init (not test code: a file named *_tests.* is, and test
// code that starts no thread is serial): the holder's emptiness may be tested through the
// raw pointer it hands out (`gate_.get () == nullptr`, `!lock_.get ()`), and
// the creation may happen under a reader lock, which every reader holds at
// once. The fact is "two threads can both find it empty and both create",
// however the test is spelled.
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>

namespace spelled_holders {

class Catalog {
public:
  // positive: tested through get (), created with reset, then locked.
  void Rename(const std::string& name) {
    if (lock_.get() == nullptr) lock_.reset(new std::shared_mutex);  // expect: concur-racy-lazy-init
    std::unique_lock<std::shared_mutex> hold(*lock_);
    name_ = name;
  }

  // negative: the same test, but the creation happens under the catalog's own mutex.
  void RenameLocked(const std::string& name) {
    std::lock_guard<std::mutex> outer(setup_);
    if (!spare_.get()) spare_.reset(new std::shared_mutex);
    std::unique_lock<std::shared_mutex> hold(*spare_);
    name_ = name;
  }

private:
  std::mutex setup_;
  std::unique_ptr<std::shared_mutex> lock_;
  std::unique_ptr<std::shared_mutex> spare_;
  std::string name_;
};

class Gate {
public:
  // positive: `nullptr == gate_.get ()`, created into a shared_ptr, locked by hand.
  void Pass() {
    if (nullptr == gate_.get()) {
      gate_ = std::make_shared<std::mutex>();  // expect: concur-racy-lazy-init
    }
    gate_->lock();
    ++passed_;
    gate_->unlock();
  }

  // negative: a buffer, not a lock, created lazily: nothing is locked through it.
  char* Scratch() {
    if (!scratch_.get()) scratch_ = std::make_unique<char[]>(64);
    return scratch_.get();
  }

private:
  std::shared_ptr<std::mutex> gate_;
  std::unique_ptr<char[]> scratch_;
  int passed_ = 0;
};

class Index {
public:
  // positive: a reader lock keeps writers out, not other readers: two readers both create.
  int Lookup(int key) {
    std::shared_lock<std::shared_mutex> read(table_mu_);
    if (!entry_mu_) entry_mu_ = std::make_unique<std::mutex>();  // expect: concur-racy-lazy-init
    std::lock_guard<std::mutex> hold(*entry_mu_);
    return key + hits_++;
  }

  // negative: the same creation under the table's writer lock.
  int LookupExclusive(int key) {
    std::unique_lock<std::shared_mutex> write(table_mu_);
    if (!slow_mu_) slow_mu_ = std::make_unique<std::mutex>();
    std::lock_guard<std::mutex> hold(*slow_mu_);
    return key + hits_++;
  }

private:
  std::shared_mutex table_mu_;
  std::unique_ptr<std::mutex> entry_mu_;
  std::unique_ptr<std::mutex> slow_mu_;
  int hits_ = 0;
};

}  // namespace spelled_holders

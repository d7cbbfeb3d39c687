// concur-racy-lazy-init behind a member flag: the class tests `ready_`, not
// the lock, and sets it after creating the lock. Two threads can both find
// `ready_` false and each create a lock.
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace flag_guarded {

class Journal {
public:
  // positive: created behind a bool member the guarded code sets.
  void Append(const std::string& line) {
    if (!ready_) {
      mu_ = std::make_unique<std::mutex>();  // expect: concur-racy-lazy-init
      ready_ = true;
    }
    std::lock_guard<std::mutex> hold(*mu_);
    lines_.push_back(line);
  }

  // negative: the flag and the creation are under the journal's own mutex.
  void AppendLocked(const std::string& line) {
    std::lock_guard<std::mutex> outer(setup_);
    if (!spare_ready_) {
      spare_ = std::make_unique<std::mutex>();
      spare_ready_ = true;
    }
    std::lock_guard<std::mutex> hold(*spare_);
    lines_.push_back(line);
  }

private:
  std::mutex setup_;
  std::unique_ptr<std::mutex> mu_;
  std::unique_ptr<std::mutex> spare_;
  bool ready_ = false;
  bool spare_ready_ = false;
  std::vector<std::string> lines_;
};

class Counter {
public:
  // positive: a counter flag, raw new, the early-return form split over a helper.
  void Bump() {
    Prepare();
    lock_->lock();
    ++count_;
    lock_->unlock();
  }

  // negative: the flag guards a plain vector, not a lock.
  std::vector<int>& History() {
    if (history_made_ == 0) {
      history_ = new std::vector<int>();
      ++history_made_;
    }
    return *history_;
  }

private:
  void Prepare() {
    if (prepared_ != 0) return;
    lock_ = new std::recursive_mutex;  // expect: concur-racy-lazy-init
    prepared_ = 1;
  }

  std::recursive_mutex* lock_ = nullptr;
  std::vector<int>* history_ = nullptr;
  int prepared_ = 0;
  int history_made_ = 0;
  long count_ = 0;
};

}  // namespace flag_guarded

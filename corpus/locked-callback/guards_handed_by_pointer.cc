// A guard handed to a helper through a pointer (`Deliver (&lk)`): the
// helper's `lk->unlock ()` releases the caller's lock, so a callback it runs
// after that runs unlocked; a helper that keeps the guard locked runs the
// callback under the caller's lock.
#include <functional>
#include <mutex>
#include <utility>
#include <vector>

class Outbox {
 public:
  void SetOnAck(std::function<void(int)> f) {
    std::lock_guard<std::mutex> g(mu_);
    on_ack_ = std::move(f);
  }

  // negative: the helper unlocks the handed guard around the callback.
  void AckAll() {
    std::unique_lock<std::mutex> lk(mu_);
    acked_.push_back(0);
    DeliverUnlocked(&lk);
    acked_.clear();
  }

  // positive: the helper calls back with the handed guard still locked.
  void AckNow() {
    std::unique_lock<std::mutex> lk(mu_);
    acked_.push_back(1);
    DeliverLocked(&lk);  // expect: concur-locked-callback
  }

  // positive: the helper unlocks only when there is nothing to deliver.
  void AckSome() {
    std::unique_lock<std::mutex> lk(mu_);
    DeliverIfAny(&lk);  // expect: concur-locked-callback
  }

  // negative: the same helper, handed a guard that no longer holds the lock.
  void AckLater() {
    std::unique_lock<std::mutex> lk(mu_);
    acked_.push_back(2);
    lk.unlock();
    DeliverLocked(&lk);
  }

 private:
  void DeliverUnlocked(std::unique_lock<std::mutex>* lk) {
    std::vector<int> ids = acked_;
    auto cb = on_ack_;
    lk->unlock();
    for (int id : ids)
      if (cb) cb(id);
    lk->lock();
  }
  void DeliverLocked(std::unique_lock<std::mutex>* lk) {
    if (lk->owns_lock() && on_ack_) on_ack_(static_cast<int>(acked_.size()));
  }
  void DeliverIfAny(std::unique_lock<std::mutex>* lk) {
    if (acked_.empty()) {
      lk->unlock();
      return;
    }
    if (on_ack_) on_ack_(acked_.back());
  }

  std::mutex mu_;
  std::vector<int> acked_;
  std::function<void(int)> on_ack_;
};

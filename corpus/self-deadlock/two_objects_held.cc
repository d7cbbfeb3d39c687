// Two objects of one class locked together (`std::scoped_lock both (mu_,
// other.mu_)`, `std::lock` with adopting guards): the lock key names the field
// of any object, but the thread holds both objects' locks, so a call that
// locks the other object's mutex again waits for itself. With only its own
// lock held, a call on the other object takes a different mutex.
#include <cstddef>
#include <map>
#include <mutex>
#include <string>

namespace two_objects {

class Ledger {
 public:
  std::size_t Size() const {
    std::lock_guard<std::mutex> hold(mu_);
    return entries_.size();
  }

  // positive: both ledgers' locks are held, and other.Size () locks other.mu_ again.
  std::size_t MergeFrom(Ledger& other) {
    if (&other == this) return 0;
    std::scoped_lock both(mu_, other.mu_);
    if (other.Size() == 0) return 0;  // expect: concur-self-deadlock
    for (const auto& [k, v] : other.entries_) entries_[k] += v;
    return entries_.size();
  }

  // positive: the same with std::lock and two adopting guards, on this object.
  std::size_t SwapWith(Ledger& other) {
    if (&other == this) return 0;
    std::lock(mu_, other.mu_);
    std::lock_guard<std::mutex> mine(mu_, std::adopt_lock);
    std::lock_guard<std::mutex> theirs(other.mu_, std::adopt_lock);
    entries_.swap(other.entries_);
    return Size();  // expect: concur-self-deadlock
  }

  // negative: only this ledger's lock is held; other.Size () takes another mutex.
  std::size_t CopyFrom(const Ledger& other) {
    if (&other == this) return 0;
    std::lock_guard<std::mutex> hold(mu_);
    std::size_t theirs = other.Size();
    return theirs + entries_.size();
  }

  // negative: both locks are released before the call.
  std::size_t MoveFrom(Ledger& other) {
    if (&other == this) return 0;
    {
      std::scoped_lock both(mu_, other.mu_);
      for (auto& [k, v] : other.entries_) entries_[k] += v;
      other.entries_.clear();
    }
    return other.Size();
  }

  // negative: a third ledger's lock, which this thread does not hold.
  std::size_t Compare(Ledger& a, const Ledger& b) {
    std::scoped_lock both(mu_, a.mu_);
    return b.Size() + entries_.size() + a.entries_.size();
  }

 private:
  mutable std::mutex mu_;
  std::map<std::string, long> entries_;
};

}  // namespace two_objects

// A cache parameterized by an eviction policy. Whether Clear() runs foreign
// code depends on the policy the class template is instantiated with.
#pragma once

#include <mutex>
#include <vector>

namespace policy {

class CacheObserver {
 public:
  virtual ~CacheObserver() = default;
  virtual void disable() = 0;  // implemented by users of the cache, not here
};

// Tells its observers when the cache is cleared.
class ObservedPolicy {
 public:
  void watch(CacheObserver* observer) { observers_.push_back(observer); }
  void clear() {
    for (CacheObserver* observer : observers_) observer->disable();
  }

 private:
  std::vector<CacheObserver*> observers_;
};

// Forgets its bookkeeping; runs nothing it did not write.
class PlainPolicy {
 public:
  void clear() { count_ = 0; }

 private:
  int count_ = 0;
};

template <class Strategy>
class Cache {
 public:
  void Clear() {
    std::lock_guard<std::mutex> lock(mu_);
    strategy_.clear();  // expect: concur-locked-callback
  }
  Strategy& strategy() { return strategy_; }

 private:
  std::mutex mu_;
  Strategy strategy_;
};

}  // namespace policy

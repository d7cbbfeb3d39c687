// A mutex class whose Lock () takes the lock and hands back a movable guard
// that releases it (Arrow's util::Mutex): `auto guard = mu_.Lock ();` holds
// the lock until the guard unlocks or ends, and not after.
#include <cstdint>
#include <mutex>
#include <utility>

namespace arrowish {

class Mutex {
 public:
  class Guard {
   public:
    Guard() = default;
    explicit Guard(Mutex* locked) : locked_(locked) {}
    Guard(Guard&& other) noexcept : locked_(std::exchange(other.locked_, nullptr)) {}
    ~Guard() { Unlock(); }
    void Unlock() {
      if (locked_ != nullptr) {
        locked_->Release();
        locked_ = nullptr;
      }
    }

   private:
    Mutex* locked_ = nullptr;
  };

  Guard Lock() {
    mutex_.lock();
    return Guard(this);
  }
  void Release() { mutex_.unlock(); }

 private:
  std::mutex mutex_;
};

class Builder {
 public:
  int64_t Rows() {
    auto guard = mu_.Lock();
    return rows_;
  }

  // positive: the guard still holds mu_ when Rows takes it again.
  int64_t Flush() {
    auto guard = mu_.Lock();
    flushed_ += rows_;
    return Rows();  // expect: concur-self-deadlock
  }

  // negative: the guard unlocked before the call.
  int64_t Reset() {
    auto guard = mu_.Lock();
    flushed_ = 0;
    guard.Unlock();
    return Rows();
  }

  // negative: the guard's scope ended.
  int64_t Append(int64_t n) {
    {
      auto guard = mu_.Lock();
      rows_ += n;
    }
    return Rows();
  }

  // negative: Reset returns with mu_ free, so Rows does not wait.
  int64_t ResetAndCount() {
    Reset();
    return Rows();
  }

 private:
  Mutex mu_;
  int64_t rows_ = 0;
  int64_t flushed_ = 0;
};

}  // namespace arrowish

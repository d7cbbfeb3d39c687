// concur-lock-across-suspend (and concur-self-deadlock) through a mutex class
// the project writes itself: its lock methods take a member std::mutex, and
// its try-lock method returns what the member's try_lock returned. A branch on
// that result holds the class's lock exactly as a branch on std::mutex's
// try_lock does.
#include <chrono>
#include <mutex>

#include "mini_task.h"

namespace home {

class Mutex {
 public:
  void Lock() { mu_.lock(); }
  void Unlock() { mu_.unlock(); }
  bool TryLock() { return mu_.try_lock(); }

 private:
  std::mutex mu_;
};

// A spelling the vocabulary does not know: what it returns says whether it
// took the lock.
class Latch {
 public:
  void Close() { mu_.lock(); }
  void Open() { mu_.unlock(); }
  bool Grab() { return mu_.try_lock(); }

 private:
  std::mutex mu_;
};

struct Nap {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};

Mutex g_table_mu;
Latch g_latch;
int g_rows = 0;

void CountRows() {
  g_table_mu.Lock();
  ++g_rows;
  g_table_mu.Unlock();
}

// positive: the suspension is on the branch where the class's TryLock took the lock.
cppcoro::task<int> CompactIfIdle() {
  if (g_table_mu.TryLock()) {
    co_await Nap{};  // expect: concur-lock-across-suspend
    g_table_mu.Unlock();
    co_return 1;
  }
  co_return 0;
}

// positive: after `if (!TryLock ()) co_return;` the lock is held.
cppcoro::task<int> FlushOrSkip() {
  if (!g_table_mu.TryLock()) co_return 0;
  co_await Nap{};  // expect: concur-lock-across-suspend
  g_table_mu.Unlock();
  co_return 1;
}

// positive: a try method under a name of the project's own.
cppcoro::task<int> DrainLatch() {
  if (g_latch.Grab()) {
    co_await Nap{};  // expect: concur-lock-across-suspend
    g_latch.Open();
  }
  co_return 0;
}

// negative: where TryLock failed nothing is held across the suspension.
cppcoro::task<int> RetryCompaction() {
  if (!g_table_mu.TryLock()) {
    co_await Nap{};
    co_return 0;
  }
  g_table_mu.Unlock();
  co_return 1;
}

// negative: the lock TryLock took is released before the suspension.
cppcoro::task<int> CompactBriefly() {
  if (g_table_mu.TryLock()) {
    ++g_rows;
    g_table_mu.Unlock();
  }
  co_await Nap{};
  co_return g_rows;
}

// negative: the latch's failed Grab holds nothing.
cppcoro::task<int> WaitForLatch() {
  while (!g_latch.Grab()) co_await Nap{};
  g_latch.Open();
  co_return 0;
}

// positive: TryLock took the class's lock, and CountRows takes it again.
int CountIfFree() {
  if (g_table_mu.TryLock()) {
    CountRows();  // expect: concur-self-deadlock
    g_table_mu.Unlock();
    return 1;
  }
  return 0;
}

// negative: on the branch where TryLock failed, CountRows takes a free lock.
int CountWhenBusy() {
  if (!g_table_mu.TryLock()) {
    CountRows();
    return 0;
  }
  g_table_mu.Unlock();
  return 1;
}

}  // namespace home

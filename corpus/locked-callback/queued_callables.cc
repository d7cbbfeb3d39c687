// A pool's Schedule takes the task under its lock and queues it: the task runs later, on a worker,
// without the lock. Checking the task against null, swapping or moving it runs nothing. Running it
// now through std::invoke under the lock does.
#include <cassert>
#include <functional>
#include <mutex>
#include <queue>
#include <utility>

namespace queued {

std::function<void()> on_idle;  // the program's hook: any code

class Pool {
 public:
  // negative: asserted non-null, then queued.
  void Schedule(std::function<void()> task) {
    assert(task != nullptr);
    std::lock_guard<std::mutex> lock(mu_);
    tasks_.push(std::move(task));
  }
  // negative: compared with null under the lock, then queued.
  void Post(std::function<void()> task) {
    std::lock_guard<std::mutex> lock(mu_);
    if (task == nullptr) return;
    tasks_.push(std::move(task));
  }
  // negative: swapped in under the lock; the old one is returned, not run.
  std::function<void()> Replace(std::function<void()> task) {
    std::lock_guard<std::mutex> lock(mu_);
    std::swap(fallback_, task);
    return task;
  }
  template <class F>
  void RunNow(F&& task) {
    std::lock_guard<std::mutex> lock(mu_);
    std::invoke(std::forward<F>(task));
  }

 private:
  std::mutex mu_;
  std::queue<std::function<void()>> tasks_;
  std::function<void()> fallback_;
};

void Use(Pool& pool) {
  // negative: queued, run later without the pool's lock.
  pool.Schedule([] { if (on_idle) on_idle(); });
  // negative: the same.
  pool.Post([] { if (on_idle) on_idle(); });
  // negative: stored, not run.
  pool.Replace([] { if (on_idle) on_idle(); });
  // positive: run now, under the pool's lock.
  pool.RunNow([] { if (on_idle) on_idle(); });  // expect: concur-locked-callback
}

}  // namespace queued

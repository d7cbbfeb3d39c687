// concur-self-deadlock: calling a coroutine runs its body at the call only
// when its task starts running (an initial suspension that never suspends,
// std::suspend_never). A lazy task (std::suspend_always, like most task
// types) only makes its frame there: the body runs where the task is
// awaited or resumed, after the caller's guard may be gone.
#include <coroutine>
#include <mutex>
#include <vector>

namespace graph {

struct EagerTask {
  struct promise_type {
    EagerTask get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

struct LazyTask {
  struct promise_type {
    LazyTask get_return_object() {
      return LazyTask{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  std::coroutine_handle<promise_type> handle;
  void Start() { handle.resume(); }
};

class Graph {
 public:
  EagerTask Touch() {
    std::lock_guard<std::mutex> hold(mu_);
    ++visits_;
    co_return;
  }

  LazyTask Visit() {
    std::lock_guard<std::mutex> hold(mu_);
    ++visits_;
    co_return;
  }

  // positive: an eager task runs its body, which locks mu_, at the call.
  void TouchLocked() {
    std::lock_guard<std::mutex> hold(mu_);
    Touch();  // expect: concur-self-deadlock
  }

  // negative: the call only makes the lazy task's frame.
  void QueueVisits(int n) {
    std::lock_guard<std::mutex> hold(mu_);
    for (int i = 0; i < n; ++i) pending_.push_back(Visit());
  }

  // negative: the queued tasks run after the guard's scope has ended.
  void RunQueued() {
    std::vector<LazyTask> ready;
    {
      std::lock_guard<std::mutex> hold(mu_);
      ready.swap(pending_);
    }
    for (LazyTask& task : ready) task.Start();
  }

 private:
  std::mutex mu_;
  int visits_ = 0;
  std::vector<LazyTask> pending_;
};

}  // namespace graph

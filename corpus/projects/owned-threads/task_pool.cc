// Tasks handed to a pool of the project run on the pool's own threads: the
// threads its constructor starts into its fields and its destructor joins.
// A task handed to a local pool runs while that pool lives, and no longer.
#include <functional>
#include <map>
#include <mutex>
#include <queue>
#include <thread>

#include "owned.h"

namespace owned {

class TaskPool {
 public:
  TaskPool() : worker_([this] { Run(); }) {}
  ~TaskPool() {
    {
      std::lock_guard<std::mutex> hold(mu_);
      stopping_ = true;
    }
    worker_.join();
  }
  void Submit(std::function<void()> task) {
    std::lock_guard<std::mutex> hold(mu_);
    tasks_.push(std::move(task));
  }

 private:
  void Run() {
    for (;;) {
      std::function<void()> task;
      {
        std::lock_guard<std::mutex> hold(mu_);
        if (tasks_.empty()) {
          if (stopping_) return;
          continue;
        }
        task = std::move(tasks_.front());
        tasks_.pop();
      }
      task();
    }
  }
  std::mutex mu_;
  std::queue<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::thread worker_;
};

std::map<int, int> g_sizes;
std::map<int, int> g_depths;
std::map<int, int> g_widths;
std::mutex g_shapes_mu;

size_t measure_sizes() {
  {
    TaskPool pool;
    for (int i = 0; i < 3; ++i)
      pool.Submit([i] {
        std::lock_guard<std::mutex> hold(g_shapes_mu);
        g_sizes[i] = i;
      });
  }
  const size_t sizes = g_sizes.size();
  // negative: the pool, whose thread ran every task, was destroyed at the end of the block.
  g_sizes.clear();
  return sizes;
}

size_t measure_depths() {
  TaskPool pool;
  pool.Submit([] {
    std::lock_guard<std::mutex> hold(g_shapes_mu);
    g_depths[1] = 1;
  });
  // positive: the pool still lives; its thread may be running the task.
  g_depths.clear(); // expect: concur-shared-global-cache
  return 0;
}

size_t measure_widths() {
  auto* pool = new TaskPool;  // never destroyed: its thread runs on
  pool->Submit([] {
    std::lock_guard<std::mutex> hold(g_shapes_mu);
    g_widths[1] = 1;
  });
  // positive: the task may run at any time from here on.
  g_widths.clear(); // expect: concur-shared-global-cache
  return 0;
}

}  // namespace owned

// Tasks handed to a pool by a function that does not own the pool: the pool
// is a parameter (`void queue_erase (WorkerPool& pool, int id)`), or the task
// goes through a strand that hands its own drain on to the pool. Such a task
// runs on one of the pool's threads, so while some owner of a pool of that
// class keeps it alive, and no longer; and the pool runs several tasks at once.
#include <functional>
#include <map>
#include <mutex>
#include <queue>
#include <string>
#include <thread>
#include <vector>

#include "owned.h"

namespace owned {
namespace {

class WorkerPool {
 public:
  explicit WorkerPool(int size) {
    for (int i = 0; i < size; ++i) threads_.emplace_back([this] { Work(); });
  }
  ~WorkerPool() {
    {
      std::lock_guard<std::mutex> hold(mu_);
      closing_ = true;
    }
    for (auto& thread : threads_) thread.join();
  }
  void Post(std::function<void()> task) {
    std::lock_guard<std::mutex> hold(mu_);
    queue_.push(std::move(task));
  }

 private:
  void Work() {
    for (;;) {
      std::function<void()> task;
      {
        std::lock_guard<std::mutex> hold(mu_);
        if (queue_.empty()) {
          if (closing_) return;
          continue;
        }
        task = std::move(queue_.front());
        queue_.pop();
      }
      task();
    }
  }
  std::mutex mu_;
  std::queue<std::function<void()>> queue_;
  bool closing_ = false;
  std::vector<std::thread> threads_;
};

// Runs its tasks one after another on some thread of the pool.
class Strand {
 public:
  explicit Strand(WorkerPool& pool) : pool_(pool) {}
  void Post(std::function<void()> task) {
    std::lock_guard<std::mutex> hold(mu_);
    pending_.push(std::move(task));
    if (draining_) return;
    draining_ = true;
    pool_.Post([this] { Drain(); });
  }

 private:
  void Drain() {
    for (;;) {
      std::function<void()> task;
      {
        std::lock_guard<std::mutex> hold(mu_);
        if (pending_.empty()) {
          draining_ = false;
          return;
        }
        task = std::move(pending_.front());
        pending_.pop();
      }
      task();
    }
  }
  WorkerPool& pool_;
  std::mutex mu_;
  std::queue<std::function<void()>> pending_;
  bool draining_ = false;
};

std::map<int, std::string> g_peer_names;
std::map<int, int> g_open_sessions;

void queue_forget(WorkerPool& pool, int id) {
  pool.Post([id] {
    // positive: the pool runs two of these tasks at once on its two threads.
    g_peer_names.erase(id); // expect: concur-shared-global-cache
  });
}

void close_later(Strand& strand, int id) {
  strand.Post([id] {
    // positive: each strand's drain runs on the pool, and two strands drain at once.
    g_open_sessions.erase(id); // expect: concur-shared-global-cache
  });
}

}  // namespace

void forget_peers() {
  {
    WorkerPool pool(2);
    queue_forget(pool, 1);
    queue_forget(pool, 2);
  }
  // negative: the pool whose threads ran every task was destroyed at the end of the block.
  g_peer_names.clear();
}

void close_sessions() {
  // negative: no pool exists yet.
  g_open_sessions[0] = 0;
  {
    WorkerPool pool(2);
    Strand first(pool), second(pool);
    close_later(first, 1);
    close_later(second, 2);
  }
  // negative: the strands handed their drains to the pool, which is gone.
  g_open_sessions.clear();
}

}  // namespace owned

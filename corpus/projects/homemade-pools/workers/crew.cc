#include "workers.h"

#include <utility>

namespace workers {

Crew::Crew(std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) threads_.emplace_back([this] { Work(); });
}

Crew::~Crew() {
  {
    std::lock_guard<std::mutex> hold(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& thread : threads_) thread.join();
}

void Crew::RunLater(std::function<void()> job) {
  {
    std::lock_guard<std::mutex> hold(mu_);
    queued_.push_back(std::move(job));
  }
  wake_.notify_one();
}

void Crew::Defer(std::function<void()> job) { deferred_.push_back(std::move(job)); }

void Crew::Flush() {
  std::vector<std::function<void()>> jobs;
  jobs.swap(deferred_);
  for (auto& job : jobs) job();
}

void Crew::Work() {
  while (true) {
    std::function<void()> job;
    {
      std::unique_lock<std::mutex> hold(mu_);
      wake_.wait(hold, [this] { return stopping_ || !queued_.empty(); });
      if (stopping_ && queued_.empty()) return;
      job = std::move(queued_.front());
      queued_.pop_front();
    }
    job();
  }
}

}  // namespace workers

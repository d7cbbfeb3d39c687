// Offload: a fixed pool of worker threads with an intrusive FIFO of jobs.
#include <algorithm>

#include "loop_access.h"
#include "offload_pool.h"

namespace concur::reactor_internal {

void submit_to_pool(OffloadJob& job) {
  job.reactor = this_thread.reactor;
  LoopAccess::submit_offload(*job.reactor, &job);
}

unsigned OffloadPool::default_size() noexcept { return std::max(2u, std::thread::hardware_concurrency()); }

OffloadPool::OffloadPool(unsigned threads) {
  threads_.reserve(threads);
  for (unsigned i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
}

OffloadPool::~OffloadPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& t : threads_) t.join();
}

void OffloadPool::submit(OffloadJob* job) {
  job->next = nullptr;
  {
    std::lock_guard lock(mutex_);
    if (tail_) tail_->next = job;
    else head_ = job;
    tail_ = job;
  }
  ready_.notify_one();
}

void OffloadPool::work() {
  for (;;) {
    OffloadJob* job;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return head_ != nullptr || stopping_; });
      if (!head_) return;
      job = head_;
      head_ = job->next;
      if (!head_) tail_ = nullptr;
    }
    job->execute(job);
    LoopAccess::complete_offload(*job->reactor, job);  // the job may be gone after this
  }
}

}  // namespace concur::reactor_internal

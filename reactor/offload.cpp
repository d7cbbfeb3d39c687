// Offload: a fixed pool of worker threads with an intrusive FIFO of jobs.
#include <algorithm>
#include <utility>

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
    sync_internal::LockGuard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& t : threads_) t.join();
}

void OffloadPool::submit(OffloadJob* job) {
  job->next = nullptr;
  {
    sync_internal::LockGuard lock(mutex_);
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
      sync_internal::UniqueLock lock(mutex_);
      while (head_ == nullptr && !stopping_) lock.wait(ready_);
      if (!head_) return;
      job = head_;
      head_ = job->next;
      if (!head_) tail_ = nullptr;
    }
    job->execute(job);
    LoopAccess::complete_offload(*job->reactor, job);  // the job may be gone after this
  }
}

bool OffloadPool::hand_back(OffloadJob* job) noexcept {
  sync_internal::LockGuard lock(finished_mutex_);
  job->next = finished_;
  finished_ = job;
  return !std::exchange(wake_pending_, true);
}

OffloadJob* OffloadPool::take_finished() noexcept {
  OffloadJob* newest_first;
  {
    sync_internal::LockGuard lock(finished_mutex_);
    newest_first = std::exchange(finished_, nullptr);
    wake_pending_ = false;
  }
  OffloadJob* oldest_first = nullptr;
  while (newest_first) {
    OffloadJob* next = newest_first->next;
    newest_first->next = oldest_first;
    oldest_first = newest_first;
    newest_first = next;
  }
  return oldest_first;
}

}  // namespace concur::reactor_internal

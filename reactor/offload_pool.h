// Internal: the worker threads behind offload(), and the queue on which they hand
// finished jobs back to the reactor (its only cross-thread input).
#pragma once

#include <condition_variable>
#include <thread>
#include <vector>

#include "concur/reactor/offload.h"
#include "concur_thread_safety.h"

namespace concur::reactor_internal {

class OffloadPool {
 public:
  explicit OffloadPool(unsigned threads);
  ~OffloadPool();  // finishes queued jobs, then joins
  OffloadPool(const OffloadPool&) = delete;
  OffloadPool& operator=(const OffloadPool&) = delete;

  /// Queues `job` for a worker (reactor thread).
  void submit(OffloadJob* job) CONCUR_EXCLUDES(mutex_);
  /// Hands a finished job back to the reactor (worker threads). True when the
  /// reactor must be woken: nothing else was waiting for it since it last took.
  bool hand_back(OffloadJob* job) noexcept CONCUR_EXCLUDES(finished_mutex_);
  /// Takes every job handed back so far, oldest first, linked by `next` (reactor thread).
  OffloadJob* take_finished() noexcept CONCUR_EXCLUDES(finished_mutex_);
  static unsigned default_size() noexcept;

 private:
  void work() CONCUR_EXCLUDES(mutex_);

  sync_internal::Mutex mutex_;
  std::condition_variable ready_;
  OffloadJob* head_ CONCUR_GUARDED_BY(mutex_) = nullptr;  // jobs not yet started, FIFO
  OffloadJob* tail_ CONCUR_GUARDED_BY(mutex_) = nullptr;
  bool stopping_ CONCUR_GUARDED_BY(mutex_) = false;
  std::vector<std::thread> threads_;

  // The reactor's remote queue: finished jobs not yet taken, newest first.
  sync_internal::Mutex finished_mutex_;
  OffloadJob* finished_ CONCUR_GUARDED_BY(finished_mutex_) = nullptr;
  bool wake_pending_ CONCUR_GUARDED_BY(finished_mutex_) = false;  // the reactor was signalled
};

}  // namespace concur::reactor_internal

// Internal: the worker threads behind offload().
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "concur/reactor/offload.h"

namespace concur::reactor_internal {

class OffloadPool {
 public:
  explicit OffloadPool(unsigned threads);
  ~OffloadPool();  // finishes queued jobs, then joins
  OffloadPool(const OffloadPool&) = delete;
  OffloadPool& operator=(const OffloadPool&) = delete;

  void submit(OffloadJob* job);
  static unsigned default_size() noexcept;

 private:
  void work();
  std::mutex mutex_;
  std::condition_variable ready_;
  OffloadJob* head_ = nullptr;
  OffloadJob* tail_ = nullptr;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace concur::reactor_internal

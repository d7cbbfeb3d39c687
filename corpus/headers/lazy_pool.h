// A header with one hazard, included by two TUs: reported once.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

namespace pool {

class ConnectionPool {
 public:
  // positive: lazy mutex in an inline member function of a header.
  void Release(int id) {
    if (!mu_) mu_ = std::make_unique<std::mutex>();  // expect: concur-racy-lazy-init
    std::lock_guard<std::mutex> lock(*mu_);
    free_.push_back(id);
  }

  // negative: reading under the (eagerly created) second mutex.
  size_t Size() {
    std::lock_guard<std::mutex> lock(size_mu_);
    return free_.size();
  }

 private:
  std::unique_ptr<std::mutex> mu_;
  std::mutex size_mu_;
  std::vector<int> free_;
};

}  // namespace pool

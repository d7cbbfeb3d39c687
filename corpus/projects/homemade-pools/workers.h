// A thread pool and a deferred-work list the project writes itself, with
// method names the vocabulary's taskSubmitMethods do not list. What makes
// RunLater a hand-over to the pool's threads is what it does: it keeps the
// callable in a member the pool's threads read and call. Defer keeps its
// callable in a member no thread reads: Flush runs those on its caller's thread.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace workers {

class Crew {
 public:
  explicit Crew(std::size_t size);
  ~Crew();

  /// Runs `job` on one of the crew's threads.
  void RunLater(std::function<void()> job);
  /// Keeps `job` until Flush runs it on the calling thread.
  void Defer(std::function<void()> job);
  /// Runs the deferred jobs here, in order.
  void Flush();

 private:
  void Work();

  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queued_;
  std::vector<std::function<void()>> deferred_;
  std::vector<std::thread> threads_;
  bool stopping_ = false;
};

}  // namespace workers

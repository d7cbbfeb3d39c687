#pragma once

#include <functional>
#include <mutex>
#include <vector>

#include "bus.h"

namespace pimpl {

class Bus::Impl {
public:
  void Subscribe(std::function<void(int)> listener);
  void SetIdleHook(std::function<void()> hook);
  void SetFlusher(std::function<void()> flusher);
  void Publish(int value);
  void Idle();
  void Flush();

private:
  std::mutex mu_;
  std::vector<std::function<void(int)>> listeners_;
  std::function<void()> idle_hook_;
  std::function<void()> flusher_;
  int flushed_ = 0;

  friend class Bus;
};

}  // namespace pimpl

// A class whose implementation is a private nested class defined in another
// file (the pimpl idiom). Only Bus can name Bus::Impl, so Impl's public
// methods take only what Bus passes them: a callable Bus forwards from its
// own public method is foreign, one Bus makes itself is not.
#pragma once

#include <functional>
#include <memory>

namespace pimpl {

class Bus {
public:
  Bus();
  ~Bus();
  void Subscribe(std::function<void(int)> listener);
  void OnIdle(std::function<void()> hook);
  void Publish(int value);
  void Idle();
  void Flush();

private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pimpl

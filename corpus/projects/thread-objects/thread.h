// A thread class the project writes itself (Poco's Thread::start (Runnable&)):
// each object starts its own std::thread in start () and joins it in join ().
// Two objects started before either is joined run their threads at once, even
// when both run the same entry, so what those threads run is not alone.
#pragma once

#include <thread>

namespace tobj {

class Runnable {
 public:
  virtual ~Runnable() = default;
  virtual void run() = 0;
};

class Thread {
 public:
  void start(Runnable& target) { thread_ = std::thread([&target] { target.run(); }); }
  void join() {
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::thread thread_;
};

}  // namespace tobj

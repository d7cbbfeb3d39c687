// Function pointers a constructor stores. What a call through one runs depends on who may
// construct: a public constructor takes anything users pass; an internal one takes what the
// project hands it, and that may be a function of the project that runs user code.
#pragma once
#include <functional>
#include <mutex>

namespace events_internal {

class Slot {
 public:
  explicit Slot(void (*fire)()) : fire_(fire) {}
  void Fire();

 private:
  void (*fire_)();
  std::mutex mu_;
};

}  // namespace events_internal

namespace events {

// The program's listener: any code.
void SetListener(std::function<void()> listener);
void TellListener();

class Trigger {
 public:
  Trigger() : slot_(&TellListener) {}
  void Pull() { slot_.Fire(); }

 private:
  events_internal::Slot slot_;
};

class Channel {
 public:
  explicit Channel(void (*handler)(int)) : handler_(handler) {}
  void Deliver(int value);

 private:
  void (*handler_)(int);
  std::mutex mu_;
};

}  // namespace events

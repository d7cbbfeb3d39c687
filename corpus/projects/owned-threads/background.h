// A home-made thread class, in the style of many code bases' test helpers:
// begin() runs body() on a new thread and keeps its handle in the object;
// finish() waits for it. Neither name says "thread", "start" or "join".
#pragma once

#include <pthread.h>

namespace owned {

class BackgroundTask {
 public:
  virtual ~BackgroundTask() = default;
  void begin() { pthread_create(&thread_, nullptr, &BackgroundTask::trampoline, this); }
  void finish() { pthread_join(thread_, nullptr); }

 protected:
  virtual void body() = 0;

 private:
  static void* trampoline(void* self) {
    static_cast<BackgroundTask*>(self)->body();
    return nullptr;
  }
  pthread_t thread_{};
};

}  // namespace owned

// A home-made mutex and guard, defined in another file: a lock by what its
// methods do (Enter locks a member mutex and returns holding it).
#pragma once

#include <mutex>

namespace ledger {

class Monitor {
public:
  void Enter();
  void Leave();

private:
  std::mutex mutex_;
};

class Hold {
public:
  explicit Hold(Monitor& monitor);
  ~Hold();
  Hold(const Hold&) = delete;
  Hold& operator=(const Hold&) = delete;

private:
  Monitor& monitor_;
};

}  // namespace ledger

// An object that starts a thread when it is built and joins it when it is
// destroyed only joins it if something destroys it. Made with a bare `new`
// that nothing deletes, or held where concur does not follow (a
// std::shared_ptr, whose copies may keep it), its thread runs on after the
// call that built it: what follows runs alongside it, even in the first
// function main calls.
#include <memory>
#include <mutex>
#include <thread>

#include "patrols.h"

namespace patrols {
namespace {

class Patrol {
 public:
  explicit Patrol(void (*round)()) : guard_(round) {}
  ~Patrol() { guard_.join(); }

 private:
  std::thread guard_;
};

std::mutex g_tally_lock;
long g_rounds = 0;
long g_laps = 0;

void count_round() {
  std::lock_guard<std::mutex> hold(g_tally_lock);
  ++g_rounds;
}

void count_lap() {
  std::lock_guard<std::mutex> hold(g_tally_lock);
  ++g_laps;
}

}  // namespace

void reset_then_leak_patrol() {
  // negative: main has started no thread yet, and this function none so far.
  g_rounds = 0;
  new Patrol(count_round);
  // positive: nothing destroys the patrol; its thread counts rounds from here on.
  g_rounds = 0;  // expect: concur-shared-global-cache
}

void reset_laps_of_shared_patrol() {
  auto patrol = std::make_shared<Patrol>(count_lap);
  // positive: the patrol a shared_ptr holds is still running here.
  g_laps = 0;  // expect: concur-shared-global-cache
  // negative: a read under the lock.
  std::lock_guard<std::mutex> hold(g_tally_lock);
  (void)g_laps;
}

}  // namespace patrols

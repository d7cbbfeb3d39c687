// A thread its owner lets go of: the destructor detaches it, so it may still
// run after tick_briefly returns.
#include "owned.h"

namespace owned {

std::vector<int> g_ticks;

static void tick() {
  // positive: the detached thread may still tick while main reads the ticks.
  g_ticks.push_back(1); // expect: concur-shared-global-cache
}

Ticker::Ticker() : thread_(tick) {}

Ticker::~Ticker() { thread_.detach(); }

size_t tick_briefly() {
  { Ticker ticker; }
  return g_ticks.size();
}

}  // namespace owned

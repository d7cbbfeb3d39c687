#include "app.h"

namespace app {

std::map<std::string, int> g_routes;
std::vector<std::string> g_events;
std::map<int, int> g_limits;

void LoadConfig() {
  // negative: main calls this before it starts anything.
  g_routes["/"] = 1;
  // negative: the limits are set before the workers start.
  g_limits[0] = 100;
}

void ApplyLimits() {
  // negative: StartServer calls this before it starts the workers.
  g_limits[1] = 200;
}

void RecordStarted() {
  // positive: StartServer calls this after the workers started, and they record events too.
  g_events.push_back("started");  // expect: concur-shared-global-cache
}

}  // namespace app

#include "app.h"

namespace app {

void Worker(int id) {
  auto route = g_routes.find("/");
  auto limit = g_limits.find(id);
  // positive: every worker appends, with no lock.
  if (route != g_routes.end() && limit != g_limits.end()) g_events.push_back("served");  // expect: concur-shared-global-cache
}

void StartServer(std::vector<std::thread>& workers) {
  ApplyLimits();
  // negative: no worker runs yet.
  g_routes["/health"] = 2;
  for (int i = 0; i < 4; ++i) workers.emplace_back(Worker, i);
  // positive: the workers look routes up while this adds one.
  g_routes["/late"] = 3;  // expect: concur-shared-global-cache
  RecordStarted();
}

}  // namespace app

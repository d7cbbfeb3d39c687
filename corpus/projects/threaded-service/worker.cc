#include "service.h"

#include <chrono>

namespace svc {

std::vector<int> g_latencies;
std::string g_status_text;

// positive (in stats below): workers record latencies concurrently.
void RecordLatency(int ms) {
  g_latencies.push_back(ms);  // expect: concur-shared-global-cache
}

// The body of every worker thread (started in main.cc).
void Work(int id) {
  auto start = std::chrono::steady_clock::now();
  // positive: through the accessor in registry.cc, from every worker thread.
  registry().entries["worker" + std::to_string(id)] = id;  // expect: concur-shared-global-cache
  // positive: the map the accessor leaked, filled from every worker thread.
  hosts().emplace("worker" + std::to_string(id), "127.0.0.1");  // expect: concur-shared-global-cache
  Trace("worker started");
  std::string status = g_status_text;  // read on the worker thread
  (void)status;
  RecordLatency(static_cast<int>((std::chrono::steady_clock::now() - start).count()));
  LogQuick(id);
}

}  // namespace svc

#include "service.h"

#include <thread>

int main(int argc, char** argv) {
  // negative: before any thread exists.
  svc::ParseOptions(argc, argv);
  svc::InitTracing();
  // negative: the same map, filled before any thread exists.
  svc::hosts().emplace("localhost", "127.0.0.1");
  std::vector<std::thread> workers;
  for (int i = 0; i < 4; ++i) workers.emplace_back(svc::Work, i);
  // positive: main writes the status while the workers (worker.cc) read it.
  svc::g_status_text = "running";  // expect: concur-shared-global-cache
  svc::LogLocked(1);
  for (auto& worker : workers) worker.join();
  return 0;
}

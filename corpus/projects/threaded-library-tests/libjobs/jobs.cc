#include "jobs.h"

#include <mutex>
#include <thread>
#include <vector>

namespace jobs {
namespace {
std::mutex* g_record_lock = nullptr;
int g_recorded = 0;
}  // namespace

void RunOnWorkers(int threads, const std::function<void(int)>& work) {
  std::vector<std::thread> workers;
  for (int i = 0; i < threads; ++i) workers.emplace_back(work, i);
  for (std::thread& worker : workers) worker.join();
}

// positive: the daemon records from the library's worker threads.
void Record(const std::string& name) {
  if (!g_record_lock) g_record_lock = new std::mutex;  // expect: concur-racy-lazy-init
  std::lock_guard<std::mutex> hold(*g_record_lock);
  g_recorded += static_cast<int>(name.size() > 0);
}

int Recorded() { return g_recorded; }

}  // namespace jobs

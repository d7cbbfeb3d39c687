// A test program that runs the library's workers and logs from them.
#include <cstdio>
#include <mutex>

#include "jobs.h"

namespace {

std::mutex* g_stress_log_lock = nullptr;

// positive: the workers RunOnWorkers starts call it at once.
void StressLog(int worker) {
  if (!g_stress_log_lock) g_stress_log_lock = new std::mutex;  // expect: concur-racy-lazy-init
  std::lock_guard<std::mutex> hold(*g_stress_log_lock);
  std::printf("[stress] worker %d\n", worker);
}

}  // namespace

int main() {
  jobs::RunOnWorkers(8, [](int i) { StressLog(i); });
  return 0;
}

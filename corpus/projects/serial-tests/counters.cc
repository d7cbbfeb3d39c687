#include "counters.h"

namespace counters {
namespace {
std::map<std::string, int> g_counts;
std::map<std::string, int> g_worker_counts;
}  // namespace

// negative: only the serial tests call it.
void Count(const std::string& name) { ++g_counts[name]; }

// positive: the threaded test runs it on two threads at once.
void CountFromWorker(const std::string& name) {
  ++g_worker_counts[name];  // expect: concur-shared-global-cache
}

int Get(const std::string& name) {
  auto it = g_counts.find(name);
  return it == g_counts.end() ? 0 : it->second;
}

}  // namespace counters

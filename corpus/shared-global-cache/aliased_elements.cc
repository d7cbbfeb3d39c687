// A global container changed through a name for one of its parts: a
// structured binding by reference, an iterator from a lookup, the reference
// variable of a range-for. Each names the global's storage, so a change
// through it is a change of the global.
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace aliased_elements {

struct Window {
  std::vector<double> samples;
  long count = 0;
};

Window g_window;
std::map<std::string, std::vector<double>> g_by_route;
std::vector<std::vector<double>> g_shards(4);
std::mutex g_mu;

// positive: a structured binding by reference names the global's field.
void RecordGlobal(double ms) {
  auto& [samples, count] = g_window;
  samples.push_back(ms);  // expect: concur-shared-global-cache
}

// positive: the iterator from find points into the global map; the change is
// to the element it found (a plain unlocked change, not a check-then-act).
void RecordRoute(const std::string& route, double ms) {
  auto it = g_by_route.find(route);
  if (it != g_by_route.end()) it->second.push_back(ms);  // expect: concur-shared-global-cache
}

// positive: the range-for's reference is each element of the global.
void Broadcast(double ms) {
  for (auto& shard : g_shards) shard.push_back(ms);  // expect: concur-shared-global-cache
}

// negative: the same iterator walk only reads; advancing the iterator changes nothing shared.
size_t CountSamples() {
  size_t total = 0;
  for (auto it = g_by_route.begin(); it != g_by_route.end(); ++it) total += it->second.size();
  return total;
}

// negative: a structured binding by value is a copy.
size_t CopySamples(double ms) {
  auto [samples, count] = g_window;
  samples.push_back(ms);
  return samples.size() + static_cast<size_t>(count);
}

// negative: the range-for walks a copy of the global.
void BroadcastCopy(double ms) {
  std::vector<std::vector<double>> shards = g_shards;
  for (auto& shard : shards) shard.push_back(ms);
}

// negative: the element is changed under the lock.
void RecordRouteLocked(const std::string& route, double ms) {
  std::lock_guard<std::mutex> hold(g_mu);
  auto it = g_by_route.find(route);
  if (it != g_by_route.end()) it->second.push_back(ms);
}

std::map<int, float> g_peaks;
std::map<std::string, long> g_hits;

// positive: operator[] inserts the element a reference then changes; the insert is the first change.
void RecordPeak(int node, float value) {
  float& peak = g_peaks[node];  // expect: concur-shared-global-cache
  if (value > peak) peak = value;
}

// positive: an increment of a map's element inserts it first.
void CountHit(const std::string& key) {
  ++g_hits[key];  // expect: concur-shared-global-cache
}

// negative: the same reference, taken and changed under the lock.
void RecordPeakLocked(int node, float value) {
  std::lock_guard<std::mutex> hold(g_mu);
  float& peak = g_peaks[node];
  if (value > peak) peak = value;
}

// negative: the increment under the lock.
void CountHitLocked(const std::string& key) {
  std::lock_guard<std::mutex> hold(g_mu);
  ++g_hits[key];
}

}  // namespace aliased_elements

// A resolver whose cache policy is an enum argument: the pool's tasks bypass the shared cache,
// start-up warms it. A second cache is written by the tasks through the same shape.
#include <cstdio>
#include <map>
#include <string>
#include <thread>
#include <vector>

enum class CachePolicy { kBypass, kShared };

std::map<std::string, std::string> g_addresses;
std::map<std::string, int> g_ttls;

static std::string Query(const std::string& host) { return "10.0.0." + std::to_string(host.size()); }

// negative: only the start-up call passes kShared; the tasks pass kBypass.
std::string Resolve(const std::string& host, CachePolicy policy) {
  if (policy == CachePolicy::kBypass) return Query(host);
  auto it = g_addresses.find(host);
  if (it != g_addresses.end()) return it->second;
  std::string address = Query(host);
  g_addresses.emplace(host, address);
  return address;
}

// positive: the tasks pass kShared.
int Ttl(const std::string& host, CachePolicy policy) {
  if (policy == CachePolicy::kBypass) return 60;
  auto it = g_ttls.find(host);
  if (it != g_ttls.end()) return it->second;
  const int ttl = static_cast<int>(host.size()) * 10;
  g_ttls.emplace(host, ttl);  // expect: concur-shared-global-cache
  return ttl;
}

int main() {
  const std::vector<std::string> hosts = {"a.example", "bb.example", "ccc.example"};
  for (const auto& host : hosts) std::printf("%s\n", Resolve(host, CachePolicy::kShared).c_str());
  std::vector<std::thread> tasks;
  for (int i = 0; i < 3; ++i)
    tasks.emplace_back([&hosts, i] {
      for (int round = 0; round < 50; ++round) {
        const std::string& host = hosts[(i + round) % hosts.size()];
        std::printf("%s %d\n", Resolve(host, CachePolicy::kBypass).c_str(), Ttl(host, CachePolicy::kShared));
      }
    });
  for (auto& task : tasks) task.join();
  return 0;
}

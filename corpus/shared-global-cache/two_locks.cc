// A change made under a lock races with the changes made under another lock:
// two mutexes exclude nothing. Only locks that cannot be one mutex count as
// two: two variables in static storage (or fields of two of them). A lock
// reached through a pointer may be either, and a lock both sides hold
// serializes them whatever else each holds.
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace two_locks {

std::map<std::string, int> g_routes;
std::mutex g_table_mu;
std::mutex g_admin_mu;

void AddRoute(const std::string& path, int port) {
  std::lock_guard<std::mutex> hold(g_table_mu);
  // positive: ResetRoutes changes the map under g_admin_mu, which excludes nothing here.
  g_routes[path] = port;  // expect: concur-shared-global-cache
}

void ResetRoutes() {
  std::lock_guard<std::mutex> hold(g_admin_mu);
  g_routes.clear();
}

std::map<int, std::string> g_names;

void Rename(int id, const std::string& name) {
  std::scoped_lock hold(g_table_mu, g_admin_mu);
  // negative: Forget holds g_table_mu too.
  g_names[id] = name;
}

void Forget(int id) {
  std::lock_guard<std::mutex> hold(g_table_mu);
  g_names.erase(id);
}

struct Registry {
  std::mutex* mu;
};
Registry g_registry{&g_admin_mu};
std::map<int, int> g_ports;

void OpenPort(int port) {
  std::lock_guard<std::mutex> hold(*g_registry.mu);
  // negative: the registry's mutex is reached through a pointer: it may be g_table_mu.
  g_ports[port] = 1;
}

void ClosePort(int port) {
  std::lock_guard<std::mutex> hold(g_table_mu);
  g_ports.erase(port);
}

std::map<int, int> g_hits;

void CountHit(int route) {
  std::lock_guard<std::mutex> hold(g_table_mu);
  // positive: ReadHits looks the map up under g_admin_mu, which does not keep this insert out.
  ++g_hits[route];  // expect: concur-shared-global-cache
}

int ReadHits(int route) {
  std::lock_guard<std::mutex> hold(g_admin_mu);
  auto it = g_hits.find(route);
  return it == g_hits.end() ? 0 : it->second;
}

std::map<int, long> g_sizes;

void Grow(int id) {
  std::lock_guard<std::mutex> hold(g_admin_mu);
  // negative: every use of g_sizes holds g_admin_mu.
  g_sizes[id] += 1;
}

long Size(int id) {
  std::lock_guard<std::mutex> hold(g_admin_mu);
  auto it = g_sizes.find(id);
  return it == g_sizes.end() ? 0 : it->second;
}

void Serve() {
  std::thread a([] { AddRoute("/", 80); Rename(1, "a"); OpenPort(80); CountHit(1); Grow(1); });
  std::thread b([] { ResetRoutes(); Forget(1); ClosePort(80); (void)ReadHits(1); (void)Size(1); });
  a.join();
  b.join();
}

}  // namespace two_locks

// concur-shared-global-cache: a lock taken through a guard a function of the
// project returns (`auto lk = LockRoutes ();`) guards what follows, as a guard
// the code constructs itself does; a reader guard returned so guards only reads.
#include <map>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <string>

namespace routing {

std::map<std::string, int> g_routes;
std::mutex g_routes_mu;

std::unique_lock<std::mutex> LockRoutes() { return std::unique_lock<std::mutex>(g_routes_mu); }

int LookupRoute(const std::string& name) {
  std::lock_guard<std::mutex> lock(g_routes_mu);
  auto it = g_routes.find(name);
  return it == g_routes.end() ? -1 : it->second;
}

// negative: the guard LockRoutes() returns holds g_routes_mu.
void AddRoute(const std::string& name, int port) {
  auto held = LockRoutes();
  g_routes[name] = port;
}

// positive: the guard is released before the erase.
void DropRoute(const std::string& name) {
  auto held = LockRoutes();
  held.unlock();
  g_routes.erase(name);  // expect: concur-shared-global-cache
}

std::set<std::string> g_hosts;
std::shared_mutex g_hosts_mu;

std::shared_lock<std::shared_mutex> ReadHosts() { return std::shared_lock<std::shared_mutex>(g_hosts_mu); }
std::unique_lock<std::shared_mutex> WriteHosts() { return std::unique_lock<std::shared_mutex>(g_hosts_mu); }

bool KnownHost(const std::string& host) {
  auto read = ReadHosts();
  return g_hosts.count(host) != 0;
}

// positive: a reader guard from ReadHosts() lets other readers in while this inserts.
void RememberHost(const std::string& host) {
  auto read = ReadHosts();
  g_hosts.insert(host);  // expect: concur-shared-global-cache
}

// negative: WriteHosts() hands over the lock in exclusive mode.
void ForgetHost(const std::string& host) {
  auto write = WriteHosts();
  g_hosts.erase(host);
}

}  // namespace routing

// concur-shared-global-cache: user cache classes, more mutations, and more correct code.
#include <atomic>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <string>
#include <unordered_set>
#include <vector>

namespace caches2 {

// A user cache with put/get and no mutex of its own.
class SessionCache {
 public:
  void Put(int id, const std::string& user) { users_[id] = user; }
  const std::string* Get(int id) const {
    auto it = users_.find(id);
    return it == users_.end() ? nullptr : &it->second;
  }

 private:
  std::map<int, std::string> users_;
};

// A user cache that locks internally: callers need no lock.
class MetricsCache {
 public:
  void Put(const std::string& name, double value) {
    std::lock_guard<std::mutex> lock(mu_);
    values_[name] = value;
  }

 private:
  std::mutex mu_;
  std::map<std::string, double> values_;
};

SessionCache g_sessions;
MetricsCache g_metrics;

// positive: a global *Cache without its own mutex, written through put.
void Login(int id, const std::string& user) {
  g_sessions.Put(id, user);  // expect: concur-shared-global-cache
}

// negative: the global *Cache has a mutex member and locks inside Put.
void Record(const std::string& name, double value) { g_metrics.Put(name, value); }

struct Plugin {
  static std::vector<std::string> s_loaded;
};
std::vector<std::string> Plugin::s_loaded;

// positive: push_back on a class static vector with no lock.
void MarkLoaded(const std::string& name) {
  Plugin::s_loaded.push_back(name);  // expect: concur-shared-global-cache
}

std::string g_last_error;

// positive: assigning a whole global std::string reallocates its buffer under readers.
void SetLastError(const std::string& message) {
  g_last_error = message;  // expect: concur-shared-global-cache
}

std::unordered_set<int> g_active;

// positive: erase from a global unordered_set with no lock.
void Deactivate(int id) {
  g_active.erase(id);  // expect: concur-shared-global-cache
}

std::set<std::string> g_interned;

// positive: check-then-act with contains(): two threads both miss, both insert.
const std::string& Intern(const std::string& s) {
  if (!g_interned.contains(s)) g_interned.insert(s);  // expect: concur-shared-global-cache
  return *g_interned.find(s);
}

// positive: a function-local static deque appended to from every caller.
void Remember(int request) {
  static std::deque<int> recent;
  recent.emplace_back(request);  // expect: concur-shared-global-cache
}

std::vector<std::string> g_search_paths;

// positive: check-then-act with empty(): two threads both see it empty and both append.
void EnsureDefaultPath() {
  if (g_search_paths.empty()) g_search_paths.push_back("/usr/lib");  // expect: concur-shared-global-cache
}

std::map<std::string, std::string> g_resolved;

// positive: check-then-act through a reference to the global, the insert in a later block.
std::string Resolve(const std::string& host) {
  auto& known = g_resolved;
  if (known.count(host)) return known[host];
  known.emplace(host, "127.0.0.1");  // expect: concur-shared-global-cache
  return "127.0.0.1";
}

std::map<std::string, long> g_symbols;
std::shared_mutex g_symbols_mutex;

// positive: looked up under the reader lock, then inserted under the same reader lock.
long SymbolAddress(const std::string& name) {
  std::shared_lock<std::shared_mutex> read(g_symbols_mutex);
  auto it = g_symbols.find(name);
  if (it != g_symbols.end()) return it->second;
  const long address = static_cast<long>(name.size()) * 16;
  g_symbols[name] = address;  // expect: concur-shared-global-cache
  return address;
}

std::vector<int>* g_ids = new std::vector<int>();

// positive: a global pointer to a container, used directly.
void RecordId(int id) {
  g_ids->push_back(id);  // expect: concur-shared-global-cache
}

std::vector<int> g_pending;
std::vector<int> g_spare;

// positive: a local pointer to a global container, used with ->.
void Enqueue(int id) {
  std::vector<int>* queue = &g_pending;
  queue->push_back(id);  // expect: concur-shared-global-cache
}

// ---- negatives ----

// negative: the local pointer is pointed at a local vector before it is used.
size_t EnqueueLocally(int id) {
  std::vector<int> local;
  std::vector<int>* queue = &g_spare;
  queue = &local;
  queue->push_back(id);
  return local.size();
}

std::vector<int>* g_orders = new std::vector<int>();
std::mutex g_orders_mutex;

// negative: the same through a pointer, under the lock.
void RecordOrder(int id) {
  std::lock_guard<std::mutex> hold(g_orders_mutex);
  g_orders->push_back(id);
}

// negative: the writer takes the same lock exclusively.
void DefineSymbol(const std::string& name, long address) {
  std::unique_lock<std::shared_mutex> write(g_symbols_mutex);
  g_symbols[name] = address;
}

// negative: a reader that only reads under the reader lock.
long PeekSymbol(const std::string& name) {
  g_symbols_mutex.lock_shared();
  auto it = g_symbols.find(name);
  const long address = it == g_symbols.end() ? 0 : it->second;
  g_symbols_mutex.unlock_shared();
  return address;
}

std::map<std::string, std::string> g_aliases;
std::mutex g_aliases_mutex;

// negative: the same shape through a reference, with the lock held from the top.
std::string Alias(const std::string& name) {
  std::lock_guard<std::mutex> hold(g_aliases_mutex);
  auto& known = g_aliases;
  if (known.count(name)) return known[name];
  known.emplace(name, name);
  return name;
}

std::map<std::string, int> g_ports;
std::mutex g_ports_mutex;

// negative: scoped_lock around try_emplace.
int PortFor(const std::string& service) {
  std::scoped_lock lock(g_ports_mutex);
  auto [it, inserted] = g_ports.try_emplace(service, 8000 + static_cast<int>(g_ports.size()));
  return it->second;
}

std::atomic<bool> g_tracing{true};

// negative: save/flip/restore of a std::atomic flag is not this check (no data race).
void WithoutTracing(void (*work)()) {
  bool saved = g_tracing.load();
  g_tracing.store(false);
  work();
  g_tracing.store(saved);
}

int g_epoch = 0;
std::mutex g_epoch_mutex;

// negative: a scalar written under the same lock everywhere.
void AdvanceEpoch() {
  std::lock_guard<std::mutex> lock(g_epoch_mutex);
  ++g_epoch;
}
void ResetEpoch() {
  std::lock_guard<std::mutex> lock(g_epoch_mutex);
  g_epoch = 0;
}

bool g_shutting_down = false;

// negative: a one-way scalar flag, never locked and never restored: out of scope.
void BeginShutdown() { g_shutting_down = true; }

std::map<int, int> BuildPowers() {
  std::map<int, int> powers;
  for (int i = 0; i < 16; ++i) powers[i] = 1 << i;
  return powers;
}

// negative: a non-const magic static initialized once by a call, then only read.
int PowerOf(int exponent) {
  static std::map<int, int> powers = BuildPowers();
  auto it = powers.find(exponent);
  return it == powers.end() ? 0 : it->second;
}

std::map<std::string, int> g_defaults = {{"retries", 3}};

// negative: the global is copied; only the local copy is modified.
std::map<std::string, int> WithOverride(const std::string& key, int value) {
  auto copy = g_defaults;
  copy[key] = value;
  return copy;
}

constexpr int kPrimes[] = {2, 3, 5, 7, 11};

// negative: constexpr data is immutable.
int NthPrime(int n) { return kPrimes[n % 5]; }

// negative: iteration and lookups on a global are reads.
int SumDefaults() {
  int total = 0;
  for (const auto& entry : g_defaults) total += entry.second;
  return total + static_cast<int>(g_defaults.count("retries"));
}

struct Guarded {
  std::mutex mu;
  std::map<int, std::string> names;
};
Guarded g_guarded;

// negative: the global bundles its own mutex, held for the write.
void Name(int id, const std::string& name) {
  std::lock_guard<std::mutex> lock(g_guarded.mu);
  g_guarded.names[id] = name;
}

class MutexLocker {
 public:
  explicit MutexLocker(std::mutex& mu) : mu_(mu) { mu_.lock(); }
  ~MutexLocker() { mu_.unlock(); }

 private:
  std::mutex& mu_;
};

std::mutex g_hosts_mutex;
std::unordered_set<std::string> g_hosts;

// negative: the mutation runs under a user guard named *Locker.
void AddHost(const std::string& host) {
  MutexLocker locker(g_hosts_mutex);
  g_hosts.insert(host);
}

}  // namespace caches2

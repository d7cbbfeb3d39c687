// concur-shared-global-cache: positive and negative cases side by side.
#include <atomic>
#include <map>
#include <mutex>
#include <pthread.h>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace caches {

std::unordered_map<std::string, int> g_symbol_ids;

// positive: insert into a namespace-scope container with no lock.
int Intern(const std::string& name) {
  auto [it, inserted] = g_symbol_ids.emplace(name, static_cast<int>(g_symbol_ids.size()));  // expect: concur-shared-global-cache
  return it->second;
}

struct Config {
  static std::map<std::string, std::string> overrides;
};
std::map<std::string, std::string> Config::overrides;

// positive: a class static map written through operator[].
void SetOverride(const std::string& key, const std::string& value) {
  Config::overrides[key] = value;  // expect: concur-shared-global-cache
}

// positive: a function-local static memo, check-then-act.
int Fibonacci(int n) {
  static std::map<int, int> memo;
  if (n < 2) return n;
  if (memo.count(n)) return memo[n];
  int value = Fibonacci(n - 1) + Fibonacci(n - 2);
  memo[n] = value;  // expect: concur-shared-global-cache
  return value;
}

using Factory = int (*)();
std::map<std::string, Factory>& Registry() {
  static std::map<std::string, Factory> registry;
  return registry;
}

// positive: mutation through an accessor returning a reference to a static.
void RegisterLate(const std::string& name, Factory factory) {
  Registry()[name] = factory;  // expect: concur-shared-global-cache
}

std::vector<std::string> g_log_lines;
std::mutex g_log_mutex;

void AppendLocked(const std::string& line) {
  std::lock_guard<std::mutex> lock(g_log_mutex);
  g_log_lines.push_back(line);
}

// positive: inconsistent locking: locked in AppendLocked, not here.
void ClearLog() {
  g_log_lines.clear();  // expect: concur-shared-global-cache
}

int g_generation = 0;
std::mutex g_generation_mutex;

void BumpGeneration() {
  std::lock_guard<std::mutex> lock(g_generation_mutex);
  ++g_generation;
}

// positive: a plain scalar, but written under a lock elsewhere.
void ResetGeneration() {
  g_generation = 0;  // expect: concur-shared-global-cache
}

// ---- negatives ----

const std::map<int, std::string> kNames = {{1, "one"}, {2, "two"}};

// negative: const globals cannot be mutated.
std::string NameOf(int id) {
  auto it = kNames.find(id);
  return it == kNames.end() ? "" : it->second;
}

thread_local std::map<int, int> t_scratch;

// negative: thread_local containers are per thread.
void UseScratch(int k) { t_scratch[k] = k; }

std::atomic<int> g_requests{0};

// negative: atomics.
void CountRequest() { g_requests.fetch_add(1, std::memory_order_relaxed); }

std::set<std::string> g_seen;
std::mutex g_seen_mutex;

// negative: every mutation under the lock (lock_guard, unique_lock, manual, scoped_lock).
bool SeenBefore(const std::string& key) {
  std::lock_guard<std::mutex> lock(g_seen_mutex);
  return !g_seen.insert(key).second;
}
void ForgetAll() {
  std::unique_lock<std::mutex> lock(g_seen_mutex);
  g_seen.clear();
}
void Forget(const std::string& key) {
  g_seen_mutex.lock();
  g_seen.erase(key);
  g_seen_mutex.unlock();
}

pthread_mutex_t g_table_mutex = PTHREAD_MUTEX_INITIALIZER;
std::map<int, int> g_table;

// negative: pthread-locked mutation.
void PutLocked(int k, int v) {
  pthread_mutex_lock(&g_table_mutex);
  g_table[k] = v;
  pthread_mutex_unlock(&g_table_mutex);
}

// negative: reads only.
size_t TableSize() { return g_table.size(); }

// negative: local containers and instance members.
int LocalWork() {
  std::map<int, int> local;
  local[1] = 2;
  return local[1];
}
class Holder {
 public:
  void Put(int k) { members_[k] = k; }

 private:
  std::map<int, int> members_;
};

// negative: a magic static built by a lambda, read-only afterwards.
const std::map<int, int>& Squares() {
  static const std::map<int, int> table = [] {
    std::map<int, int> m;
    for (int i = 0; i < 10; ++i) m[i] = i * i;
    return m;
  }();
  return table;
}

int g_counter = 0;

// negative: a plain scalar counter with no lock anywhere: out of scope.
void Count() { ++g_counter; }

struct Registrar {
  // negative: registration from a static-initialization constructor.
  Registrar(const char* name, Factory factory) { Registry()[name] = factory; }
};
int MakeOne() { return 1; }
Registrar g_register_one("one", &MakeOne);

// negative: the global mutex itself being locked is not a mutation of shared data.
void LockOnly() {
  g_seen_mutex.lock();
  g_seen_mutex.unlock();
}

}  // namespace caches

// concur-shared-global-cache: a container that is a field of a global struct
// (`g_server.history.push_back (id)`) is a global container too: the fact is
// "the accessed field's type is a container", whatever the struct is called
// and however deep the field sits. Each field is an object of its own.
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace server_state {

struct Limits {
  int max_sessions = 0;
  std::vector<std::string> banned;
};

struct State {
  std::vector<int> history;
  std::map<std::string, int> counts;
  Limits limits;
  int generation = 0;
  std::mutex mu;
} g_server;

// positive: appends to a container field of a global, in a library entry point.
void Remember(int id) {
  g_server.history.push_back(id);  // expect: concur-shared-global-cache
}

// positive: a container two structs down.
void Ban(const std::string& user) {
  g_server.limits.banned.push_back(user);  // expect: concur-shared-global-cache
}

// positive: inserts into the map field; the same function's other uses of that field are one finding.
void Count(const std::string& key) {
  g_server.counts.emplace(key, 0);  // expect: concur-shared-global-cache
  ++g_server.counts[key];
}

// negative: the struct's own mutex is held.
void CountLocked(const std::string& key) {
  std::lock_guard<std::mutex> hold(g_server.mu);
  ++g_server.counts[key];
}

// negative: a scalar field written with no lock anywhere else is not a container mutation.
void NextGeneration() { ++g_server.generation; }

// negative: a field of a local copy.
size_t HistoryAfter(int id) {
  State copy;
  copy.history.push_back(id);
  return copy.history.size();
}

// negative: reads of the container fields.
size_t Seen(int id) {
  size_t n = 0;
  for (int h : g_server.history) n += h == id;
  return n + g_server.counts.count("x");
}

}  // namespace server_state

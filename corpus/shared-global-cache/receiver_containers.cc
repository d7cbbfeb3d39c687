// concur-shared-global-cache: a method is handed the object it runs on. When
// that object is a global (a Meyers or leaky singleton, a namespace-scope
// object), a container field the method changes with no lock of its own is a
// global container changed at the call, as for a container handed to a
// helper. The class need not be named like a cache. Reported at the call,
// with a note where the method changes it.
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace receiver_containers {

class Config {
public:
  static Config& instance() {
    static Config config;
    return config;
  }
  void set(const std::string& key, const std::string& value) { values_[key] = value; }
  std::string get(const std::string& key) const {
    auto it = values_.find(key);
    return it == values_.end() ? std::string() : it->second;
  }

private:
  std::map<std::string, std::string> values_;
};

class Catalog {
public:
  static Catalog& shared() {
    static Catalog* catalog = new Catalog;
    return *catalog;
  }
  void add(const std::string& name) { store(name); }
  bool has(const std::string& name) const { return names_.count(name) != 0; }

private:
  void store(const std::string& name) { names_.insert(name); }
  std::set<std::string> names_;
};

class Journal {
public:
  Journal() { lines_.push_back("start"); }
  void append(const std::string& line) { lines_.push_back(line); }

private:
  std::vector<std::string> lines_;
};
Journal g_journal;

class SafeJournal {
public:
  void append(const std::string& line) {
    std::lock_guard<std::mutex> hold(mu_);
    lines_.push_back(line);
  }

private:
  std::mutex mu_;
  std::vector<std::string> lines_;
};
SafeJournal g_safe_journal;

class Registry {
public:
  static Registry& instance() {
    static Registry registry;
    return registry;
  }
  void add(const std::string& name) {
    std::lock_guard<std::mutex> hold(mu_);
    add_locked(name);
  }
  void add_unsafe(const std::string& name) { add_locked(name); }

private:
  void add_locked(const std::string& name) { names_.push_back(name); }
  std::mutex mu_;
  std::vector<std::string> names_;
};

Journal g_boot_journal;
// negative: a static initializer runs before any thread starts.
static const bool g_booted = (g_boot_journal.append("configured"), true);

void worker(int id) {
  const std::string name = "worker" + std::to_string(id);
  // positive: a Meyers singleton's map, changed by a method that takes no lock.
  Config::instance().set(name, "on");  // expect: concur-shared-global-cache
  // positive: a leaky singleton's set, changed by a private helper the method calls.
  Catalog::shared().add(name);  // expect: concur-shared-global-cache
  // positive: a namespace-scope object of a class not named like a cache.
  g_journal.append(name);  // expect: concur-shared-global-cache
  // negative: the method locks its own mutex around the change.
  g_safe_journal.append(name);
  // negative: a local object, no one else's.
  Journal local;
  local.append(name);
  // negative: const methods only read.
  (void)Config::instance().get(name);
  // negative: const methods only read, through the leaky singleton too.
  (void)Catalog::shared().has(name);
  // negative: the public method locks, then calls the helper that changes the list.
  Registry::instance().add(name);
  // positive: the other public method calls the same helper without the lock.
  Registry::instance().add_unsafe(name);  // expect: concur-shared-global-cache
}

void start_workers() {
  std::vector<std::thread> workers;
  for (int i = 0; i < 3; ++i) workers.emplace_back(worker, i);
  for (auto& t : workers) t.join();
}

}  // namespace receiver_containers

// Registration by static objects: a global registrar whose constructor calls the function it is
// given runs that function during static initialization, before any thread exists. A registrar
// that keeps the function for later hands it to whatever runs it then.
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace registrars {

class ModuleInitializer {
 public:
  using Body = void (*)();
  ModuleInitializer(const char*, Body body) { body(); }
};

std::map<std::string, int> module_versions;

void RegisterVersion(const std::string& name, int version) {
  // negative: only the module initializers below call this, at start-up.
  module_versions[name] = version;
}

namespace {
void InitNetModule() { RegisterVersion("net", 2); }
void InitDiskModule() { RegisterVersion("disk", 5); }
ModuleInitializer net_initializer("net", InitNetModule);
ModuleInitializer disk_initializer("disk", &InitDiskModule);
}  // namespace

// Keeps the hook; a worker thread runs every kept hook later.
class DeferredHook {
 public:
  using Body = void (*)();
  DeferredHook(const char*, Body body) {
    std::lock_guard<std::mutex> lock(mu());
    hooks().push_back(body);
  }
  static std::mutex& mu() {
    static std::mutex m;
    return m;
  }
  static std::vector<Body>& hooks() {
    static std::vector<Body> h;
    return h;
  }
};

std::map<std::string, int> hook_counts;

namespace {
// positive: DeferredHook keeps it, so it is not start-up code: it runs later, on a worker thread.
void CountFlushes() { hook_counts["flush"] += 1; }  // expect: concur-shared-global-cache
DeferredHook flush_hook("flush", CountFlushes);
}  // namespace

void RunHooksOnWorker() {
  std::thread worker([] {
    std::vector<DeferredHook::Body> copy;
    {
      std::lock_guard<std::mutex> lock(DeferredHook::mu());
      copy = DeferredHook::hooks();
    }
    for (auto hook : copy) hook();
  });
  worker.join();
}

}  // namespace registrars

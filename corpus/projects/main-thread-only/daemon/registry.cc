#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <evloop.h>

extern "C" {
#include "daemon.h"
}

namespace {

std::mutex g_registry_mu;
std::map<std::string, int> g_plugins;

std::mutex g_sessions_mu;
std::map<std::string, long> g_sessions;

std::mutex g_config_mu;
std::vector<std::string> g_config;

std::mutex g_hist_mu;
std::vector<long> g_hist;

// A thread the object owns: main starts and joins it through the object.
class Ticker {
 public:
  void Start() { thread_ = std::thread([] { RecordLatency(1); }); }
  void Stop() { thread_.join(); }
  static void RecordLatency(long micros) {
    std::lock_guard<std::mutex> lock(g_hist_mu);
    g_hist.push_back(micros);
  }

 private:
  std::thread thread_;
};

Ticker g_ticker;

void ExpireSession(const char* key) {
  std::lock_guard<std::mutex> lock(g_sessions_mu);
  g_sessions.erase(key);
}

}  // namespace

extern "C" void registry_load(const char* names) {
  // negative: main fills the table after its threads started, and only main's
  // shutdown (registry_unload) uses it, under the lock: one thread.
  g_plugins.emplace(names, 1);
}

extern "C" void registry_unload(void) {
  std::lock_guard<std::mutex> lock(g_registry_mu);
  g_plugins.clear();
}

extern "C" void registry_lookup(const char* name) {
  // positive: the event library runs ExpireSession on its threads, which
  // erases under g_sessions_mu while main adds here.
  g_sessions[name] = 1;  // expect: concur-shared-global-cache
  evloop_on_timeout(ExpireSession);
}

extern "C" void config_start(void) {
  g_ticker.Start();
  // negative: the ticker thread (started through the object) never touches
  // the config; its only other use is main's locked clear at shutdown.
  g_config.push_back("ticker");
}

extern "C" void config_stop(void) {
  g_ticker.Stop();
  std::lock_guard<std::mutex> lock(g_config_mu);
  g_config.clear();
}

extern "C" void stats_reset(void) {
  // positive: the ticker records under g_hist_mu on its own thread meanwhile.
  g_hist.clear();  // expect: concur-shared-global-cache
}

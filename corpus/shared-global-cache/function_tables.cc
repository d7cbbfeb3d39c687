// concur-shared-global-cache: functions kept in the project's own tables of
// function pointers run where the project calls through those tables. A
// table walked by a static initializer runs at start-up; a table a worker
// thread calls runs on that thread.
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace plugins {

std::map<std::string, int> g_formats;
std::vector<std::string> g_events;
std::mutex g_mu;

int lookup_format(const std::string& name) {
  std::lock_guard<std::mutex> lock(g_mu);
  auto it = g_formats.find(name);
  return it == g_formats.end() ? -1 : it->second;
}

struct Plugin {
  const char* name;
  void (*init)();
};

void init_png() {
  // negative: only the static initializer below calls it, through the plugin table: start-up.
  g_formats["png"] = 1;
}

void init_gif() {
  // negative: the same table, the same static initializer.
  g_formats["gif"] = 2;
}

const Plugin kPlugins[] = {{"png", &init_png}, {"gif", &init_gif}};

const bool registered = [] {
  for (const Plugin& plugin : kPlugins) plugin.init();
  return true;
}();

struct Handlers {
  void (*on_event)(const std::string&);
};

void record_event(const std::string& event) {
  // positive: the worker thread calls it through handlers.on_event.
  g_events.push_back(event);  // expect: concur-shared-global-cache
}

Handlers handlers = {&record_event};

void start_worker() {
  std::thread worker([] { handlers.on_event("tick"); });
  worker.detach();
}

}  // namespace plugins

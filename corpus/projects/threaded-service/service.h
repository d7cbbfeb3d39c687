// A small service: main parses options and registers plugins before any
// thread exists, then starts workers. What is shared, and with what evidence
// that it runs concurrently, spans the files of this project.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace svc {

struct Registry {
  std::map<std::string, int> entries;
};

// A leaky singleton (`static Registry* r = new Registry; return *r;`), in registry.cc.
Registry& registry();
// A leaky singleton that is the container itself: host name -> address.
std::map<std::string, std::string>& hosts();

extern std::map<std::string, std::string> g_options;
extern std::vector<std::string> g_recent_files;
extern std::string g_status_text;
extern std::vector<int> g_latencies;
extern std::vector<int> g_log;
extern std::mutex g_log_mutex;
extern std::mutex* g_trace_mutex;

void ParseOptions(int argc, char** argv);
void RegisterPlugin(const std::string& name, int id);
void InitTracing();
void Trace(const std::string& line);
void RecordLatency(int ms);
void Work(int id);
void OnMenuClick(const std::string& file);
void LogLocked(int value);
void LogBatch(const std::vector<int>& values);
void LogQuick(int value);

}  // namespace svc

#include "service.h"

namespace svc {

std::vector<int> g_log;
std::mutex g_log_mutex;

namespace {
// negative: every caller holds g_log_mutex, so the helper does too.
void AppendLocked(int value) { g_log.push_back(value); }

// positive: LogQuick calls it without the lock, LogBatch with it.
void Append(int value) {
  g_log.push_back(value);  // expect: concur-shared-global-cache
}
}  // namespace

void LogLocked(int value) {
  std::lock_guard<std::mutex> lock(g_log_mutex);
  AppendLocked(value);
}

void LogBatch(const std::vector<int>& values) {
  std::lock_guard<std::mutex> lock(g_log_mutex);
  for (int v : values) {
    AppendLocked(v);
    Append(v);
  }
}

void LogQuick(int value) { Append(value); }

}  // namespace svc

#include "service.h"

#include <cstdio>

namespace svc {

std::mutex* g_trace_mutex;

// negative: lazily creates the trace mutex, but only main calls it, before any thread.
void InitTracing() {
  if (!g_trace_mutex) g_trace_mutex = new std::mutex;
  std::lock_guard<std::mutex> lock(*g_trace_mutex);
}

// positive: the same creation on first use from worker threads.
void Trace(const std::string& line) {
  if (!g_trace_mutex) g_trace_mutex = new std::mutex;  // expect: concur-racy-lazy-init
  std::lock_guard<std::mutex> lock(*g_trace_mutex);
  std::fputs(line.c_str(), stderr);
}

}  // namespace svc

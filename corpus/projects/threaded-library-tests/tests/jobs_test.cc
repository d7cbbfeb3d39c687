// A test program that runs its cases one after another on its main thread.
#include <cstdio>
#include <memory>
#include <mutex>

#include "jobs.h"

namespace {

std::mutex* g_test_log_lock = nullptr;
std::unique_ptr<std::mutex> g_report_lock;

// negative: only the test's own main reaches it, and that main starts no thread.
void TestLog(const char* what) {
  if (!g_test_log_lock) g_test_log_lock = new std::mutex;
  std::lock_guard<std::mutex> hold(*g_test_log_lock);
  std::printf("[jobs_test] %s\n", what);
}

// negative: the same through a helper the cases call.
void EnsureReportLock() {
  if (!g_report_lock) g_report_lock = std::make_unique<std::mutex>();
}

void Report(int recorded) {
  EnsureReportLock();
  std::lock_guard<std::mutex> hold(*g_report_lock);
  std::printf("recorded %d\n", recorded);
}

void TestRecord() {
  jobs::Record("one");
  TestLog("record ok");
}

void TestRecorded() {
  Report(jobs::Recorded());
  TestLog("recorded ok");
}

}  // namespace

int main() {
  TestRecord();
  TestRecorded();
  return 0;
}

// concur-shared-global-cache and QThread: a subclass's run () runs on the
// thread start () starts, alongside whatever its starter does until it
// waits for it.
#include "jobs.h"

namespace jobs {

std::vector<std::string> g_exported;
std::vector<std::string> g_scanned;
std::vector<std::string> g_indexed;

void ExportThread::run() {
  // positive: export_all goes on writing the list while this thread runs.
  g_exported.push_back("file"); // expect: concur-shared-global-cache
}

void export_all() {
  auto* exporter = new ExportThread;
  exporter->start();
  // positive: the exporter's run () writes the same list meanwhile.
  g_exported.push_back("queued"); // expect: concur-shared-global-cache
}

void ScanThread::run() {
  // negative: scan_once waits for the thread before it reads the list.
  g_scanned.push_back("dir");
}

size_t scan_once() {
  g_scanned.clear();
  ScanThread scanner;
  scanner.start();
  scanner.wait();
  return g_scanned.size();
}

void IndexThread::run() {
  // negative: the index thread is waited for when the IndexThread is destroyed.
  g_indexed.push_back("entry");
}

size_t index_once() {
  g_indexed.clear();
  { IndexThread indexer; }
  return g_indexed.size();
}

}  // namespace jobs

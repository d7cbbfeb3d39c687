// QThread subclasses: start () runs the object's run () on a new thread,
// wait () joins it.
#pragma once

#include <string>
#include <vector>

#include "qthread.h"

namespace jobs {

extern std::vector<std::string> g_exported;
extern std::vector<std::string> g_scanned;
extern std::vector<std::string> g_indexed;

class ExportThread : public QThread {
 protected:
  void run() override;
};

class ScanThread : public QThread {
 protected:
  void run() override;
};

// Starts itself when built; its destructor waits for it.
class IndexThread : public QThread {
 public:
  IndexThread() { start(); }
  ~IndexThread() override { wait(); }

 protected:
  void run() override;
};

void export_all();
size_t scan_once();
size_t index_once();

}  // namespace jobs

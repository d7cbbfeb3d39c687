// concur-shared-global-cache and a thread owned by an object: the sink's
// writer starts its thread when the sink is built and the sink's destructor
// joins it, so the thread runs alongside what the sink's owner does while
// the sink lives, and nothing else.
#include "owned.h"

namespace owned {

std::vector<std::string> g_captured;
std::vector<std::string> g_notes;

void CaptureWriter::body() {
  // negative: the only code that touches g_captured while the writer's thread runs.
  g_captured.push_back("line");
  // positive: capture_and_note adds its own note while the sink lives.
  g_notes.push_back("written"); // expect: concur-shared-global-cache
}

CaptureSink::CaptureSink(int lines) : lines_(lines) {}

CaptureSink::~CaptureSink() { writer_.finish(); }

size_t capture_lines() {
  g_captured.clear();
  {
    CaptureSink sink(3);
  }
  return g_captured.size();
}

size_t capture_and_note() {
  CaptureSink sink(1);
  // positive: the sink's writer runs until ~CaptureSink joins it at the return.
  g_notes.push_back("started"); // expect: concur-shared-global-cache
  return 0;
}

}  // namespace owned

// The code of threads that jobs.cc starts and joins.
#include "joined.h"

namespace jobs {

void append_log() {
  // negative: one thread at a time, joined before its starter reads the log.
  g_log.push_back("worker done");
}

void take_reading() {
  // positive: the starter reads the readings while this thread appends to them.
  g_readings.push_back(0.5); // expect: concur-shared-global-cache
}

}  // namespace jobs

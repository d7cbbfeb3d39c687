// Two threads a function joins, one started while the other runs: they run at
// the same time whichever of them locks. The housekeeping thread starts first
// and resets the counter with no lock; the counting thread, started while it
// runs, adds to the counter under the lock. The fact is "the two threads'
// lifetimes overlap", not "the locking thread started first".
#include <mutex>
#include <thread>

#include "joined.h"

namespace nested {

struct Totals {
  std::mutex mu;
  long lines = 0;
  long bad = 0;
  long late = 0;
};
Totals g_totals;

static void count_line(int status) {
  std::lock_guard<std::mutex> hold(g_totals.mu);
  g_totals.lines += 1;
  if (status >= 500) g_totals.bad += 1;
  if (status == 504) g_totals.late += 1;
}

static void reset_bad() {
  g_totals.bad = 0;  // expect: concur-shared-global-cache
}

static void reset_late() {
  // negative: the counting threads that lock were joined before this thread started, and the
  // next one starts after it is joined.
  g_totals.late = 0;
}

long count_while_resetting() {
  // positive: the counter starts while the housekeeper runs and is joined before it.
  std::thread housekeeping(reset_bad);
  std::thread counter([] { count_line(503); });
  counter.join();
  housekeeping.join();
  return g_totals.lines;
}

long count_then_reset() {
  std::thread first([] { count_line(504); });
  first.join();
  std::thread cleaner(reset_late);
  cleaner.join();
  std::thread second([] { count_line(504); });
  second.join();
  return g_totals.late;
}

}  // namespace nested

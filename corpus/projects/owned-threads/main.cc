// A program: each job runs from main, one after another.
#include <mutex>

#include "owned.h"

namespace {

std::mutex* g_report_lock;

void report() {
  // negative: every thread main started so far was owned by an object its job destroyed
  // (and so joined) before returning: main is still the only thread when it creates the lock.
  if (!g_report_lock) g_report_lock = new std::mutex;
  std::lock_guard<std::mutex> hold(*g_report_lock);
}

}  // namespace

int main() {
  owned::capture_lines();
  owned::capture_and_note();
  owned::flush_all();
  owned::poll_once();
  owned::pump_once();
  owned::drain_once();
  owned::measure_sizes();
  owned::measure_depths();
  report();
  owned::tick_briefly();
  owned::monitor_briefly();
  owned::run_shift();
  owned::run_rounds();
  owned::measure_widths();
  owned::load_in_block();
  owned::store_with_new();
  owned::store_before_crew();
  owned::load_while_crew_runs();
  owned::trip_and_keep();
  owned::patrol_and_leak();
  owned::forget_peers();
  owned::close_sessions();
  owned::serve_requests();
  owned::scan_shards();
  owned::tally_rows();
  owned::read_hits();
  owned::finish_solo();
  owned::run_factory_jobs();
  owned::keep_factory_batches();
  owned::run_factory_waves();
  owned::release_factory_rounds();
  return 0;
}

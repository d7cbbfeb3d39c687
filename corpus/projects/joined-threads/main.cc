// A program: every job runs from main, one after another.
#include "joined.h"

int main() {
  jobs::run_logged_job();
  jobs::run_counted_job();
  jobs::build_histogram();
  jobs::run_traced_job();
  jobs::run_batch();
  jobs::run_metered_job();
  scan::scan_once();
  scan::visit_twice();
  scan::index_maybe_twice(true);
  scan::tally_once();
  scan::mark_once();
  scan::count_once();
  scan::sum_once();
  scan::start_pool();
  pools::sum_totals();
  pools::count_hits();
  pools::split_shares();
  return 0;
}

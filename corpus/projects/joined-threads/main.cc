// A program: every job runs from main, one after another.
#include "arrays.h"
#include "factories.h"
#include "joined.h"

int main() {
  // The C workers first: main is start-up code again once they are joined.
  count_hits_in_parallel();
  count_misses_in_parallel(3);
  count_lates_in_parallel();
  count_skips_in_parallel(2);
  publish_summary(1);
  reset_while_counting();
  count_detached();
  reset_after_crew();
  reset_before_crew();
  reset_during_crew();
  reset_after_named_gang();
  keep_background_squad();
  reset_after_squad();
  reset_after_dropped_posse();
  reset_after_checked_band();
  reset_after_staged_band(nullptr);
  reset_during_checked_band();
  jobs::run_logged_job();
  jobs::run_counted_job();
  jobs::run_scored_job();
  jobs::sum_parts();
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
  pools::score_by_index();
  pools::name_then_drain();
  pools::order_then_release();
  jthreads::mark_in_a_block();
  jthreads::draft_then_clear();
  jthreads::run_shift();
  jthreads::listen();
  jthreads::peek_while_queueing();
  helpers::count_all();
  helpers::measure_with_crew();
  helpers::check_maybe_waiting(false);
  entries::sweep_with_functor();
  entries::sweep_twice_with_functor();
  entries::flush_with_bind();
  entries::tally_deferred();
  entries::audit_either_way();
  entries::preload_then_lock();
  entries::count_files();
  asio_post::scan_with_pool();
  slots::fill_slots();
  nested::count_while_resetting();
  nested::count_then_reset();
  return 0;
}

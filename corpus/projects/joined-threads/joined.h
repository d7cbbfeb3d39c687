// Threads a function starts and joins before it returns (see jobs.cc).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace jobs {

extern std::vector<std::string> g_log;
extern std::vector<double> g_readings;

// Defined in workers.cc, started by jobs.cc: the thread's code and its
// starter live in different files.
void append_log();
void take_reading();

size_t run_logged_job();
int run_counted_job();
int run_scored_job();
int sum_parts();
void build_histogram();
void run_traced_job();
void run_batch();
size_t run_metered_job();

}  // namespace jobs

namespace scan {

size_t scan_once();
size_t visit_twice();
size_t index_maybe_twice(bool twice);
int tally_once();
int mark_once();
int count_once();
int sum_once();
void start_pool();

}  // namespace scan

namespace pools {

int sum_totals();
size_t count_hits();
size_t split_shares();
size_t score_by_index();
size_t name_then_drain();
size_t order_then_release();

}  // namespace pools

namespace jthreads {

size_t mark_in_a_block();
size_t draft_then_clear();
size_t run_shift();
size_t listen();
size_t peek_while_queueing();

}  // namespace jthreads

namespace helpers {

size_t count_all();
size_t measure_with_crew();
size_t check_maybe_waiting(bool wait);

}  // namespace helpers

namespace entries {

size_t sweep_with_functor();
size_t sweep_twice_with_functor();
size_t flush_with_bind();
size_t tally_deferred();
size_t audit_either_way();
size_t preload_then_lock();
long count_files();

}  // namespace entries

namespace asio_post {

size_t scan_with_pool();

}  // namespace asio_post

namespace slots {

size_t fill_slots();

}  // namespace slots

namespace nested {

long count_while_resetting();
long count_then_reset();

}  // namespace nested

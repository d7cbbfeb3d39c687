// concur-shared-global-cache and threads their starter joins. A thread that
// the function starting it joins before returning runs alongside the code
// between the start and the join, and nothing else of that function: what
// the starter does before the start or after the join is ordered with
// everything the thread does. The same global mutated by several threads
// at once, or by the starter while the thread runs, still races.
#include <future>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "joined.h"

namespace jobs {

std::vector<std::string> g_log;
std::map<std::string, int> g_totals;
std::vector<int> g_samples;
std::map<int, int> g_histogram;
std::vector<std::string> g_events;
std::vector<int> g_pending;
std::vector<double> g_readings;

size_t run_logged_job() {
  g_log.clear();
  std::thread worker(append_log);
  worker.join();
  // negative: after the join, the worker's push_back happened before this one.
  g_log.push_back("joined");
  return g_log.size();
}

int count_totals(int n) {
  // negative: the future's get() waits for this task before the caller reads the totals.
  g_totals["runs"] += n;
  return n;
}

int run_counted_job() {
  auto done = std::async(std::launch::async, count_totals, 3);
  const int n = done.get();
  return n + g_totals["runs"];
}

std::map<int, int> g_scores;

int score(int n) {
  // negative: the caller waits for the future (wait (), which std::future inherits) before it reads the scores.
  g_scores[n] += n;
  return n;
}

int run_scored_job() {
  auto done = std::async(std::launch::async, score, 2);
  done.wait();
  return g_scores[2] + done.get();
}

std::map<int, int> g_parts;
std::mutex g_parts_mu;

int add_part(int n) {
  std::lock_guard<std::mutex> hold(g_parts_mu);
  g_parts[n] = n;
  return n;
}

int sum_parts() {
  std::vector<std::future<int>> parts;
  for (int i = 0; i < 3; ++i) parts.push_back(std::async(std::launch::async, add_part, i));
  int sum = 0;
  for (auto& part : parts) sum += part.get();
  // negative: the loop waited for every part (its get () inside the sum).
  g_parts.clear();
  return sum;
}

void record_sample() {
  // negative: a std::jthread joins when it goes out of scope, before the histogram is built.
  g_samples.push_back(42);
}

void build_histogram() {
  {
    std::jthread sampler(record_sample);
  }
  for (int sample : g_samples) g_histogram[sample]++;
}

void note_event(const char* what) {
  // positive: the starter adds its own event before it joins: both at once.
  g_events.push_back(what); // expect: concur-shared-global-cache
}

void run_traced_job() {
  std::thread tracer([] { note_event("tracer"); });
  note_event("main");
  tracer.join();
}

int prepare_units() { return 3; }

size_t run_metered_job() {
  std::thread meter(take_reading);
  const int units = prepare_units();  // unrelated work meanwhile
  const size_t seen = g_readings.size();
  meter.join();
  return seen + static_cast<size_t>(units);
}

void queue_item(int item) {
  // positive: the workers are all started before any is joined.
  g_pending.push_back(item); // expect: concur-shared-global-cache
}

void run_batch() {
  std::vector<std::thread> workers;
  for (int i = 0; i < 4; ++i) workers.emplace_back(queue_item, i);
  for (auto& worker : workers) worker.join();
}

}  // namespace jobs

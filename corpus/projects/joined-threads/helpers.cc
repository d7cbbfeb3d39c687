// Threads joined by a helper the starter calls: the helper joins what its
// parameter reaches on every path, so the call joins what the caller passes.
// Helpers may call helpers.
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "joined.h"

namespace helpers {

std::map<int, int> g_counts;
std::map<int, int> g_sizes;
std::map<int, int> g_checks;
std::mutex g_mu;

static void join_all(std::vector<std::thread>& threads) {
  for (auto& thread : threads) thread.join();
}

// Joins them only when asked to; otherwise lets them go.
static void finish(std::vector<std::thread>& threads, bool wait) {
  for (auto& thread : threads) {
    if (wait) thread.join();
    else thread.detach();
  }
}

struct Crew {
  std::vector<std::thread> threads;
};

static void disband(Crew& crew) { join_all(crew.threads); }

static void count(int i) {
  std::lock_guard<std::mutex> hold(g_mu);
  g_counts[i] = i;
}

size_t count_all() {
  std::vector<std::thread> workers;
  for (int i = 0; i < 3; ++i) workers.emplace_back(count, i);
  join_all(workers);
  const size_t counted = g_counts.size();
  // negative: join_all joined every worker the vector holds.
  g_counts.clear();
  return counted;
}

static void measure(int i) {
  std::lock_guard<std::mutex> hold(g_mu);
  g_sizes[i] = i;
}

size_t measure_with_crew() {
  Crew crew;
  for (int i = 0; i < 3; ++i) crew.threads.emplace_back(measure, i);
  disband(crew);
  const size_t measured = g_sizes.size();
  // negative: disband joins the crew's threads through join_all.
  g_sizes.clear();
  return measured;
}

static void check(int i) {
  std::lock_guard<std::mutex> hold(g_mu);
  g_checks[i] = i;
}

size_t check_maybe_waiting(bool wait) {
  std::vector<std::thread> checkers;
  for (int i = 0; i < 3; ++i) checkers.emplace_back(check, i);
  finish(checkers, wait);
  // positive: finish detaches the checkers when not asked to wait; they may still run.
  g_checks.clear(); // expect: concur-shared-global-cache
  return 0;
}

}  // namespace helpers

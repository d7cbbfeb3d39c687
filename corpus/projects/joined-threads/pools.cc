// Threads kept in a container and joined by a loop over it: the code after
// that loop runs after every one of them. The threads still run alongside
// each other.
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "joined.h"

namespace pools {

std::map<int, int> g_totals;
std::mutex g_totals_mu;
std::vector<int> g_hits;
std::map<int, int> g_shares;
std::mutex g_shares_mu;
std::map<int, int> g_scores;
std::vector<int> g_names;
std::vector<int> g_orders;
std::mutex g_lists_mu;

static void add_total(int i) {
  std::lock_guard<std::mutex> hold(g_totals_mu);
  g_totals[i] = i;
}

int sum_totals() {
  std::vector<std::thread> workers;
  for (int i = 0; i < 4; ++i) workers.emplace_back(add_total, i);
  for (auto& worker : workers) worker.join();
  int sum = 0;
  for (const auto& [key, value] : g_totals) sum += value;
  // negative: every worker was joined by the loop above; no lock is needed any more.
  g_totals.clear();
  return sum;
}

static void hit() {
  // positive: four copies of this thread run at once, and none takes a lock.
  g_hits.push_back(1); // expect: concur-shared-global-cache
}

size_t count_hits() {
  std::vector<std::thread> workers;
  for (int i = 0; i < 4; ++i) workers.push_back(std::thread(hit));
  for (auto& worker : workers) worker.join();
  return g_hits.size();
}

// Starts its workers when built and joins them all when destroyed.
class Gang {
 public:
  explicit Gang(int size) {
    for (int i = 0; i < size; ++i) threads_.emplace_back([this, i] { share(i); });
  }
  ~Gang() {
    for (auto& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
  }

 private:
  static void share(int i) {
    std::lock_guard<std::mutex> hold(g_shares_mu);
    g_shares[i] = 1;
  }
  std::vector<std::thread> threads_;
};

size_t split_shares() {
  {
    Gang gang(3);
  }
  const size_t shares = g_shares.size();
  // negative: the gang, and with it every one of its threads, is gone.
  g_shares.clear();
  return shares;
}

static void add_score(int i) {
  std::lock_guard<std::mutex> hold(g_lists_mu);
  g_scores[i] = i;
}

size_t score_by_index() {
  std::vector<std::thread> workers;
  for (int i = 0; i < 3; ++i) workers.emplace_back(add_score, i);
  for (size_t i = 0; i < workers.size(); ++i) workers[i].join();
  const size_t scores = g_scores.size();
  // negative: the counting loop joined every worker.
  g_scores.clear();
  return scores;
}

static void add_name(int i) {
  std::lock_guard<std::mutex> hold(g_lists_mu);
  g_names.push_back(i);
}

size_t name_then_drain() {
  std::vector<std::thread> workers;
  for (int i = 0; i < 3; ++i) workers.push_back(std::thread(add_name, i));
  while (!workers.empty()) {
    workers.back().join();
    workers.pop_back();
  }
  const size_t names = g_names.size();
  // negative: the loop ends when no worker is left, and it joins each before removing it.
  g_names.clear();
  return names;
}

static void add_order(int i) {
  std::lock_guard<std::mutex> hold(g_lists_mu);
  g_orders.push_back(i);
}

size_t order_then_release() {
  std::vector<std::thread> workers;
  for (int i = 0; i < 3; ++i) workers.emplace_back(add_order, i);
  while (!workers.empty()) {
    workers.back().detach();
    workers.pop_back();
  }
  // positive: the loop lets the workers go; they may still be adding orders.
  g_orders.clear(); // expect: concur-shared-global-cache
  return 0;
}

}  // namespace pools

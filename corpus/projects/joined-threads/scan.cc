// concur-shared-global-cache and POSIX threads their starter joins:
// pthread_create writes the handle that pthread_join waits for. A thread
// joined before its starter returns runs alongside the code between the two
// only; a starter that itself runs on several threads at once starts several
// such threads at once.
#include <pthread.h>

#include <set>
#include <vector>

#include "joined.h"

namespace scan {

std::set<int> g_seen;
std::vector<int> g_visits;
std::vector<int> g_queue;
std::set<int> g_index;
std::vector<int> g_tally;
std::vector<int> g_marks;

void* scan_worker(void*) {
  // negative: the only thread that touches g_seen while it runs; its starter waits for it.
  g_seen.insert(7);
  return nullptr;
}

size_t scan_once() {
  pthread_t scanner;
  g_seen.clear();
  pthread_create(&scanner, nullptr, scan_worker, nullptr);
  pthread_join(scanner, nullptr);
  return g_seen.size();
}

void* index_worker(void*) {
  // negative: each branch joins the indexer before the starter touches the index again.
  g_index.insert(1);
  return nullptr;
}

size_t index_maybe_twice(bool twice) {
  pthread_t indexer;
  pthread_create(&indexer, nullptr, index_worker, nullptr);
  if (twice) {
    pthread_join(indexer, nullptr);
    g_index.insert(2);
  } else {
    pthread_join(indexer, nullptr);
  }
  return g_index.size();
}

void* tally_worker(void*) {
  // negative: where pthread_create failed no thread runs; where it started one, it is joined.
  g_tally.push_back(1);
  return nullptr;
}

int tally_once() {
  pthread_t tallier;
  if (pthread_create(&tallier, nullptr, tally_worker, nullptr) != 0) return -1;
  pthread_join(tallier, nullptr);
  return static_cast<int>(g_tally.size());
}

void* mark_worker(void*) {
  // negative: the same with the status tested as a truth value.
  g_marks.push_back(1);
  return nullptr;
}

int mark_once() {
  pthread_t marker;
  if (pthread_create(&marker, nullptr, mark_worker, nullptr)) {
    return -1;
  }
  pthread_join(marker, nullptr);
  g_marks.clear();
  return 0;
}

std::vector<int> g_counts;
std::vector<int> g_sums;

void* count_worker(void*) {
  // negative: the status is kept in a variable first; the failure branch owes no join.
  g_counts.push_back(1);
  return nullptr;
}

int count_once() {
  pthread_t counter;
  const int status = pthread_create(&counter, nullptr, count_worker, nullptr);
  if (status != 0) return status;
  pthread_join(counter, nullptr);
  return static_cast<int>(g_counts.size());
}

void* sum_worker(void*) {
  // negative: the status is assigned in the condition itself.
  g_sums.push_back(1);
  return nullptr;
}

int sum_once() {
  pthread_t summer;
  int status;
  if ((status = pthread_create(&summer, nullptr, sum_worker, nullptr))) return status;
  pthread_join(summer, nullptr);
  return static_cast<int>(g_sums.size());
}

void* visit_worker(void* arg) {
  // positive: the starter records its own visit before it joins the worker.
  g_visits.push_back(*static_cast<int*>(arg)); // expect: concur-shared-global-cache
  return nullptr;
}

size_t visit_twice() {
  pthread_t visitor;
  int first = 1, second = 2;
  pthread_create(&visitor, nullptr, visit_worker, &first);
  visit_worker(&second);
  pthread_join(visitor, nullptr);
  return g_visits.size();
}

void* drain_helper(void*) {
  // positive: every pool thread runs drain_round, so several helpers run at once.
  g_queue.push_back(1); // expect: concur-shared-global-cache
  return nullptr;
}

void* drain_round(void* arg) {
  pthread_t helper;
  pthread_create(&helper, nullptr, drain_helper, arg);
  pthread_join(helper, nullptr);
  return nullptr;
}

void start_pool() {
  pthread_t pool[4];
  for (auto& thread : pool) pthread_create(&thread, nullptr, drain_round, nullptr);
  for (auto& thread : pool) pthread_detach(thread);
}

}  // namespace scan

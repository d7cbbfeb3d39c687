// Each thread writes the slot of a global array its starter handed it: the
// per-thread idiom, no race (each element has one writer). What a thread
// picks with a constant, or a key it inserts into a shared map, is shared.
#include <map>
#include <mutex>
#include <pthread.h>
#include <string>
#include <thread>
#include <vector>

#include "joined.h"

namespace slots {

struct Tally {
  std::vector<std::string> words;
  std::map<std::string, int> counts;
};

Tally g_tallies[4];
std::vector<int> g_lengths(4);
std::vector<std::string> g_results[4];
std::map<std::string, int> g_seen;
std::mutex g_seen_mu;

static void count_into(int id) {
  Tally& mine = g_tallies[id];
  // negative: only this thread writes g_tallies[id].
  mine.words.push_back("word");
  // negative: the same slot, its map.
  mine.counts["word"]++;
  // negative: a vector's element by the thread's index (operator[] does not insert).
  g_lengths[id] = 4;
}

static void count_into_first(int id) {
  // positive: every thread writes element 0.
  g_tallies[0].words.push_back("first");  // expect: concur-shared-global-cache
  (void)id;
}

static void remember(std::string name) {
  // positive: the key is the thread's own, the map is everyone's: the insert rebalances it.
  g_seen[name] = 1;  // expect: concur-shared-global-cache
}

struct job {
  int slot;
  const char* name;
};

static void* fill_bucket(void* arg) {
  struct job* j = static_cast<struct job*>(arg);
  // negative: the slot comes from the job the thread was handed.
  g_results[j->slot].push_back(j->name);
  return nullptr;
}

size_t fill_slots() {
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) threads.emplace_back(count_into, i);
  for (int i = 0; i < 4; ++i) threads.emplace_back(count_into_first, i);
  for (int i = 0; i < 4; ++i)
    // negative: the lambda's copy of i picks its own element.
    threads.emplace_back([i] { g_results[i].push_back("lambda"); });
  for (const char* name : {"a", "b"}) threads.emplace_back(remember, name);
  struct job jobs[4] = {{0, "w"}, {1, "x"}, {2, "y"}, {3, "z"}};
  pthread_t workers[4];
  for (int i = 0; i < 4; ++i) pthread_create(&workers[i], nullptr, fill_bucket, &jobs[i]);
  for (int i = 0; i < 4; ++i) pthread_join(workers[i], nullptr);
  for (auto& t : threads) t.join();
  std::lock_guard<std::mutex> hold(g_seen_mu);
  return g_tallies[0].words.size() + g_seen.size();
}

}  // namespace slots

// concur-shared-global-cache: a global container handed to a helper by
// reference or pointer is changed where the helper changes its parameter.
// The fact is "what the helper does to what it is handed, the caller does to
// the global", through any number of helpers, under the caller's locks.
// Reported at the call, with a note where the helper changes it.
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace handed_containers {

std::map<std::string, int> g_hits;
std::vector<int> g_ids;
std::vector<int> g_jobs;
std::vector<int> g_done;
std::vector<int> g_sizes;
std::mutex g_jobs_mu;
std::mutex g_done_mu;

struct Inbox {
  std::vector<std::string> pending;
  int seen = 0;
} g_inbox;

void bump(std::map<std::string, int>* counts, const std::string& key) { ++(*counts)[key]; }

void push_one(std::vector<int>& into, int value) { into.push_back(value); }

void push_range(std::vector<int>& into, int from, int to) {
  for (int value = from; value < to; ++value) push_one(into, value);
}

void push_locked(std::vector<int>& into, int value) {
  std::lock_guard<std::mutex> hold(g_done_mu);
  into.push_back(value);
}

size_t size_of(std::vector<int>& of) { return of.size(); }

std::vector<int> g_batches;
std::mutex g_batches_mu;

void push_under_lock(std::vector<int>& into, int value) {
  std::lock_guard<std::mutex> hold(g_batches_mu);
  push_one(into, value);
}

void deliver(Inbox* box, const std::string& message) {
  box->pending.push_back(message);
  ++box->seen;
}

// positive: the map is handed by pointer; the helper inserts through operator[].
void CountHit(const std::string& page) {
  bump(&g_hits, page);  // expect: concur-shared-global-cache
}

// positive: two helpers deep, by reference.
void Collect(int n) {
  push_range(g_ids, 0, n);  // expect: concur-shared-global-cache
}

// negative: the caller holds the lock every other use of g_jobs holds.
void Queue(int job) {
  std::lock_guard<std::mutex> hold(g_jobs_mu);
  push_one(g_jobs, job);
}

// negative: the helper takes a lock of its own around the change.
void Finish(int job) { push_locked(g_done, job); }

// negative: the helper takes a lock of its own around its call of the helper that changes it.
void Batch(int n) { push_under_lock(g_batches, n); }

// negative: the helper only asks for the size.
size_t SizeNow() { return size_of(g_sizes); }

// positive: a container field of a global struct, reached through the pointer the helper is handed.
void Receive(const std::string& message) {
  deliver(&g_inbox, message);  // expect: concur-shared-global-cache
}

// positive: a lambda helper written in place.
void Note(int id) {
  auto remember = [](std::vector<int>& into, int value) { into.push_back(value); };
  remember(g_sizes, id);  // expect: concur-shared-global-cache
}

// negative: the struct helper on a local inbox.
size_t DeliverLocally(const std::string& message) {
  Inbox mine;
  deliver(&mine, message);
  return mine.pending.size();
}

// negative: the same helpers on a local container.
size_t Local(int n) {
  std::vector<int> mine;
  push_range(mine, 0, n);
  push_one(mine, n);
  return mine.size();
}

}  // namespace handed_containers

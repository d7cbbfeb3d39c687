// std::jthread joins its thread when it is destroyed, and so does a
// container of them, or an object that holds one: at the end of the block, at
// clear (), in the owner's destructor.
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "joined.h"

namespace jthreads {

std::map<int, int> g_marks;
std::map<int, int> g_drafts;
std::map<int, int> g_shifts;
std::map<int, int> g_beats;
std::map<int, int> g_pending;
std::mutex g_mu;

static void mark(int i) {
  std::lock_guard<std::mutex> hold(g_mu);
  g_marks[i] = i;
}

size_t mark_in_a_block() {
  {
    std::vector<std::jthread> workers;
    for (int i = 0; i < 3; ++i) workers.emplace_back(mark, i);
  }
  const size_t marks = g_marks.size();
  // negative: the vector, and every thread in it, was destroyed at the end of the block.
  g_marks.clear();
  return marks;
}

static void draft(int i) {
  std::lock_guard<std::mutex> hold(g_mu);
  g_drafts[i] = i;
}

size_t draft_then_clear() {
  std::vector<std::jthread> writers;
  for (int i = 0; i < 3; ++i) writers.emplace_back(draft, i);
  writers.clear();
  // negative: clear () destroyed, and so joined, every writer.
  g_drafts.clear();
  return writers.size();
}

// Its workers run from its constructor until its destructor, which the
// compiler writes: destroying workers_ joins them.
class Shift {
 public:
  explicit Shift(int size) {
    for (int i = 0; i < size; ++i) workers_.emplace_back([i] { work(i); });
  }

 private:
  static void work(int i) {
    std::lock_guard<std::mutex> hold(g_mu);
    g_shifts[i] = i;
  }
  std::vector<std::jthread> workers_;
};

size_t run_shift() {
  {
    Shift shift(2);
  }
  const size_t shifts = g_shifts.size();
  // negative: the shift, and every thread it held, is gone.
  g_shifts.clear();
  return shifts;
}

// One thread in a std::jthread member, joined after the destructor's body.
class Heart {
 public:
  Heart() : beat_([] { beat(); }) {}
  ~Heart() { stopping_ = true; }

 private:
  static void beat() {
    std::lock_guard<std::mutex> hold(g_mu);
    g_beats[1] = 1;
  }
  bool stopping_ = false;
  std::jthread beat_;
};

size_t listen() {
  {
    Heart heart;
  }
  const size_t beats = g_beats.size();
  // negative: the heart's thread was joined when the heart was destroyed.
  g_beats.clear();
  return beats;
}

static void queue(int i) {
  std::lock_guard<std::mutex> hold(g_mu);
  g_pending[i] = i;
}

size_t peek_while_queueing() {
  std::vector<std::jthread> queuers;
  for (int i = 0; i < 3; ++i) queuers.emplace_back(queue, i);
  // positive: the queuers are joined only when the vector is destroyed, at the return.
  g_pending.clear(); // expect: concur-shared-global-cache
  return queuers.size();
}

}  // namespace jthreads

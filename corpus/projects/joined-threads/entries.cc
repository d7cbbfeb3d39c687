// Thread entries spelled as a function object or through std::bind: the
// thread runs the object's call operator, or the bound function. The fact is
// "the thread runs that function", however the entry is wrapped.
#include <functional>
#include <future>
#include <mutex>
#include <thread>

#include "joined.h"

namespace entries {

std::vector<int> g_swept;
std::vector<int> g_flushed;
std::vector<int> g_counted;
std::vector<int> g_tallied;
std::vector<int> g_audited;
std::vector<int> g_preloaded;
std::mutex g_preloaded_mu;
long g_files_seen;
std::mutex g_files_mu;

struct Sweeper {
  void operator()() const { g_swept.push_back(1); }  // expect: concur-shared-global-cache
};

struct Counter {
  void operator()() const { g_counted.push_back(1); }
};

void flush(int batch) { g_flushed.push_back(batch); }  // expect: concur-shared-global-cache

void tally(int n) { g_tallied.push_back(n); }

void audit() { g_audited.push_back(1); }  // expect: concur-shared-global-cache

// positive (Sweeper): two function objects on threads at once append to g_swept.
size_t sweep_twice_with_functor() {
  std::thread first{Sweeper{}}, second{Sweeper{}};
  first.join();
  second.join();
  return g_swept.size();
}

// negative: one function object's thread, joined before the result is read.
size_t sweep_with_functor() {
  std::thread only{Counter{}};
  only.join();
  g_counted.clear();
  return g_counted.size();
}

// positive (flush): std::bind's threads run flush twice at once.
size_t flush_with_bind() {
  std::thread a(std::bind(&flush, 1)), b(std::bind(&flush, 2));
  a.join();
  b.join();
  return g_flushed.size();
}

// negative: a deferred std::async runs tally on the thread that asks for its
// result (here, at get ()), not on a thread of its own.
size_t tally_deferred() {
  auto later = std::async(std::launch::deferred, tally, 2);
  g_tallied.push_back(1);
  later.get();
  return g_tallied.size();
}

// positive (audit): "async or deferred" lets the library start a thread, which
// appends while the caller does.
size_t audit_either_way() {
  auto maybe_thread = std::async(std::launch::async | std::launch::deferred, audit);
  g_audited.push_back(0);  // expect: concur-shared-global-cache
  maybe_thread.wait();
  return g_audited.size();
}

void preload() { g_preloaded.push_back(0); }

void add_locked(int value) {
  std::lock_guard<std::mutex> hold(g_preloaded_mu);
  g_preloaded.push_back(value);
}

// negative: the preloading thread is joined before anything locks g_preloaded: its unlocked
// push_back and the locked ones never run at the same time.
size_t preload_then_lock() {
  std::thread loader(preload);
  loader.join();
  add_locked(1);
  return g_preloaded.size();
}

void reset_files() {
  std::lock_guard<std::mutex> hold(g_files_mu);
  g_files_seen = 0;
}

void note_file() { ++g_files_seen; }  // expect: concur-shared-global-cache

// positive (note_file): the counter is meant to be locked (reset_files locks it), and the two
// threads increment it at once; the locked reset itself runs before them.
long count_files() {
  reset_files();
  std::thread first(note_file), second(note_file);
  first.join();
  second.join();
  return g_files_seen;
}

}  // namespace entries

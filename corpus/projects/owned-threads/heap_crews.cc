// Objects that own threads, made on the heap and held by a local
// std::unique_ptr: the object is destroyed (and its threads joined) where
// the pointer goes out of scope, unless the pointer gives it away first.
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "owned.h"

namespace owned {
namespace {

// Starts `size` threads that run `work` and joins them when destroyed.
class HeapCrew {
 public:
  HeapCrew(int size, void (*work)()) {
    for (int i = 0; i < size; ++i) workers_.emplace_back(work);
  }
  ~HeapCrew() {
    for (auto& worker : workers_) worker.join();
  }

 private:
  std::vector<std::thread> workers_;
};

// The same, for the crews one job gives away.
class Convoy {
 public:
  explicit Convoy(void (*work)()) : driver_(work) {}
  ~Convoy() { driver_.join(); }

 private:
  std::thread driver_;
};

// The same, for the patrols one job leaks.
class Patrol {
 public:
  explicit Patrol(void (*work)()) : guard_(work) {}
  ~Patrol() { guard_.join(); }

 private:
  std::thread guard_;
};

std::mutex g_tally_lock;
long g_loads = 0;
long g_stores = 0;
long g_trips = 0;
long g_rounds = 0;
std::vector<std::unique_ptr<Convoy>> g_convoys;

void count_load() {
  std::lock_guard<std::mutex> hold(g_tally_lock);
  ++g_loads;
}

void count_store() {
  std::lock_guard<std::mutex> hold(g_tally_lock);
  ++g_stores;
}

void count_trip() {
  std::lock_guard<std::mutex> hold(g_tally_lock);
  ++g_trips;
}

void count_round() {
  std::lock_guard<std::mutex> hold(g_tally_lock);
  ++g_rounds;
}

}  // namespace

void load_in_block() {
  { auto crew = std::make_unique<HeapCrew>(2, count_load); }
  // negative: the crew's unique_ptr destroyed it at the end of the block, joining its threads.
  g_loads = 0;
}

void store_with_new() {
  {
    std::unique_ptr<HeapCrew> crew(new HeapCrew(3, count_store));
  }
  // negative: the same with the object made by `new` and handed to the pointer.
  g_stores = 0;
}

void store_before_crew() {
  // negative: no thread of the crew below exists yet.
  g_stores = 0;
  auto crew = std::make_unique<HeapCrew>(1, count_store);
}

void load_while_crew_runs() {
  auto crew = std::make_unique<HeapCrew>(2, count_load);
  // positive: the crew's threads count loads under the lock until the end of the function.
  g_loads = 0;  // expect: concur-shared-global-cache
}

void trip_and_keep() {
  {
    auto convoy = std::make_unique<Convoy>(count_trip);
    g_convoys.push_back(std::move(convoy));
  }
  // positive: the convoy was moved into a global before the block ended; its thread still runs.
  g_trips = 0;  // expect: concur-shared-global-cache
}

void patrol_and_leak() {
  new Patrol(count_round);
  // positive: nothing destroys the patrol; its thread still runs.
  g_rounds = 0;  // expect: concur-shared-global-cache
}

}  // namespace owned

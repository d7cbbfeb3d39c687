// Objects that own threads, made by a factory that returns them in a
// std::unique_ptr (`static std::unique_ptr<Crew> Create (int n)`): the
// caller's local that receives the object destroys it, and joins its
// threads, where it goes out of scope, like one made with make_unique in
// place. One that keeps it in a global or lets go of it leaves them running.
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "owned.h"

namespace owned {
namespace {

std::mutex g_crew_tally_lock;
std::map<std::string, long> g_jobs;
std::map<std::string, long> g_batches;
std::map<std::string, long> g_waves;
std::map<std::string, long> g_rounds;

template <std::map<std::string, long>* Tally>
void count_under_lock() {
  std::lock_guard<std::mutex> hold(g_crew_tally_lock);
  (*Tally)["worker"]++;
}

// Each crew starts `n` threads that count under the lock, and joins them
// all when it is destroyed.
class JobCrew {
 public:
  explicit JobCrew(int n) {
    for (int i = 0; i < n; ++i) threads_.emplace_back(count_under_lock<&g_jobs>);
  }
  ~JobCrew() {
    for (auto& thread : threads_) thread.join();
  }
  static std::unique_ptr<JobCrew> Create(int n) { return std::make_unique<JobCrew>(n); }

 private:
  std::vector<std::thread> threads_;
};

class BatchCrew {
 public:
  explicit BatchCrew(int n) {
    for (int i = 0; i < n; ++i) threads_.emplace_back(count_under_lock<&g_batches>);
  }
  ~BatchCrew() {
    for (auto& thread : threads_) thread.join();
  }
  static std::unique_ptr<BatchCrew> Create(int n) { return std::make_unique<BatchCrew>(n); }

 private:
  std::vector<std::thread> threads_;
};

class WaveCrew {
 public:
  explicit WaveCrew(int n) {
    for (int i = 0; i < n; ++i) threads_.emplace_back(count_under_lock<&g_waves>);
  }
  ~WaveCrew() {
    for (auto& thread : threads_) thread.join();
  }
  // Made in a local that is returned.
  static std::unique_ptr<WaveCrew> Make(int n) {
    std::unique_ptr<WaveCrew> crew(new WaveCrew(n));
    return crew;
  }

 private:
  std::vector<std::thread> threads_;
};

class RoundCrew {
 public:
  explicit RoundCrew(int n) {
    for (int i = 0; i < n; ++i) threads_.emplace_back(count_under_lock<&g_rounds>);
  }
  ~RoundCrew() {
    for (auto& thread : threads_) thread.join();
  }
  static std::unique_ptr<RoundCrew> Create(int n) { return std::make_unique<RoundCrew>(n); }

 private:
  std::vector<std::thread> threads_;
};

std::unique_ptr<BatchCrew> g_batch_crew;

}  // namespace

void run_factory_jobs() {
  {
    auto crew = JobCrew::Create(2);
  }
  // negative: the crew the factory made was destroyed, and its threads joined, when the block ended.
  g_jobs["done"]++;
}

void keep_factory_batches() {
  g_batch_crew = BatchCrew::Create(2);
  // positive: the crew is kept in a global, so its threads still run and count under the lock.
  g_batches["started"]++;  // expect: concur-shared-global-cache
}

void run_factory_waves() {
  {
    std::unique_ptr<WaveCrew> crew = WaveCrew::Make(2);
  }
  // negative: Make returns the crew it built in its own local; this block destroyed it.
  g_waves["done"]++;
}

void release_factory_rounds() {
  auto crew = RoundCrew::Create(2);
  crew.release();
  // positive: the crew is let go of and never destroyed, so its threads run on.
  g_rounds["done"]++;  // expect: concur-shared-global-cache
}

}  // namespace owned

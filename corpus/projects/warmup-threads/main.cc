// A lazy creation on a thread that its starter joins before anything else that creates lazily
// can run (a warm-up thread `main` starts and joins before the workers) runs alone: no second
// thread can see the holder empty at the same time. The same creation on threads that run
// side by side, on a thread started twice, or on one whose starter goes on creating while it
// runs is a race.
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

std::unique_ptr<std::mutex> g_warm_mu;
std::unique_ptr<std::mutex> g_side_mu;
std::unique_ptr<std::mutex> g_twice_mu;
std::unique_ptr<std::mutex> g_overlap_mu;
long g_hits = 0;

// negative: only the warm-up thread runs this, and main joins it before the workers start.
void WarmUp() {
  if (!g_warm_mu) g_warm_mu = std::make_unique<std::mutex>();
  std::lock_guard<std::mutex> guard(*g_warm_mu);
  ++g_hits;
}

// positive: two workers run this side by side.
void Prepare() {
  if (!g_side_mu) g_side_mu = std::make_unique<std::mutex>();  // expect: concur-racy-lazy-init
  std::lock_guard<std::mutex> guard(*g_side_mu);
  ++g_hits;
}

// positive: the thread runs twice at once (two threads started before either is joined).
void Ready() {
  if (!g_twice_mu) g_twice_mu = std::make_unique<std::mutex>();  // expect: concur-racy-lazy-init
  std::lock_guard<std::mutex> guard(*g_twice_mu);
  ++g_hits;
}

// positive: main creates into the same holder while the thread runs.
void Overlap() {
  if (!g_overlap_mu) g_overlap_mu = std::make_unique<std::mutex>();  // expect: concur-racy-lazy-init
  std::lock_guard<std::mutex> guard(*g_overlap_mu);
  ++g_hits;
}

std::unique_ptr<std::mutex> g_index_mu;
std::unique_ptr<std::mutex> g_cache_mu;

// negative: a helper of the warm-up thread below; only that thread reaches it.
void EnsureCacheLock() {
  if (!g_cache_mu) g_cache_mu = std::make_unique<std::mutex>();
  std::lock_guard<std::mutex> guard(*g_cache_mu);
  ++g_hits;
}

// negative: Preload starts this thread and joins it before it returns; main calls Preload
// before any other thread starts.
void LoadIndex() {
  if (!g_index_mu) g_index_mu = std::make_unique<std::mutex>();
  std::lock_guard<std::mutex> guard(*g_index_mu);
  EnsureCacheLock();
}

void Preload() {
  std::thread loader(LoadIndex);
  loader.join();
}

// negative: the workers only use what the warm-up made.
void Work() {
  std::lock_guard<std::mutex> guard(*g_warm_mu);
  ++g_hits;
}

int main() {
  Preload();
  std::thread warm(WarmUp);
  warm.join();

  std::thread a(Ready), b(Ready);
  a.join();
  b.join();

  std::thread overlap(Overlap);
  if (!g_overlap_mu) g_overlap_mu = std::make_unique<std::mutex>();  // expect: concur-racy-lazy-init
  { std::lock_guard<std::mutex> guard(*g_overlap_mu); }
  overlap.join();

  std::vector<std::thread> workers;
  for (int i = 0; i < 2; ++i) workers.emplace_back(Prepare);
  for (int i = 0; i < 2; ++i) workers.emplace_back(Work);
  for (auto& w : workers) w.join();
  return 0;
}

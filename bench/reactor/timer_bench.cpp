// Timers at scale: the timing wheel against a binary heap, sleeping-task memory, and
// wakeups for timers spread over a second.
//
//   timer_bench [--timers N] [--tasks N] [--spread-ms M]
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "concur/reactor.h"

namespace {

double cpu_now() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

long rss_kib() {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == "VmRSS:") {
      long v;
      status >> v;
      return v;
    }
    status.ignore(4096, '\n');
  }
  return 0;
}

/// The comparison: an indexed binary min-heap (cancel by stored position).
struct HeapTimer {
  std::uint64_t deadline = 0;
  std::size_t index = 0;
};
class BinaryHeap {
 public:
  void arm(HeapTimer* t) {
    t->index = heap_.size();
    heap_.push_back(t);
    up(t->index);
  }
  void cancel(HeapTimer* t) {
    std::size_t i = t->index;
    std::swap(heap_[i], heap_.back());
    heap_[i]->index = i;
    heap_.pop_back();
    if (i < heap_.size()) {
      up(i);
      down(i);
    }
  }
  std::size_t advance(std::uint64_t now) {
    std::size_t fired = 0;
    while (!heap_.empty() && heap_[0]->deadline <= now) {
      cancel(heap_[0]);
      ++fired;
    }
    return fired;
  }

 private:
  void up(std::size_t i) {
    while (i > 0 && heap_[(i - 1) / 2]->deadline > heap_[i]->deadline) {
      swap(i, (i - 1) / 2);
      i = (i - 1) / 2;
    }
  }
  void down(std::size_t i) {
    for (;;) {
      std::size_t l = 2 * i + 1, r = l + 1, m = i;
      if (l < heap_.size() && heap_[l]->deadline < heap_[m]->deadline) m = l;
      if (r < heap_.size() && heap_[r]->deadline < heap_[m]->deadline) m = r;
      if (m == i) return;
      swap(i, m);
      i = m;
    }
  }
  void swap(std::size_t a, std::size_t b) {
    std::swap(heap_[a], heap_[b]);
    heap_[a]->index = a;
    heap_[b]->index = b;
  }
  std::vector<HeapTimer*> heap_;
};

struct WheelTimer : concur::reactor_internal::TimerNode {};

template <class F>
double mops(std::size_t n, F&& f) {
  double t0 = cpu_now();
  f();
  return static_cast<double>(n) / (cpu_now() - t0) / 1e6;
}

void compare_structures(std::size_t n) {
  std::mt19937_64 rng(1);
  std::vector<std::uint64_t> deadlines(n);
  for (auto& d : deadlines) d = 1 + rng() % 60'000;  // within a minute at 1 ms ticks
  {
    std::vector<WheelTimer> timers(n);
    concur::reactor_internal::TimerWheel wheel(0, [](concur::reactor_internal::TimerNode*) noexcept {});
    for (std::size_t i = 0; i < n; ++i) timers[i].set_deadline(deadlines[i]);
    double arm = mops(n, [&] { for (auto& t : timers) wheel.arm(&t); });
    double cancel = mops(n, [&] { for (auto& t : timers) wheel.cancel(&t); });
    for (auto& t : timers) wheel.arm(&t);
    double expire = mops(n, [&] {
      for (std::uint64_t now = 1; !wheel.empty(); ++now) wheel.advance(now);
    });
    std::printf("timing wheel  %zu timers: arm %6.1f  cancel %6.1f  expire %6.1f  M ops/CPU-s\n", n, arm, cancel, expire);
  }
  {
    std::vector<HeapTimer> timers(n);
    BinaryHeap heap;
    for (std::size_t i = 0; i < n; ++i) timers[i].deadline = deadlines[i];
    double arm = mops(n, [&] { for (auto& t : timers) heap.arm(&t); });
    double cancel = mops(n, [&] { for (auto& t : timers) heap.cancel(&t); });
    for (auto& t : timers) heap.arm(&t);
    double expire = mops(n, [&] {
      for (std::uint64_t now = 1; now <= 60'000; ++now) heap.advance(now);
    });
    std::printf("binary heap   %zu timers: arm %6.1f  cancel %6.1f  expire %6.1f  M ops/CPU-s\n", n, arm, cancel, expire);
  }
}

concur::Task<void> sleeper(std::chrono::milliseconds d) { co_await concur::sleep_for(d); }

void sleeping_tasks(std::size_t n, int spread_ms) {
  concur::Reactor reactor;
  long rss_peak = 0;
  std::size_t slabs_peak = 0;
  const std::size_t slabs_before = concur::reactor_internal::frame_pool_slab_bytes();
  long rss_before = rss_kib();
  double cpu0 = cpu_now();
  auto start = std::chrono::steady_clock::now();
  reactor.run([](std::size_t count, int spread, long& peak, std::size_t& slabs) -> concur::Task<void> {
    concur::TaskGroup group;
    for (std::size_t i = 0; i < count; ++i)
      group.spawn(sleeper(std::chrono::milliseconds(200 + static_cast<int>(i % static_cast<std::size_t>(spread)))));
    co_await concur::sleep_for(std::chrono::milliseconds(100));  // all parked now
    peak = rss_kib();
    slabs = concur::reactor_internal::frame_pool_slab_bytes();
    co_await group.join();
  }(n, spread_ms, rss_peak, slabs_peak));
  double cpu = cpu_now() - cpu0;
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto& s = reactor.stats();
  // A breakdown first (the summary stays the last line): what the frame pool took for
  // the tasks' frames, each child's task context included.
  const double frames = static_cast<double>(slabs_peak - slabs_before);
  std::printf("frame pool: +%.1f MiB of slabs for the sleeping tasks' frames (%.0f bytes/task)\n",
              frames / (1024.0 * 1024.0), frames / static_cast<double>(n));
  std::printf("%zu sleeping tasks: RSS +%.1f MiB (%.0f bytes/task); spread over %d ms: %llu polls, %llu timer wakeups, "
              "%.2f CPU-s in %.2f s\n",
              n, static_cast<double>(rss_peak - rss_before) / 1024.0,
              static_cast<double>(rss_peak - rss_before) * 1024.0 / static_cast<double>(n), spread_ms,
              static_cast<unsigned long long>(s.polls), static_cast<unsigned long long>(s.timer_wakeups), cpu, wall);
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t timers = 1'000'000, tasks = 100'000;
  int spread_ms = 1000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--timers")) timers = std::strtoull(argv[i + 1], nullptr, 10);
    else if (!std::strcmp(argv[i], "--tasks")) tasks = std::strtoull(argv[i + 1], nullptr, 10);
    else if (!std::strcmp(argv[i], "--spread-ms")) spread_ms = std::atoi(argv[i + 1]);
  }
  compare_structures(timers);
  sleeping_tasks(tasks, spread_ms);
}

// Cost of DoesNotLeakThreads' check (ThreadSnapshot::take() before the block,
// leaked_threads() after, nothing leaked) with 1 and with 100 threads alive,
// next to a bare listing of /proc/self/task (the peer: the least any
// tid-based check must do), in one run; medians.
#include <concur/threads.h>

#include <dirent.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

namespace {
using Clock = std::chrono::steady_clock;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

std::size_t list_tasks() {
  std::size_t n = 0;
  DIR* dir = opendir("/proc/self/task");
  while (const dirent* e = readdir(dir)) n += e->d_name[0] != '.';
  closedir(dir);
  return n;
}

struct Costs {
  double check_us, listing_us;
};

Costs measure(int rounds) {
  std::vector<double> check, listing;
  for (int r = 0; r < rounds; ++r) {
    const auto t0 = Clock::now();
    concur::ThreadSnapshot before = concur::ThreadSnapshot::take();
    const bool clean = concur::leaked_threads(before).empty();
    const auto t1 = Clock::now();
    volatile std::size_t tasks = list_tasks();
    const auto t2 = Clock::now();
    (void)tasks;
    if (!clean) std::printf("unexpected leak\n");
    check.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    listing.push_back(std::chrono::duration<double, std::micro>(t2 - t1).count());
  }
  return {median(check), median(listing)};
}
}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::atoi(argv[1]) : 51;
  measure(3);  // warm-up
  const Costs alone = measure(rounds);
  std::atomic<bool> stop{false};
  std::vector<std::thread> parked;
  for (int i = 0; i < 99; ++i)
    parked.emplace_back([&] {
      while (!stop.load()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    });
  const Costs crowd = measure(rounds);
  stop.store(true);
  for (std::thread& t : parked) t.join();
  std::printf("thread-leak check (snapshot + compare), median of %d: 1 thread %.0f us (listing /proc/self/task "
              "%.0f us); 100 threads %.0f us (listing %.0f us): %.1fx the bare listing, %.1f us per thread\n",
              rounds, alone.check_us, alone.listing_us, crowd.check_us, crowd.listing_us,
              crowd.check_us / crowd.listing_us, crowd.check_us / 100);
  return 0;
}

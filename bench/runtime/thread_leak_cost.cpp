// Cost of DoesNotLeakThreads' check (ThreadSnapshot::take() before the block,
// leaked_threads() after, nothing leaked) with 1 and with 100 threads alive,
// next to two peers measured in the same run: a bare listing of
// /proc/self/task (what a count-based check does) and one pass reading every
// thread's stat file (what one identity snapshot, tid + start time, cannot do
// without; the check takes two). Medians.
#include <concur/threads.h>

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstring>

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

// One read of each thread's /proc/self/task/TID/stat.
std::size_t read_every_stat() {
  std::size_t bytes = 0;
  DIR* dir = opendir("/proc/self/task");
  while (const dirent* e = readdir(dir)) {
    if (e->d_name[0] == '.') continue;
    char path[64];
    std::snprintf(path, sizeof path, "%s/stat", e->d_name);
    const int fd = openat(dirfd(dir), path, O_RDONLY | O_CLOEXEC);
    char buf[1024];
    const ssize_t n = read(fd, buf, sizeof buf);
    close(fd);
    bytes += n > 0 ? static_cast<std::size_t>(n) : 0;
  }
  closedir(dir);
  return bytes;
}

struct Costs {
  double check_us, listing_us, stat_pass_us;
};

Costs measure(int rounds) {
  std::vector<double> check, listing, stat_pass;
  for (int r = 0; r < rounds; ++r) {
    const auto t0 = Clock::now();
    concur::ThreadSnapshot before = concur::ThreadSnapshot::take();
    const bool clean = concur::leaked_threads(before).empty();
    const auto t1 = Clock::now();
    volatile std::size_t tasks = list_tasks();
    const auto t2 = Clock::now();
    volatile std::size_t bytes = read_every_stat();
    const auto t3 = Clock::now();
    (void)tasks;
    (void)bytes;
    if (!clean) std::printf("unexpected leak\n");
    check.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    listing.push_back(std::chrono::duration<double, std::micro>(t2 - t1).count());
    stat_pass.push_back(std::chrono::duration<double, std::micro>(t3 - t2).count());
  }
  return {median(check), median(listing), median(stat_pass)};
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
  std::printf("thread-leak check (snapshot before + compare after), median of %d:\n"
              "  1 thread:    %6.0f us (bare listing %4.0f us, one stat pass %5.0f us)\n"
              "  100 threads: %6.0f us (bare listing %4.0f us, one stat pass %5.0f us): %.2fx one stat pass, "
              "%.1f us per thread\n",
              rounds, alone.check_us, alone.listing_us, alone.stat_pass_us, crowd.check_us, crowd.listing_us,
              crowd.stat_pass_us, crowd.check_us / crowd.stat_pass_us, crowd.check_us / 100);
  return 0;
}

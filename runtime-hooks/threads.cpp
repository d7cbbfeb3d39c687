// Thread identity from /proc/self/task, and the threads a block left behind.
#include "concur/threads.h"

#include "detail/name_glob.h"
#include "detail/symbolizer.h"
#include "detail/thread_registry.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>

namespace concur {
namespace {

using Clock = std::chrono::steady_clock;

// /proc/self/task/TID/stat: "tid (comm) state ppid ... starttime ...". The
// name may hold spaces and parentheses, so fields are counted from the last ')'.
// `task_dir` is /proc/self/task (opened once per walk: the path is resolved
// from there, a third of the cost of a read).
bool read_thread_stat(int task_dir, int tid, ThreadInfo& info) {
  char path[32];
  std::snprintf(path, sizeof path, "%d/stat", tid);
  const int fd = openat(task_dir, path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;  // the thread has ended
  char buf[1024];
  const ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return false;
  buf[n] = '\0';
  const char* open_paren = std::strchr(buf, '(');
  const char* close_paren = std::strrchr(buf, ')');
  if (open_paren == nullptr || close_paren == nullptr || close_paren < open_paren) return false;
  constexpr int kStateField = 3, kStartTimeField = 22;
  const char* field = close_paren + 2;
  for (int i = kStateField; i < kStartTimeField && field != nullptr; ++i) {
    field = std::strchr(field, ' ');
    if (field != nullptr) ++field;
  }
  if (field == nullptr) return false;
  info.tid = tid;
  info.name.assign(open_paren + 1, close_paren);
  info.start_time = std::strtoull(field, nullptr, 10);
  return true;
}

bool allowed(const ThreadInfo& thread, const ThreadLeakOptions& options) {
  return std::any_of(options.allow.begin(), options.allow.end(), [&](const std::string& pattern) {
    return runtime_internal::glob_matches(pattern, thread.name, "thread allow-list pattern");
  });
}

bool existed_before(const ThreadInfo& thread, const ThreadSnapshot& before) {
  auto it = std::lower_bound(before.threads.begin(), before.threads.end(), thread.tid,
                             [](const ThreadInfo& t, int tid) { return t.tid < tid; });
  return it != before.threads.end() && it->same_thread(thread);
}

// The threads in `candidates` that still run (same tid, same start time),
// with their current names, minus the allowed ones.
std::vector<ThreadInfo> still_running(const std::vector<ThreadInfo>& candidates, const ThreadLeakOptions& options) {
  std::vector<ThreadInfo> running;
  const int task_dir = open("/proc/self/task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (task_dir < 0) return running;
  for (const ThreadInfo& thread : candidates) {
    ThreadInfo now;
    if (read_thread_stat(task_dir, thread.tid, now) && now.same_thread(thread) && !allowed(now, options))
      running.push_back(std::move(now));
  }
  close(task_dir);
  return running;
}

}  // namespace

std::string describe(const ThreadInfo& thread) {
  std::string text = "thread '" + thread.name + "' (tid " + std::to_string(thread.tid) + ")";
  if (!thread.creation_stack.empty()) {
    const std::string site = detail::first_user_code_site(thread.creation_stack);
    if (!site.empty()) text += ", created at " + site;
  }
  return text;
}

// Runtimes that start a helper thread along with the program's first one
// (ThreadSanitizer's background thread) must not blame it on the first block
// that starts a thread: start and join one thread before the first snapshot.
void start_runtime_helper_threads() {
  static std::once_flag once;
  std::call_once(once, [] { std::thread([] {}).join(); });
}

ThreadSnapshot ThreadSnapshot::take() {
  start_runtime_helper_threads();
  ThreadSnapshot snapshot;
  DIR* dir = opendir("/proc/self/task");
  if (dir == nullptr) return snapshot;
  while (const dirent* entry = readdir(dir)) {
    if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
    ThreadInfo info;
    if (read_thread_stat(dirfd(dir), std::atoi(entry->d_name), info)) snapshot.threads.push_back(std::move(info));
  }
  closedir(dir);
  std::sort(snapshot.threads.begin(), snapshot.threads.end(),
            [](const ThreadInfo& a, const ThreadInfo& b) { return a.tid < b.tid; });
  return snapshot;
}

std::vector<ThreadInfo> leaked_threads(const ThreadSnapshot& before, const ThreadLeakOptions& options) {
  // A malformed pattern is an error even when no thread is left to match it.
  for (const std::string& pattern : options.allow)
    runtime_internal::glob_matches(pattern, "", "thread allow-list pattern");
  std::vector<ThreadInfo> leftovers;
  for (ThreadInfo& thread : ThreadSnapshot::take().threads)
    if (!existed_before(thread, before) && !allowed(thread, options)) leftovers.push_back(std::move(thread));

  // Threads told to stop may still be on their way out: wait for them with
  // growing sleeps (goleak's retry loop), never past the grace period.
  const Clock::time_point deadline = Clock::now() + options.grace_period;
  std::chrono::microseconds pause{100};
  constexpr std::chrono::microseconds kLongestPause{20'000};
  while (!leftovers.empty()) {
    const Clock::time_point now = Clock::now();
    if (now >= deadline) break;
    std::this_thread::sleep_for(std::min<Clock::duration>(pause, deadline - now));
    pause = std::min(pause * 2, kLongestPause);
    leftovers = still_running(leftovers, options);
  }
  for (ThreadInfo& thread : leftovers) thread.creation_stack = runtime_internal::recorded_creation_stack(thread.tid);
  return leftovers;
}

bool thread_creation_hook_installed() { return runtime_internal::creation_hook_is_pthread_create(); }

}  // namespace concur

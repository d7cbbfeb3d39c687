// Threads that outlive a block of code (goleak for C++).
//
//   concur::ThreadSnapshot before = concur::ThreadSnapshot::take();
//   start_pool();
//   for (const concur::ThreadInfo& t : concur::leaked_threads(before)) puts(describe(t).c_str());
//
// A thread is identified by its kernel tid and its start time (from
// /proc/self/task/TID/stat), so a tid the kernel reused is a new thread.
// concur::runtime interposes pthread_create (std::thread and std::jthread go
// through it) and records each thread's creation stack; describe() names the
// first frame of it outside concur and the standard library.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace concur {

/// One thread of this process.
struct ThreadInfo {
  int tid = 0;                    ///< kernel thread id (gettid)
  std::uint64_t start_time = 0;  ///< clock ticks after boot (field 22 of /proc/.../stat)
  std::string name;               ///< pthread_setname_np / comm, at most 15 characters
  /// Return addresses of the pthread_create call that made it, innermost first;
  /// empty for threads concur's hook did not see (the main thread, threads libc
  /// made for itself). Filled by leaked_threads(), not by ThreadSnapshot::take().
  std::vector<void*> creation_stack;

  bool same_thread(const ThreadInfo& other) const { return tid == other.tid && start_time == other.start_time; }
};

/// "thread 'rate-poller' (tid 4242), created at bank_test.cc:31".
std::string describe(const ThreadInfo& thread);

/// The threads of this process, sorted by tid.
struct ThreadSnapshot {
  std::vector<ThreadInfo> threads;
  static ThreadSnapshot take();
};

struct ThreadLeakOptions {
  /// How long to wait for threads that are still exiting (retried with growing
  /// sleeps, like goleak); a leak check that finds nothing does not wait.
  std::chrono::milliseconds grace_period{1000};
  /// Thread names that may outlive the block, as globs ("grpc_*", "pool-[0-9]*").
  std::vector<std::string> allow;
};

/// Threads alive now that were not alive in `before` and whose name no allow
/// pattern matches, after waiting up to the grace period for them to end; with
/// their creation stacks. Throws std::invalid_argument naming a malformed
/// allow pattern.
std::vector<ThreadInfo> leaked_threads(const ThreadSnapshot& before, const ThreadLeakOptions& options = {});

/// False when this executable's pthread_create is not concur's (the hook was
/// not linked, or another library's definition came first): leaks are still
/// found, but without creation stacks.
bool thread_creation_hook_installed();

}  // namespace concur

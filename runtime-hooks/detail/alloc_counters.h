// Counters shared by the allocation hooks and AllocationScope (internal).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace concur::runtime_internal {

/// What the running reactor task allocated since it was given a budget
/// (concur/reactor_checks.h); counted only while the task runs on this thread.
struct TaskAllocAccount {
  std::uint64_t count, bytes, largest;
};

struct ThreadAllocCounters {
  int depth;  // open this_thread scopes
  TaskAllocAccount* task;  // the running task's budget account, if it has one
  std::uint64_t count, bytes, frees, largest;
  std::int64_t outstanding, peak;
};

struct ProcessAllocCounters {
  std::atomic<int> depth;  // open all_threads scopes
  std::atomic<std::uint64_t> count, bytes, frees, largest;
  std::atomic<std::int64_t> outstanding, peak;
};

extern thread_local ThreadAllocCounters t_alloc
    __attribute__((tls_model("initial-exec")));
extern ProcessAllocCounters g_alloc;

void record_allocation_slow(std::size_t requested, std::size_t usable) noexcept;
void record_free_slow(std::size_t usable) noexcept;
void atomic_max(std::atomic<std::int64_t>& target, std::int64_t value) noexcept;
void atomic_max(std::atomic<std::uint64_t>& target, std::uint64_t value) noexcept;
/// False in a sanitizer build whose runtime refused the allocator hooks.
bool alloc_hooks_installed() noexcept;

// Called by every hook; two thread-local loads (one cache line) and one relaxed
// load when no scope is open and no budgeted task runs.
inline bool alloc_counting_active() noexcept {
  return t_alloc.depth != 0 || t_alloc.task != nullptr || g_alloc.depth.load(std::memory_order_relaxed) != 0;
}

/// While alive, what this thread allocates is not counted by this-thread scopes or
/// a task budget: the hooks' own records are not the user's allocations.
class NotCounted {
 public:
  NotCounted() noexcept : depth_(t_alloc.depth), task_(t_alloc.task) {
    t_alloc.depth = 0;
    t_alloc.task = nullptr;
  }
  ~NotCounted() {
    t_alloc.depth = depth_;
    t_alloc.task = task_;
  }
  NotCounted(const NotCounted&) = delete;
  NotCounted& operator=(const NotCounted&) = delete;

 private:
  int depth_;
  TaskAllocAccount* task_;
};

}  // namespace concur::runtime_internal

// The allocation counters and the hooks that feed them. Part of the
// concur_alloc_hooks library, which is linked whole into every executable
// that links concur::runtime (see CMakeLists.txt).
#include "detail/alloc_counters.h"
#include "detail/sanitizer.h"

#include <algorithm>

#if CONCUR_SANITIZER_ALLOCATOR
#include <sanitizer/allocator_interface.h>
#endif

namespace concur::runtime_internal {

constinit thread_local ThreadAllocCounters t_alloc
    __attribute__((tls_model("initial-exec"))) = {};
constinit ProcessAllocCounters g_alloc = {};

void atomic_max(std::atomic<std::int64_t>& target, std::int64_t value) noexcept {
  std::int64_t seen = target.load(std::memory_order_relaxed);
  while (seen < value && !target.compare_exchange_weak(seen, value, std::memory_order_relaxed)) {
  }
}
void atomic_max(std::atomic<std::uint64_t>& target, std::uint64_t value) noexcept {
  std::uint64_t seen = target.load(std::memory_order_relaxed);
  while (seen < value && !target.compare_exchange_weak(seen, value, std::memory_order_relaxed)) {
  }
}

void record_allocation_slow(std::size_t requested, std::size_t usable) noexcept {
  ThreadAllocCounters& t = t_alloc;
  if (TaskAllocAccount* task = t.task) {
    ++task->count;
    task->bytes += requested;
    task->largest = std::max<std::uint64_t>(task->largest, requested);
  }
  if (t.depth != 0) {
    ++t.count;
    t.bytes += requested;
    t.largest = std::max<std::uint64_t>(t.largest, requested);
    t.outstanding += static_cast<std::int64_t>(usable);
    t.peak = std::max(t.peak, t.outstanding);
  }
  if (g_alloc.depth.load(std::memory_order_relaxed) != 0) {
    g_alloc.count.fetch_add(1, std::memory_order_relaxed);
    g_alloc.bytes.fetch_add(requested, std::memory_order_relaxed);
    atomic_max(g_alloc.largest, requested);
    std::int64_t now = g_alloc.outstanding.fetch_add(static_cast<std::int64_t>(usable),
                                                     std::memory_order_relaxed) +
                       static_cast<std::int64_t>(usable);
    atomic_max(g_alloc.peak, now);
  }
}

void record_free_slow(std::size_t usable) noexcept {
  ThreadAllocCounters& t = t_alloc;
  if (t.depth != 0) {
    ++t.frees;
    t.outstanding -= static_cast<std::int64_t>(usable);
  }
  if (g_alloc.depth.load(std::memory_order_relaxed) != 0) {
    g_alloc.frees.fetch_add(1, std::memory_order_relaxed);
    g_alloc.outstanding.fetch_sub(static_cast<std::int64_t>(usable), std::memory_order_relaxed);
  }
}

#if CONCUR_SANITIZER_ALLOCATOR
namespace {
// The sanitizer allocators report the requested size on both sides.
void on_sanitizer_malloc(const volatile void*, std::size_t size) {
  if (alloc_counting_active()) record_allocation_slow(size, size);
}
void on_sanitizer_free(const volatile void* p) {
  if (p != nullptr && alloc_counting_active())
    record_free_slow(__sanitizer_get_allocated_size(const_cast<const void*>(p)));
}
const bool sanitizer_hooks_installed =
    __sanitizer_install_malloc_and_free_hooks(on_sanitizer_malloc, on_sanitizer_free) != 0;
}  // namespace
#endif

bool alloc_hooks_installed() noexcept {
#if CONCUR_SANITIZER_ALLOCATOR
  return sanitizer_hooks_installed;
#else
  return true;  // operator_new.cpp is in the same whole-linked library
#endif
}

}  // namespace concur::runtime_internal

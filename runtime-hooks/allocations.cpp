// AllocationScope and the counters behind it; in sanitizer builds also the
// sanitizer allocator hooks that feed them.
#include "concur/allocations.h"

#include "detail/alloc_counters.h"

#include <algorithm>

namespace concur {

bool allocation_counting_installed() { return runtime_internal::alloc_hooks_installed(); }

AllocationScope::AllocationScope(AllocationThreads threads) : threads_(threads) {
  using namespace runtime_internal;
  if (threads_ == AllocationThreads::this_thread) {
    ThreadAllocCounters& t = t_alloc;
    saved_.largest = t.largest;
    saved_.peak_outstanding_bytes = t.peak;
    start_count_ = t.count;
    start_bytes_ = t.bytes;
    start_frees_ = t.frees;
    start_outstanding_ = t.outstanding;
    t.largest = 0;
    t.peak = t.outstanding;
    ++t.depth;
  } else {
    saved_.largest = g_alloc.largest.exchange(0);
    start_outstanding_ = g_alloc.outstanding.load();
    saved_.peak_outstanding_bytes = g_alloc.peak.exchange(start_outstanding_);
    start_count_ = g_alloc.count.load();
    start_bytes_ = g_alloc.bytes.load();
    start_frees_ = g_alloc.frees.load();
    g_alloc.depth.fetch_add(1);
  }
}

AllocationScope::~AllocationScope() {
  using namespace runtime_internal;
  if (threads_ == AllocationThreads::this_thread) {
    ThreadAllocCounters& t = t_alloc;
    --t.depth;
    t.largest = std::max(t.largest, saved_.largest);
    t.peak = std::max(t.peak, saved_.peak_outstanding_bytes);
  } else {
    g_alloc.depth.fetch_sub(1);
    atomic_max(g_alloc.largest, saved_.largest);
    atomic_max(g_alloc.peak, saved_.peak_outstanding_bytes);
  }
}

AllocationStats AllocationScope::stats() const {
  using namespace runtime_internal;
  AllocationStats s;
  if (threads_ == AllocationThreads::this_thread) {
    const ThreadAllocCounters& t = t_alloc;
    s.count = t.count - start_count_;
    s.bytes = t.bytes - start_bytes_;
    s.frees = t.frees - start_frees_;
    s.largest = t.largest;
    s.peak_outstanding_bytes = t.peak - start_outstanding_;
  } else {
    s.count = g_alloc.count.load() - start_count_;
    s.bytes = g_alloc.bytes.load() - start_bytes_;
    s.frees = g_alloc.frees.load() - start_frees_;
    s.largest = g_alloc.largest.load();
    s.peak_outstanding_bytes = g_alloc.peak.load() - start_outstanding_;
  }
  return s;
}

}  // namespace concur

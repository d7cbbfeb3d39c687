// Allocation budgets: count what a scope allocates.
//
//   concur::AllocationScope scope;          // this thread only (default)
//   hot_path();
//   concur::AllocationStats s = scope.stats();
//
// Counting comes from replaced global operator new/delete (all forms) in
// normal builds and from the sanitizer allocator hooks in sanitizer builds
// (there every malloc counts too). Both live in concur::runtime.
#pragma once

#include <cstdint>

namespace concur {

/// What a scope saw. `peak_outstanding_bytes` is the highest value of
/// (bytes allocated - bytes freed) inside the scope, as the allocator sized
/// the blocks; frees of older blocks make it go below zero, never the peak.
struct AllocationStats {
  std::uint64_t count = 0;    ///< allocations
  std::uint64_t bytes = 0;    ///< bytes requested
  std::uint64_t largest = 0;  ///< largest single request
  std::uint64_t frees = 0;
  std::int64_t peak_outstanding_bytes = 0;
};

enum class AllocationThreads {
  this_thread,  ///< only allocations made by the thread that opened the scope
  all_threads,  ///< every thread of the process while the scope is open
};

/// Counts allocations from construction to destruction (or to `stats()`).
/// Cheap: opening a scope is a few thread-local stores, and each allocation
/// inside it a handful of adds. Scopes nest on one thread. Not copyable; must
/// be destroyed on the thread that created it.
class AllocationScope {
 public:
  explicit AllocationScope(AllocationThreads threads = AllocationThreads::this_thread);
  ~AllocationScope();
  AllocationScope(const AllocationScope&) = delete;
  AllocationScope& operator=(const AllocationScope&) = delete;

  /// Counts so far.
  AllocationStats stats() const;

 private:
  AllocationThreads threads_;
  AllocationStats saved_;  // the enclosing scope's peak/largest, restored on exit
  std::uint64_t start_count_, start_bytes_, start_frees_;
  std::int64_t start_outstanding_;
};

/// True when this executable really counts: concur::runtime's operator new
/// replacement (or the sanitizer hooks) is linked in. A scope in a binary
/// without them sees nothing.
bool allocation_counting_installed();

}  // namespace concur

// gMock matchers over blocks of code: allocation budgets, fd/socket leaks,
// global-state mutation and ThreadSanitizer reports.
//
//   using namespace concur::testing;
//   EXPECT_THAT(Block([&] { parse(input); }), AllocatesAtMost(2));
//   EXPECT_THAT([&] { bank.convert(1, "USD"); }, DoesNotMutateGlobals());
//
// A block is any callable taking no arguments. Wrap it in Block(...) so a
// failure prints "block at file.cc:42" instead of gtest's raw bytes. Each
// assertion runs the block once (EXPECT_THAT evaluates a failing matcher
// twice; the measurement is reused). A block that throws fails the assertion
// with the exception's message.
#pragma once

#include "concur/allocations.h"
#include "concur/fds.h"
#include "concur/globals.h"
#include "concur/threads.h"
#include "concur/tsan.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <exception>
#include <initializer_list>
#include <optional>
#include <ostream>
#include <source_location>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#if defined(CONCUR_TESTING_HAS_SCAN)
#include "concur/testing_scan.h"
#endif

namespace concur::testing_internal {

/// A number never handed out before in this process: the identity of a Block
/// or of a block matcher, for telling one evaluation from another.
inline std::uint64_t new_identity() {
  static std::atomic<std::uint64_t> last{0};
  return last.fetch_add(1, std::memory_order_relaxed) + 1;
}

/// A plain callable has no identity beyond its address (a Block's is found by ADL).
template <class B>
std::uint64_t block_identity(const B&) {
  return 0;
}

/// Which evaluation of which matcher on which block a measurement belongs to.
struct EvaluationKey {
  std::uint64_t matcher;
  const void* block_address;
  std::uint64_t block;
  bool operator==(const EvaluationKey&) const = default;
};

/// Counts the measurements made on this thread; a kept measurement is valid
/// only while it is the latest.
inline thread_local std::uint64_t t_measurements = 0;

/// The measurement of the latest non-explaining evaluation on this thread,
/// kept for the explaining call that EXPECT_THAT makes right after it fails.
template <class Result>
struct KeptMeasurement {
  EvaluationKey key{};
  std::uint64_t measurement = 0;
  std::optional<Result> result;
};
template <class Result>
inline thread_local KeptMeasurement<Result> t_kept;

}  // namespace concur::testing_internal

namespace concur::testing {

/// A callable that gtest prints as where it was written. Every Block made
/// (not copied) has an identity of its own, so a matcher never mistakes it for
/// another block that happens to live at the same address.
template <class F>
class Block {
 public:
  Block(F fn, std::source_location where = std::source_location::current())
      : fn_(std::move(fn)), where_(where), identity_(testing_internal::new_identity()) {}
  void operator()() const { fn_(); }
  friend void PrintTo(const Block& b, std::ostream* os) {
    *os << "block at " << b.where_.file_name() << ":" << b.where_.line();
  }
  friend std::uint64_t block_identity(const Block& b) { return b.identity_; }

 private:
  mutable F fn_;
  std::source_location where_;
  std::uint64_t identity_;
};
template <class F>
Block(F) -> Block<F>;

}  // namespace concur::testing

namespace concur::testing_internal {

/// Runs `block`; returns the exception's message if it threw.
template <class B>
std::optional<std::string> run_catching(const B& block) {
  try {
    block();
  } catch (const std::exception& e) {
    return std::string("the block threw an exception: ") + e.what();
  } catch (...) {
    return std::string("the block threw an exception of unknown type");
  }
  return std::nullopt;
}

/// The common shape of every block matcher. `Check` provides:
///   struct Result { std::optional<std::string> threw; ... };
///   template <class B> Result measure(const B&) const;
///   bool passed(const Result&) const;
///   void explain(const Result&, std::ostream&) const;
///   void DescribeTo(std::ostream*) const; void DescribeNegationTo(std::ostream*) const;
///
/// The matcher holds no mutable state. EXPECT_THAT calls Matches() (listener
/// not interested) and, only if the assertion fails, MatchAndExplain() with an
/// interested listener on the same matcher and block, with nothing measured in
/// between. That second call takes the first one's measurement (whatever its
/// outcome: Not() fails on a passing one); every other call measures afresh.
template <class Check>
class BlockMatcher {
 public:
  explicit BlockMatcher(Check check) : check_(std::move(check)), identity_(testing_internal::new_identity()) {}
  // A copy is another matcher: gMock copies one per assertion.
  BlockMatcher(const BlockMatcher& other) : check_(other.check_), identity_(testing_internal::new_identity()) {}
  BlockMatcher& operator=(const BlockMatcher& other) {
    check_ = other.check_;
    identity_ = testing_internal::new_identity();
    return *this;
  }

  template <class B>
  bool MatchAndExplain(const B& block, ::testing::MatchResultListener* listener) const {
    using Result = typename Check::Result;
    using testing_internal::block_identity;
    const testing_internal::EvaluationKey key{identity_, static_cast<const void*>(&block), block_identity(block)};
    auto& kept = testing_internal::t_kept<Result>;
    std::optional<Result> result;
    if (listener->IsInterested() && kept.result && kept.key == key &&
        kept.measurement == testing_internal::t_measurements)
      result = std::move(kept.result);
    kept.result.reset();
    if (!result) {
      result.emplace(check_.measure(block));
      ++testing_internal::t_measurements;  // after the block: its own assertions came first
    }
    const bool passed = !result->threw && check_.passed(*result);
    if (!listener->IsInterested()) {
      kept = {key, testing_internal::t_measurements, std::move(result)};
      return passed;
    }
    if (result->threw) {
      *listener << *result->threw;
      return false;
    }
    std::ostringstream os;
    check_.explain(*result, os);
    *listener << os.str();
    return passed;
  }
  void DescribeTo(std::ostream* os) const { check_.DescribeTo(os); }
  void DescribeNegationTo(std::ostream* os) const { check_.DescribeNegationTo(os); }
  const Check& check() const { return check_; }
  Check& check() { return check_; }

 private:
  Check check_;
  std::uint64_t identity_;
};

template <class Check>
::testing::PolymorphicMatcher<BlockMatcher<Check>> make_block_matcher(Check check) {
  return ::testing::MakePolymorphicMatcher(BlockMatcher<Check>(std::move(check)));
}

// ---- allocations ----

struct AllocationCheck {
  enum class Limit { count, bytes };
  Limit limit;
  std::uint64_t max;
  AllocationThreads threads;

  struct Result {
    std::optional<std::string> threw;
    bool installed = true;
    AllocationStats stats;
  };
  template <class B>
  Result measure(const B& block) const {
    Result r;
    r.installed = allocation_counting_installed();
    AllocationScope scope(threads);
    r.threw = run_catching(block);
    r.stats = scope.stats();
    return r;
  }
  bool passed(const Result& r) const {
    return r.installed && (limit == Limit::count ? r.stats.count : r.stats.bytes) <= max;
  }
  void explain(const Result& r, std::ostream& os) const;
  void DescribeTo(std::ostream* os) const;
  void DescribeNegationTo(std::ostream* os) const;
};

// ---- fds and sockets ----

struct FdCheck {
  bool sockets_only;

  struct Result {
    std::optional<std::string> threw;
    FdDiff diff;
  };
  template <class B>
  Result measure(const B& block) const {
    Result r;
    FdSnapshot before = FdSnapshot::take();
    r.threw = run_catching(block);
    r.diff = concur::diff(before, FdSnapshot::take());
    return r;
  }
  bool passed(const Result& r) const;
  void explain(const Result& r, std::ostream& os) const;
  void DescribeTo(std::ostream* os) const;
  void DescribeNegationTo(std::ostream* os) const;
};

// ---- threads ----

struct ThreadCheck {
  ThreadLeakOptions options;

  struct Result {
    std::optional<std::string> threw;
    std::vector<ThreadInfo> leaked;
    std::optional<std::string> bad_option;
  };
  template <class B>
  Result measure(const B& block) const {
    Result r;
    ThreadSnapshot before = ThreadSnapshot::take();
    r.threw = run_catching(block);
    try {
      r.leaked = leaked_threads(before, options);
    } catch (const std::invalid_argument& e) {
      r.bad_option = e.what();
    }
    return r;
  }
  bool passed(const Result& r) const { return r.leaked.empty() && !r.bad_option; }
  void explain(const Result& r, std::ostream& os) const;
  void DescribeTo(std::ostream* os) const;
  void DescribeNegationTo(std::ostream* os) const;
};

// ---- globals ----

struct GlobalsCheck {
  GlobalsOptions options;
  bool only_allowed;  // MutatesOnlyGlobals (vs DoesNotMutateGlobals)

  struct Result {
    std::optional<std::string> threw;
    GlobalsReport report;
  };
  template <class B>
  Result measure(const B& block) const {
    Result r;
    GlobalsSnapshot before = GlobalsSnapshot::take(options);
    r.threw = run_catching(block);
    r.report = before.changes();
    return r;
  }
  bool passed(const Result& r) const;
  void explain(const Result& r, std::ostream& os) const;
  void DescribeTo(std::ostream* os) const;
  void DescribeNegationTo(std::ostream* os) const;
};

// ---- ThreadSanitizer ----

/// Records a gtest skip for the running test (non-TSan builds), naming the matcher.
void record_tsan_skip(const char* matcher);

struct TsanCheck {
  TsanCaptureScope scope;

  struct Result {
    std::optional<std::string> threw;
    bool skipped = false;
    std::vector<TsanReport> reports;
    std::size_t dropped = 0;
  };
  template <class B>
  Result measure(const B& block) const {
    Result r;
    if (!tsan_enabled()) {
      record_tsan_skip(matcher_name());  // the block is not run: nothing could watch it
      r.skipped = true;
      return r;
    }
    TsanCapture capture(scope);
    r.threw = run_catching(block);
    r.reports = capture.finish();
    r.dropped = capture.dropped();
    return r;
  }
  bool passed(const Result& r) const { return r.skipped || (r.reports.empty() && r.dropped == 0); }
  const char* matcher_name() const {
    return scope == TsanCaptureScope::all_reports ? "HasNoDataRaces()" : "HasNoLockOrderInversions()";
  }
  void explain(const Result& r, std::ostream& os) const;
  void DescribeTo(std::ostream* os) const;
  void DescribeNegationTo(std::ostream* os) const;
};

}  // namespace concur::testing_internal

namespace concur::testing {

/// The block allocates at most `n` times (operator new, all forms; in
/// sanitizer builds every malloc). Counts the calling thread unless
/// `threads` says all_threads.
inline auto AllocatesAtMost(std::uint64_t n, AllocationThreads threads = AllocationThreads::this_thread) {
  using testing_internal::AllocationCheck;
  return testing_internal::make_block_matcher(AllocationCheck{AllocationCheck::Limit::count, n, threads});
}
/// The block requests at most `bytes` bytes in total.
inline auto AllocatesBytesAtMost(std::uint64_t bytes,
                                 AllocationThreads threads = AllocationThreads::this_thread) {
  using testing_internal::AllocationCheck;
  return testing_internal::make_block_matcher(AllocationCheck{AllocationCheck::Limit::bytes, bytes, threads});
}
/// The block does not allocate at all.
inline auto DoesNotAllocate(AllocationThreads threads = AllocationThreads::this_thread) {
  return AllocatesAtMost(0, threads);
}

/// Every socket the block opened is closed again, and it closed no socket it
/// did not open. fds are per process: other threads' sockets count too.
inline auto DoesNotLeakSockets() {
  return testing_internal::make_block_matcher(testing_internal::FdCheck{true});
}
/// The same for every kind of file descriptor.
inline auto DoesNotLeakFds() {
  return testing_internal::make_block_matcher(testing_internal::FdCheck{false});
}

/// The block leaves no thread of this process running that it did not find
/// running (tid and start time), after a grace period for threads on their
/// way out; names matching `options.allow` may stay. Each leftover is named
/// with its creation stack.
inline auto DoesNotLeakThreads(ThreadLeakOptions options = {}) {
  return testing_internal::make_block_matcher(testing_internal::ThreadCheck{std::move(options)});
}

/// A globals matcher; NamingWriters() and OnAllThreads() return variants of it.
class GlobalsMatcher
    : public ::testing::PolymorphicMatcher<testing_internal::BlockMatcher<testing_internal::GlobalsCheck>> {
 public:
  explicit GlobalsMatcher(testing_internal::GlobalsCheck check)
      : PolymorphicMatcher(testing_internal::BlockMatcher<testing_internal::GlobalsCheck>(std::move(check))) {}

  /// Names who wrote each changed global: the first writing instruction of
  /// each thread (function and file:line, the calling line) and the thread.
  /// Globals that only other threads changed during the block are reported
  /// apart and do not fail the assertion (see OnAllThreads()).
  GlobalsMatcher NamingWriters() const {
    return with_options([](GlobalsOptions& o) { o.name_writers = true; });
  }

  /// With NamingWriters(): other threads' changes fail the assertion too.
  GlobalsMatcher OnAllThreads() const { return with_options([](GlobalsOptions& o) { o.all_threads = true; }); }

 private:
  template <class Change>
  GlobalsMatcher with_options(Change change) const {
    testing_internal::GlobalsCheck check = impl().check();
    change(check.options);
    return GlobalsMatcher(std::move(check));
  }
};

/// The block changes no global of the main executable (or of `modules`).
inline GlobalsMatcher DoesNotMutateGlobals(GlobalsOptions options = {}) {
  options.allow.clear();
  return GlobalsMatcher(testing_internal::GlobalsCheck{std::move(options), false});
}
/// The block changes only globals matching `allowed` (names or globs over
/// demangled names, "ns::*"). A pattern that names no global is an error.
inline GlobalsMatcher MutatesOnlyGlobals(std::vector<std::string> allowed, GlobalsOptions options = {}) {
  options.allow = std::move(allowed);
  return GlobalsMatcher(testing_internal::GlobalsCheck{std::move(options), true});
}

/// No ThreadSanitizer report while the block runs, on any thread. In builds
/// without TSan the block is not run and the test is marked skipped, with a
/// message saying a TSan build is needed (a skip, never a silent pass).
/// Lock-order inversions (potential deadlocks) fail it too, explained with
/// the stack of each acquisition order.
inline auto HasNoDataRaces() {
  return testing_internal::make_block_matcher(testing_internal::TsanCheck{TsanCaptureScope::all_reports});
}

/// No lock-order inversion (a potential deadlock: two mutexes locked in
/// opposite orders, by any threads) while the block runs. Other TSan reports
/// are left to TSan (printed, exit code 66). Skipped without TSan, like
/// HasNoDataRaces().
inline auto HasNoLockOrderInversions() {
  return testing_internal::make_block_matcher(testing_internal::TsanCheck{TsanCaptureScope::lock_order_inversions});
}

/// Skips the current test (GTEST_SKIP) when this build has no TSan.
#define CONCUR_REQUIRE_TSAN()                                                                   \
  do {                                                                                          \
    if (!::concur::tsan_enabled())                                                              \
      GTEST_SKIP() << "this test needs a ThreadSanitizer build (cmake --preset tsan)";         \
  } while (0)

/// Appends a listener that fails every test which leaks a socket (or, with
/// sockets_only=false, any fd). One line in main() or a global environment.
void fail_tests_that_leak_fds(bool sockets_only = true);

/// Appends a listener that fails every test which leaves a thread running
/// that was not running when it started. One line in main().
void fail_tests_that_leak_threads(ThreadLeakOptions options = {});

/// Deprecated spellings, kept for one release.
[[deprecated("use fail_tests_that_leak_fds")]] inline void FailTestsThatLeakFds(bool sockets_only = true) {
  fail_tests_that_leak_fds(sockets_only);
}
[[deprecated("use fail_tests_that_leak_threads")]] inline void FailTestsThatLeakThreads(ThreadLeakOptions o = {}) {
  fail_tests_that_leak_threads(std::move(o));
}

/// The listener itself, for suites that manage listeners by hand.
class ThreadLeakListener : public ::testing::EmptyTestEventListener {
 public:
  explicit ThreadLeakListener(ThreadLeakOptions options = {}) : options_(std::move(options)) {}
  void OnTestStart(const ::testing::TestInfo&) override;
  void OnTestEnd(const ::testing::TestInfo&) override;

 private:
  ThreadLeakOptions options_;
  ThreadSnapshot before_;
};

/// The listener itself, for suites that manage listeners by hand.
class FdLeakListener : public ::testing::EmptyTestEventListener {
 public:
  explicit FdLeakListener(bool sockets_only = true) : sockets_only_(sockets_only) {}
  void OnTestStart(const ::testing::TestInfo&) override;
  void OnTestEnd(const ::testing::TestInfo&) override;

 private:
  bool sockets_only_;
  FdSnapshot before_;
};

}  // namespace concur::testing

// The loop matchers (DoesNotBlockTheLoop, MakesNoBlockingCalls) build on the above.
#include "concur/testing_loop.h"

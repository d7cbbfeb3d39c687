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
#include "concur/tsan.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <exception>
#include <initializer_list>
#include <optional>
#include <ostream>
#include <source_location>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#if defined(CONCUR_TESTING_HAS_SCAN)
#include "concur/testing_scan.h"
#endif

namespace concur::testing {

/// A callable that gtest prints as where it was written.
template <class F>
class Block {
 public:
  Block(F fn, std::source_location where = std::source_location::current())
      : fn_(std::move(fn)), where_(where) {}
  void operator()() const { fn_(); }
  friend void PrintTo(const Block& b, std::ostream* os) {
    *os << "block at " << b.where_.file_name() << ":" << b.where_.line();
  }

 private:
  mutable F fn_;
  std::source_location where_;
};
template <class F>
Block(F) -> Block<F>;

namespace detail {

/// Runs `block`; returns the exception's message if it threw.
template <class B>
std::optional<std::string> RunCatching(const B& block) {
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
///   template <class B> Result Measure(const B&) const;
///   bool Passed(const Result&) const;
///   void Explain(const Result&, std::ostream&) const;
///   void DescribeTo(std::ostream*) const; void DescribeNegationTo(std::ostream*) const;
template <class Check>
class BlockMatcher {
 public:
  explicit BlockMatcher(Check check) : check_(std::move(check)) {}

  template <class B>
  bool MatchAndExplain(const B& block, ::testing::MatchResultListener* listener) const {
    typename Check::Result result = MeasureOnce(block, listener->IsInterested());
    if (result.threw) {
      *listener << *result.threw;
      return false;
    }
    const bool passed = check_.Passed(result);
    if (listener->IsInterested()) {
      std::ostringstream os;
      check_.Explain(result, os);
      *listener << os.str();
    }
    return passed;
  }
  void DescribeTo(std::ostream* os) const { check_.DescribeTo(os); }
  void DescribeNegationTo(std::ostream* os) const { check_.DescribeNegationTo(os); }

 private:
  // EXPECT_THAT calls Matches() (listener not interested) and, only if that
  // fails, MatchAndExplain() with an interested listener on the same object.
  // A measurement made for Matches() is kept for that second call (whatever
  // its outcome: Not() fails on a passing measurement).
  template <class B>
  typename Check::Result MeasureOnce(const B& block, bool explaining) const {
    const void* key = static_cast<const void*>(&block);
    if (explaining && cached_ && cached_for_ == key) {
      typename Check::Result r = std::move(*cached_);
      cached_.reset();
      return r;
    }
    cached_.reset();
    typename Check::Result r = check_.Measure(block);
    if (!explaining) {
      cached_ = r;
      cached_for_ = key;
    }
    return r;
  }

  Check check_;
  mutable std::optional<typename Check::Result> cached_;
  mutable const void* cached_for_ = nullptr;
};

template <class Check>
::testing::PolymorphicMatcher<BlockMatcher<Check>> MakeBlockMatcher(Check check) {
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
  Result Measure(const B& block) const {
    Result r;
    r.installed = allocation_counting_installed();
    AllocationScope scope(threads);
    r.threw = RunCatching(block);
    r.stats = scope.stats();
    return r;
  }
  bool Passed(const Result& r) const {
    return r.installed && (limit == Limit::count ? r.stats.count : r.stats.bytes) <= max;
  }
  void Explain(const Result& r, std::ostream& os) const;
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
  Result Measure(const B& block) const {
    Result r;
    FdSnapshot before = FdSnapshot::take();
    r.threw = RunCatching(block);
    r.diff = concur::diff(before, FdSnapshot::take());
    return r;
  }
  bool Passed(const Result& r) const;
  void Explain(const Result& r, std::ostream& os) const;
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
  Result Measure(const B& block) const {
    Result r;
    GlobalsSnapshot before = GlobalsSnapshot::take(options);
    r.threw = RunCatching(block);
    r.report = before.changes();
    return r;
  }
  bool Passed(const Result& r) const;
  void Explain(const Result& r, std::ostream& os) const;
  void DescribeTo(std::ostream* os) const;
  void DescribeNegationTo(std::ostream* os) const;
};

// ---- ThreadSanitizer ----

/// Records a gtest skip for the running test (non-TSan builds).
void RecordTsanSkip();

struct TsanCheck {
  struct Result {
    std::optional<std::string> threw;
    bool skipped = false;
    std::vector<TsanReport> reports;
    std::size_t dropped = 0;
  };
  template <class B>
  Result Measure(const B& block) const {
    Result r;
    if (!tsan_enabled()) {
      RecordTsanSkip();  // the block is not run: nothing could watch it
      r.skipped = true;
      return r;
    }
    TsanCapture capture;
    r.threw = RunCatching(block);
    r.reports = capture.finish();
    r.dropped = capture.dropped();
    return r;
  }
  bool Passed(const Result& r) const { return r.skipped || (r.reports.empty() && r.dropped == 0); }
  void Explain(const Result& r, std::ostream& os) const;
  void DescribeTo(std::ostream* os) const;
  void DescribeNegationTo(std::ostream* os) const;
};

}  // namespace detail

/// The block allocates at most `n` times (operator new, all forms; in
/// sanitizer builds every malloc). Counts the calling thread unless
/// `threads` says all_threads.
inline auto AllocatesAtMost(std::uint64_t n, AllocationThreads threads = AllocationThreads::this_thread) {
  return detail::MakeBlockMatcher(detail::AllocationCheck{detail::AllocationCheck::Limit::count, n, threads});
}
/// The block requests at most `bytes` bytes in total.
inline auto AllocatesBytesAtMost(std::uint64_t bytes,
                                 AllocationThreads threads = AllocationThreads::this_thread) {
  return detail::MakeBlockMatcher(detail::AllocationCheck{detail::AllocationCheck::Limit::bytes, bytes, threads});
}
/// The block does not allocate at all.
inline auto DoesNotAllocate(AllocationThreads threads = AllocationThreads::this_thread) {
  return AllocatesAtMost(0, threads);
}

/// Every socket the block opened is closed again, and it closed no socket it
/// did not open. fds are per process: other threads' sockets count too.
inline auto DoesNotLeakSockets() { return detail::MakeBlockMatcher(detail::FdCheck{true}); }
/// The same for every kind of file descriptor.
inline auto DoesNotLeakFds() { return detail::MakeBlockMatcher(detail::FdCheck{false}); }

/// The block changes no global of the main executable (or of `modules`).
inline auto DoesNotMutateGlobals(GlobalsOptions options = {}) {
  options.allow.clear();
  return detail::MakeBlockMatcher(detail::GlobalsCheck{std::move(options), false});
}
/// The block changes only globals matching `allowed` (names or globs over
/// demangled names, "ns::*"). A pattern that names no global is an error.
inline auto MutatesOnlyGlobals(std::vector<std::string> allowed, GlobalsOptions options = {}) {
  options.allow = std::move(allowed);
  return detail::MakeBlockMatcher(detail::GlobalsCheck{std::move(options), true});
}

/// No ThreadSanitizer report while the block runs, on any thread. In builds
/// without TSan the block is not run and the test is marked skipped, with a
/// message saying a TSan build is needed (a skip, never a silent pass).
inline auto HasNoDataRaces() { return detail::MakeBlockMatcher(detail::TsanCheck{}); }

/// Skips the current test (GTEST_SKIP) when this build has no TSan.
#define CONCUR_REQUIRE_TSAN()                                                                   \
  do {                                                                                          \
    if (!::concur::tsan_enabled())                                                              \
      GTEST_SKIP() << "HasNoDataRaces() needs a ThreadSanitizer build (cmake --preset tsan)"; \
  } while (0)

/// Appends a listener that fails every test which leaks a socket (or, with
/// sockets_only=false, any fd). One line in main() or a global environment.
void FailTestsThatLeakFds(bool sockets_only = true);

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

// gMock matchers over blocks that run reactors: no task may hold up the loop.
//
//   using namespace concur::testing;
//   EXPECT_THAT(Block([&] { reactor.run(serve_one_request()); }), MakesNoBlockingCalls());
//   EXPECT_THAT(Block([&] { reactor.run(serve_one_request()); }), DoesNotBlockTheLoop(20ms));
//
// Included by <concur/testing.h>; needs concur::testing linked (it links
// concur::runtime, whose hooks see the calls and the stalls). Like every block
// matcher, each runs the block once per assertion.
#pragma once

#include <chrono>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "concur/loop_checks.h"
#include "concur/testing.h"

namespace concur::testing_internal {

struct LoopStallCheck {
  std::chrono::milliseconds limit;

  struct Result {
    std::optional<std::string> threw;
    bool observed = true;  // the runtime's reactor observer was installed
    std::vector<LoopStall> stalls;
  };
  template <class B>
  Result measure(const B& block) const {
    Result r;
    if (limit.count() <= 0) return r;  // a bad limit: nothing to run the block for
    LoopWatch watch(limit);
    r.observed = watch.sees_stalls();
    r.threw = run_catching(block);
    r.stalls = watch.stalls();
    return r;
  }
  bool passed(const Result& r) const { return limit.count() > 0 && r.observed && r.stalls.empty(); }
  void explain(const Result& r, std::ostream& os) const;
  void DescribeTo(std::ostream* os) const;
  void DescribeNegationTo(std::ostream* os) const;
};

struct BlockingCallCheck {
  struct Result {
    std::optional<std::string> threw;
    bool hooked = true;  // the interposed functions are the ones the program calls
    std::vector<BlockingCall> calls;
    std::uint64_t dropped = 0;
  };
  template <class B>
  Result measure(const B& block) const {
    Result r;
    LoopWatch watch;
    r.hooked = watch.sees_blocking_calls();
    r.threw = run_catching(block);
    r.calls = watch.blocking_calls();
    r.dropped = watch.blocking_calls_dropped();
    return r;
  }
  bool passed(const Result& r) const { return r.hooked && r.calls.empty() && r.dropped == 0; }
  void explain(const Result& r, std::ostream& os) const;
  void DescribeTo(std::ostream* os) const;
  void DescribeNegationTo(std::ostream* os) const;
};

}  // namespace concur::testing_internal

namespace concur::testing {

/// No reactor task (on any thread) runs for `limit` or longer without suspending
/// while the block runs. A failure names each such task (as given to
/// TaskGroup::spawn), how long it ran, and where it was stuck — the file:line the
/// reactor's watchdog caught it on, or the blocking call it was in. Durations are
/// measured by sampling every quarter of `limit`: a slice only a little longer
/// than `limit` may be missed. `limit` must be at least 1 ms.
inline auto DoesNotBlockTheLoop(std::chrono::milliseconds limit) {
  return testing_internal::make_block_matcher(testing_internal::LoopStallCheck{limit});
}

/// No reactor task (on any thread) makes a blocking call while the block runs —
/// a sleep, a name lookup, a join or condition-variable wait, blocking file or
/// socket I/O, fsync, system, popen — however short: "task \"resolver\" (#2) called
/// getaddrinfo() at client.cc:55; use co_await offload(...)". Calls inside
/// offload() run on the worker pool and do not count.
inline auto MakesNoBlockingCalls() {
  return testing_internal::make_block_matcher(testing_internal::BlockingCallCheck{});
}

}  // namespace concur::testing

#include <gtest/gtest.h>

#include <memory>

#include "concur/reactor.h"

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace concur {
namespace {

Task<int> slow_value(std::chrono::milliseconds d, int v) {
  co_await sleep_for(d);
  co_return v;
}

TEST(WithTimeout, ReturnsTheValueWhenInTime) {
  Reactor reactor;
  EXPECT_EQ(reactor.run(with_timeout(1s, slow_value(1ms, 5))), 5);
}

TEST(WithTimeout, ThrowsTimeoutErrorAfterTheLimitAndReleasesResources) {
  Reactor reactor;
  auto resource = std::make_shared<int>(1);
  std::weak_ptr<int> watch = resource;
  auto holder = [](std::shared_ptr<int> r) -> Task<void> {
    co_await sleep_for(10s);
    (void)r;
  };
  auto start = Clock::now();
  try {
    reactor.run(with_timeout(20ms, holder(std::move(resource))));
    FAIL() << "no timeout";
  } catch (const TimeoutError& e) {
    EXPECT_EQ(e.limit(), 20ms);
    EXPECT_STREQ(e.what(), "concur: timed out after 20 ms");
  }
  auto elapsed = Clock::now() - start;
  EXPECT_GE(elapsed, 20ms);
  EXPECT_LT(elapsed, 500ms);
  EXPECT_TRUE(watch.expired());
}

TEST(WithTimeout, NestedTimeoutsFireInnermostFirst) {
  Reactor reactor;
  auto body = []() -> Task<int> {
    try {
      co_await with_timeout(5ms, slow_value(10s, 1));
    } catch (const TimeoutError&) {
      co_return 1;  // the inner deadline fired; the outer one is still running
    }
    co_return 0;
  };
  EXPECT_EQ(reactor.run(with_timeout(1s, body())), 1);
}

TEST(WithTimeout, OuterCancellationIsNotReportedAsTheInnerTimeout) {
  Reactor reactor;
  bool inner_saw = false;
  auto inner = [&]() -> Task<void> {
    try {
      co_await with_timeout(10s, slow_value(10s, 1));
    } catch (const TimeoutError&) {
      inner_saw = true;
    }
  };
  EXPECT_THROW(reactor.run(with_timeout(5ms, inner())), TimeoutError);
  EXPECT_FALSE(inner_saw);
}

TEST(WithTimeout, TimersOfFinishedScopesAreDisarmed) {
  Reactor reactor;
  reactor.run([]() -> Task<void> {
    for (int i = 0; i < 1000; ++i) co_await with_timeout(5ms, slow_value(0ms, i));
    co_await sleep_for(15ms);  // past every scope's deadline
  }());
  // Only the sleep's timer fired: a deadline left armed would fire too (and
  // touch a scope that no longer exists).
  EXPECT_EQ(reactor.stats().timers_fired, 1u);
}

}  // namespace
}  // namespace concur

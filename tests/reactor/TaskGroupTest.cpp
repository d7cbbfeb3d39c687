#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "concur/reactor.h"

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace concur {
namespace {

Task<void> append_after(std::vector<int>& out, int value, std::chrono::milliseconds delay) {
  co_await sleep_for(delay);
  out.push_back(value);
}

Task<void> fail_after(std::chrono::milliseconds delay, std::string message) {
  co_await sleep_for(delay);
  throw std::runtime_error(message);
}

Task<void> sleep_and_note_cancellation(std::chrono::seconds d, int& cancelled) {
  try {
    co_await sleep_for(d);
  } catch (const Cancelled&) {
    ++cancelled;
    throw;
  }
}

TEST(TaskGroup, JoinWaitsForEveryChild) {
  Reactor reactor;
  std::vector<int> out;
  reactor.run([&]() -> Task<void> {
    TaskGroup group;
    group.spawn(append_after(out, 3, 6ms));
    group.spawn(append_after(out, 1, 2ms));
    group.spawn(append_after(out, 2, 4ms));
    EXPECT_EQ(group.running(), 3u);
    co_await group.join();
    EXPECT_EQ(group.running(), 0u);
  }());
  EXPECT_EQ(out, (std::vector<int>{1, 2, 3}));
}

TEST(TaskGroup, AFailingChildCancelsTheOthersAndJoinRethrowsTheFirstError) {
  Reactor reactor;
  int cancelled = 0;
  auto start = Clock::now();
  auto body = [&]() -> Task<void> {
    TaskGroup group;
    group.spawn(sleep_and_note_cancellation(10s, cancelled));
    group.spawn(fail_after(2ms, "first"));
    group.spawn(fail_after(50ms, "second"));  // cancelled before it can fail
    group.spawn(sleep_and_note_cancellation(10s, cancelled));
    co_await group.join();
  };
  try {
    reactor.run(body());
    FAIL() << "join did not rethrow";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "first");
  }
  EXPECT_EQ(cancelled, 2);
  EXPECT_LT(Clock::now() - start, 1s);
}

TEST(TaskGroup, CancelStopsChildrenAndJoinReturnsNormally) {
  Reactor reactor;
  int cancelled = 0;
  reactor.run([&]() -> Task<void> {
    TaskGroup group;
    for (int i = 0; i < 10; ++i) group.spawn(sleep_and_note_cancellation(10s, cancelled));
    co_await sleep_for(1ms);
    group.cancel();
    co_await group.join();
    // Reusable after join.
    std::vector<int> out;
    group.spawn(append_after(out, 1, 1ms));
    co_await group.join();
    EXPECT_EQ(out.size(), 1u);
  }());
  EXPECT_EQ(cancelled, 10);
}

TEST(TaskGroup, CancellingTheParentCancelsNestedGroups) {
  Reactor reactor;
  int cancelled = 0;
  auto inner = [&]() -> Task<void> {
    TaskGroup nested;
    nested.spawn(sleep_and_note_cancellation(10s, cancelled));
    nested.spawn(sleep_and_note_cancellation(10s, cancelled));
    co_await nested.join();
  };
  auto body = [&]() -> Task<void> { co_await with_timeout(5ms, inner()); };
  EXPECT_THROW(reactor.run(body()), TimeoutError);
  EXPECT_EQ(cancelled, 2);
}

TEST(TaskGroup, RunReturnsOnlyAfterSpawnedChildrenFinished) {
  Reactor reactor;
  std::vector<int> out;
  reactor.run([&]() -> Task<void> {
    TaskGroup group;
    for (int i = 0; i < 100; ++i) group.spawn(append_after(out, i, std::chrono::milliseconds(i % 7)));
    co_await group.join();
  }());
  EXPECT_EQ(out.size(), 100u);
}

TEST(TaskGroupDeathTest, DestroyingAGroupWithRunningChildrenTerminates) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  auto orphaning = []() {
    Reactor reactor;
    std::vector<int> out;
    reactor.run([&]() -> Task<void> {
      TaskGroup group;
      group.spawn(append_after(out, 1, 100ms));
      co_return;  // no join
    }());
  };
  EXPECT_DEATH(orphaning(), "destroyed with 1 running children");
}

}  // namespace
}  // namespace concur

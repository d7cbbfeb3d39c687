#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <vector>

#include "concur/reactor.h"

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace concur {
namespace {

// The wheels here run each node's own function.
void run_callback(reactor_internal::TimerNode* n) noexcept {
  auto* timer = static_cast<reactor_internal::CallbackTimer*>(n);
  timer->on_fire(timer);
}

struct Recorder : reactor_internal::CallbackTimer {
  std::vector<std::pair<std::uint64_t, std::uint64_t>>* log = nullptr;  // (deadline, fired at)
  std::uint64_t* now = nullptr;
};

TEST(TimerWheel, FiresEachTimerAtTheFirstAdvancePastItsDeadline) {
  std::mt19937_64 rng(7);
  reactor_internal::TimerWheel wheel(1000, &run_callback);
  std::vector<std::pair<std::uint64_t, std::uint64_t>> log;
  std::uint64_t now = 1000;
  std::vector<Recorder> timers(20'000);
  for (auto& t : timers) {
    // Spread over every level, including beyond the wheel's span (2^26 ticks).
    std::uint64_t span = 1ull << (rng() % 28);
    t.set_deadline(now + rng() % span);
    t.log = &log;
    t.now = &now;
    t.on_fire = [](reactor_internal::CallbackTimer* n) noexcept {
      auto* r = static_cast<Recorder*>(n);
      r->log->emplace_back(r->deadline(), *r->now);
    };
    wheel.arm(&t);
  }
  EXPECT_EQ(wheel.size(), timers.size());
  std::uint64_t previous = now - 1;  // the wheel starts with tick `now` still to process
  while (!wheel.empty()) {
    std::int64_t wait = wheel.ticks_until_next(now);
    ASSERT_GE(wait, 0);
    // Sometimes exactly when asked (lands on cascade boundaries), sometimes a bit later.
    now += static_cast<std::uint64_t>(std::max<std::int64_t>(wait, 1)) + (rng() % 2 ? 0 : rng() % 3);
    std::size_t before = log.size();
    wheel.advance(now);
    for (std::size_t i = before; i < log.size(); ++i) {
      EXPECT_LE(log[i].first, now) << "fired early";
      EXPECT_GT(log[i].first, previous) << "fired late: due " << log[i].first << " but the wheel was already at " << previous;
    }
    previous = now;
  }
  EXPECT_EQ(log.size(), timers.size());
}

TEST(TimerWheel, TimersDueRightAfterACascadeBoundaryAreNotLate) {
  // Level 0 empty and the wheel sitting exactly on a 256-tick boundary: the cascade of
  // that very tick is next, not the following one.
  reactor_internal::TimerWheel wheel(0, &run_callback);
  struct Stamp : reactor_internal::CallbackTimer {
    std::uint64_t* at;
    std::uint64_t* now;
  };
  std::uint64_t now = 0, at = 0;
  Stamp t;
  t.at = &at;
  t.now = &now;
  t.set_deadline(300);  // filed in level 1, cascaded at tick 256
  t.on_fire = [](reactor_internal::CallbackTimer* n) noexcept { *static_cast<Stamp*>(n)->at = *static_cast<Stamp*>(n)->now; };
  wheel.arm(&t);
  now = 255;
  wheel.advance(now);  // the wheel's next tick is now 256, a boundary
  while (!wheel.empty()) {
    now += static_cast<std::uint64_t>(std::max<std::int64_t>(wheel.ticks_until_next(now), 1));
    wheel.advance(now);
  }
  EXPECT_EQ(at, 300u);
}

TEST(TimerWheel, FarDeadlinesNeedFewWakeups) {
  reactor_internal::TimerWheel wheel(0, &run_callback);
  struct Counting : reactor_internal::CallbackTimer {
    int* count;
  };
  int fired = 0;
  std::vector<Counting> timers(3);
  const std::uint64_t deadlines[] = {3'600'000, 3'600'500, 7'200'000};  // 1 h, 1 h 0.5 s, 2 h
  for (std::size_t i = 0; i < timers.size(); ++i) {
    timers[i].count = &fired;
    timers[i].set_deadline(deadlines[i]);
    timers[i].on_fire = [](reactor_internal::CallbackTimer* n) noexcept { ++*static_cast<Counting*>(n)->count; };
    wheel.arm(&timers[i]);
  }
  std::uint64_t now = 0;
  int wakeups = 0;
  std::vector<std::uint64_t> fired_at;
  while (!wheel.empty()) {
    std::int64_t wait = wheel.ticks_until_next(now);
    ASSERT_GE(wait, 0);
    now += static_cast<std::uint64_t>(std::max<std::int64_t>(wait, 1));
    int before = fired;
    wheel.advance(now);
    ++wakeups;
    for (int i = before; i < fired; ++i) fired_at.push_back(now);
  }
  EXPECT_EQ(fired_at, (std::vector<std::uint64_t>{3'600'000, 3'600'500, 7'200'000}));
  EXPECT_LT(wakeups, 2000) << "2 hours of idle waiting should not cost a wakeup every 256 ms (28,000)";
}

TEST(TimerWheel, CancelledTimersNeverFire) {
  reactor_internal::TimerWheel wheel(0, &run_callback);
  int fired = 0;
  struct Counting : reactor_internal::CallbackTimer {
    int* count;
  };
  std::vector<Counting> timers(1000);
  for (std::size_t i = 0; i < timers.size(); ++i) {
    timers[i].count = &fired;
    timers[i].set_deadline(i * 37);
    timers[i].on_fire = [](reactor_internal::CallbackTimer* n) noexcept { ++*static_cast<Counting*>(n)->count; };
    wheel.arm(&timers[i]);
  }
  for (std::size_t i = 0; i < timers.size(); i += 2) wheel.cancel(&timers[i]);
  wheel.advance(1'000'000);
  EXPECT_EQ(fired, 500);
  EXPECT_TRUE(wheel.empty());
}

TEST(Sleep, WakesInDeadlineOrderAndNeverEarly) {
  Reactor reactor;
  std::vector<int> order;
  std::vector<int> early;
  auto sleeper = [&](int ms) -> Task<void> {
    auto deadline = Clock::now() + std::chrono::milliseconds(ms);
    co_await sleep_until(deadline);
    if (Clock::now() < deadline) early.push_back(ms);
    order.push_back(ms);
  };
  reactor.run([&]() -> Task<void> {
    TaskGroup group;
    for (int ms : {40, 5, 25, 15, 1, 30, 10, 20, 35})  // 5 ms apart: distinct ticks
      group.spawn(sleeper(ms));
    co_await group.join();
  }());
  EXPECT_TRUE(early.empty());
  EXPECT_TRUE(std::is_sorted(order.begin(), order.end())) << ::testing::PrintToString(order);
  EXPECT_EQ(order.size(), 9u);
}

TEST(Sleep, ManyTimersShareWakeups) {
  // 100,000 sleepers spread over 300 ms: 1 ms ticks coalesce them into <= ~300 polls.
  Reactor reactor;
  constexpr int kSleepers = 100'000;
  int woke = 0;
  auto sleeper = [&](int i) -> Task<void> {
    co_await sleep_for(std::chrono::microseconds(i * 3));
    ++woke;
  };
  auto start = Clock::now();
  reactor.run([&]() -> Task<void> {
    TaskGroup group;
    for (int i = 0; i < kSleepers; ++i) group.spawn(sleeper(i));
    co_await group.join();
  }());
  auto elapsed = Clock::now() - start;
  EXPECT_EQ(woke, kSleepers);
  EXPECT_LT(reactor.stats().polls, 1000u) << "timers were not coalesced";
  EXPECT_GE(reactor.stats().timers_fired, static_cast<std::uint64_t>(kSleepers) * 9 / 10);
  EXPECT_LT(elapsed, 5s);
}

TEST(Sleep, CancellingASleepingTaskWakesItWithCancelled) {
  Reactor reactor;
  bool saw_cancelled = false;
  auto start = Clock::now();
  reactor.run([&]() -> Task<void> {
    TaskGroup group;
    auto child0 = [&]() -> Task<void> {
      try {
        co_await sleep_for(10s);
      } catch (const Cancelled&) {
        saw_cancelled = true;
        throw;
      }
    };
    group.spawn(child0());
    co_await sleep_for(5ms);
    group.cancel();
    co_await group.join();
  }());
  EXPECT_TRUE(saw_cancelled);
  EXPECT_LT(Clock::now() - start, 1s);
}

TEST(Sleep, ACancelledTaskKeepsSeeingCancelledAtEverySuspension) {
  Reactor reactor;
  int cancellations = 0;
  reactor.run([&]() -> Task<void> {
    TaskGroup group;
    auto child1 = [&]() -> Task<void> {
      for (int i = 0; i < 3; ++i) {
        try {
          co_await sleep_for(10s);
        } catch (const Cancelled&) {
          ++cancellations;
        }
      }
    };
    group.spawn(child1());
    co_await sleep_for(1ms);
    group.cancel();
    co_await group.join();
  }());
  EXPECT_EQ(cancellations, 3);
}

TEST(Sleep, ZeroAndPastDeadlinesArmNoTimerAndTheFarFutureStillCancels) {
  // The awaiter keeps its deadline in 52 bits of microseconds until it is armed.
  Reactor reactor;
  bool far_cancelled = false;
  reactor.run([&]() -> Task<void> {
    co_await sleep_for(0ms);
    co_await sleep_for(-5ms);
    co_await sleep_until(Clock::now() - 1s);
    co_await sleep_until(Clock::time_point::min());
    EXPECT_EQ(Reactor::current().stats().timers_fired, 0u);
    TaskGroup group;
    auto forever = [&]() -> Task<void> {
      try {
        co_await sleep_until(Clock::time_point::max());
      } catch (const Cancelled&) {
        far_cancelled = true;
      }
    };
    group.spawn(forever());
    auto deadline = Clock::now() + 3ms;
    co_await sleep_until(deadline);
    EXPECT_GE(Clock::now(), deadline);
    group.cancel();
    co_await group.join();
  }());
  EXPECT_TRUE(far_cancelled);
}

}  // namespace
}  // namespace concur

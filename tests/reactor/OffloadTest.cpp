#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>

#include "concur/reactor.h"

using namespace std::chrono_literals;

namespace concur {
namespace {

TEST(Offload, ReturnsTheResultOnTheReactorThread) {
  Reactor reactor;
  const auto reactor_thread = std::this_thread::get_id();
  std::thread::id worker_thread, resumed_on;
  int value = reactor.run([&]() -> Task<int> {
    int v = co_await offload([&] {
      worker_thread = std::this_thread::get_id();
      return 6 * 7;
    });
    resumed_on = std::this_thread::get_id();
    co_return v;
  }());
  EXPECT_EQ(value, 42);
  EXPECT_NE(worker_thread, reactor_thread);
  EXPECT_EQ(resumed_on, reactor_thread);
}

TEST(Offload, RethrowsTheFunctionsException) {
  Reactor reactor;
  auto body = []() -> Task<void> { co_await offload([] { throw std::out_of_range("from worker"); }); };
  try {
    reactor.run(body());
    FAIL() << "no exception";
  } catch (const std::out_of_range& e) {
    EXPECT_STREQ(e.what(), "from worker");
  }
}

TEST(Offload, TheReactorKeepsServingTasksWhileWorkRuns) {
  Reactor reactor;
  int ticks = 0;
  reactor.run([&]() -> Task<void> {
    TaskGroup group;
    std::atomic<bool> done{false};
    auto ticker = [&]() -> Task<void> {
      while (!done) {
        co_await sleep_for(1ms);
        ++ticks;
      }
    };
    group.spawn(ticker());
    co_await offload([] { std::this_thread::sleep_for(50ms); });
    done = true;
    co_await group.join();
  }());
  EXPECT_GE(ticks, 10);
}

TEST(Offload, ManyConcurrentJobsAllComplete) {
  Reactor reactor;
  long total = 0;
  reactor.run([&]() -> Task<void> {
    TaskGroup group;
    auto job = [](long i, long& sum) -> Task<void> { sum += co_await offload([i] { return i * i; }); };
    for (long i = 0; i < 1000; ++i) group.spawn(job(i, total));
    co_await group.join();
  }());
  EXPECT_EQ(total, 999L * 1000 * 1999 / 6);
}

TEST(Offload, ACancelledTaskSeesCancelledWhenTheWorkReturns) {
  Reactor reactor;
  bool finished_work = false;
  auto body = [&]() -> Task<void> {
    co_await with_timeout(5ms, [](bool& flag) -> Task<void> {
      co_await offload([&flag] {
        std::this_thread::sleep_for(30ms);
        flag = true;
      });
    }(finished_work));
  };
  EXPECT_THROW(reactor.run(body()), TimeoutError);
  EXPECT_TRUE(finished_work);  // a running function is never abandoned mid-flight
}

}  // namespace
}  // namespace concur

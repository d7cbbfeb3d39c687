#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "concur/reactor.h"

using namespace std::chrono_literals;

namespace concur {
namespace {

Task<int> answer() { co_return 42; }
Task<int> add_one(int x) { co_return co_await answer() + x; }
Task<void> fail() {
  throw std::runtime_error("boom");
  co_return;
}
Task<long> sum_deep(long n) {
  if (n == 0) co_return 0;
  co_return n + co_await sum_deep(n - 1);
}

TEST(Task, RunReturnsTheTaskValue) {
  Reactor reactor;
  EXPECT_EQ(reactor.run(add_one(1)), 43);
}

TEST(Task, IsLazyUntilAwaited) {
  bool started = false;
  auto make = [&]() -> Task<void> {
    started = true;
    co_return;
  };
  Task<void> t = make();
  EXPECT_FALSE(started);
  Reactor reactor;
  reactor.run(std::move(t));
  EXPECT_TRUE(started);
}

TEST(Task, ExceptionsPropagateThroughAwaitAndRun) {
  Reactor reactor;
  auto outer = []() -> Task<std::string> {
    try {
      co_await fail();
    } catch (const std::runtime_error& e) {
      co_return std::string("caught ") + e.what();
    }
    co_return "not thrown";
  };
  EXPECT_EQ(reactor.run(outer()), "caught boom");
  EXPECT_THROW(reactor.run(fail()), std::runtime_error);
}

TEST(Task, DeepSynchronousChainsDoNotOverflowTheStack) {
  // Symmetric transfer keeps resumption off the stack: 100k nested awaits.
  Reactor reactor;
  EXPECT_EQ(reactor.run(sum_deep(100'000)), 100'000L * 100'001 / 2);
}

TEST(Task, RunIsNotReentrant) {
  Reactor reactor;
  auto nested = [&]() -> Task<void> {
    Reactor inner;
    inner.run(answer());
    co_return;
  };
  EXPECT_THROW(reactor.run(nested()), std::logic_error);
}

TEST(Task, DeadlockIsReportedAfterTheStuckTasksUnwound) {
  Reactor reactor;
  auto resource = std::make_shared<int>(1);
  std::weak_ptr<int> watch = resource;
  auto waiter = [](Channel<int>& ch, std::shared_ptr<int> held) -> Task<void> {
    co_await ch.recv();  // nobody will ever send
    (void)held;
  };
  auto stuck = [&]() -> Task<void> {
    Channel<int> ch(1);
    TaskGroup group;
    group.spawn(waiter(ch, std::move(resource)));
    group.spawn(waiter(ch, nullptr));
    co_await group.join();
  };
  try {
    reactor.run(stuck());
    FAIL() << "no deadlock reported";
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("deadlock"), std::string::npos);
  }
  EXPECT_TRUE(watch.expired()) << "the stuck tasks were not unwound";
  EXPECT_EQ(reactor.run(answer()), 42);  // still usable
}

TEST(Task, ReactorCanRunSeveralTimes) {
  Reactor reactor;
  for (int i = 0; i < 3; ++i) {
    auto t = [](int v) -> Task<int> {
      co_await sleep_for(1ms);
      co_return v;
    };
    EXPECT_EQ(reactor.run(t(i)), i);
  }
}

}  // namespace
}  // namespace concur

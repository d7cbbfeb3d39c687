#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "concur/reactor.h"

using namespace std::chrono_literals;

namespace concur {
namespace {

TEST(Channel, SendSuspendsWhenFullUntilAReceiverMakesRoom) {
  Reactor reactor;
  std::vector<std::string> events;
  reactor.run([&]() -> Task<void> {
    Channel<int> ch(2);
    TaskGroup group;
    auto child0 = [&]() -> Task<void> {
      for (int i = 0; i < 5; ++i) {
        co_await ch.send(i);
        events.push_back("sent " + std::to_string(i));
      }
      ch.close();
    };
    group.spawn(child0());
    co_await sleep_for(5ms);  // the producer fills the channel and blocks on the third send
    events.push_back("consumer starts");
    while (auto v = co_await ch.recv()) events.push_back("got " + std::to_string(*v));
    co_await group.join();
  }());
  ASSERT_GE(events.size(), 3u);
  EXPECT_EQ(events[0], "sent 0");
  EXPECT_EQ(events[1], "sent 1");
  EXPECT_EQ(events[2], "consumer starts");
  std::vector<std::string> got;
  for (auto& e : events)
    if (e.rfind("got", 0) == 0) got.push_back(e);
  EXPECT_EQ(got, (std::vector<std::string>{"got 0", "got 1", "got 2", "got 3", "got 4"}));
}

TEST(Channel, WaitingSendersAreServedInOrder) {
  Reactor reactor;
  std::vector<int> received;
  reactor.run([&]() -> Task<void> {
    Channel<int> ch(1);
    TaskGroup group;
    for (int p = 0; p < 4; ++p)
      group.spawn([](Channel<int>& c, int id) -> Task<void> { co_await c.send(id); }(ch, p));
    co_await sleep_for(2ms);
    for (int i = 0; i < 4; ++i) received.push_back(*co_await ch.recv());
    co_await group.join();
  }());
  EXPECT_EQ(received, (std::vector<int>{0, 1, 2, 3}));
}

TEST(Channel, RecvBatchTakesEverythingQueuedUpToMax) {
  Reactor reactor;
  std::vector<std::size_t> batch_sizes;
  reactor.run([&]() -> Task<void> {
    Channel<int> ch(100);
    for (int i = 0; i < 10; ++i) co_await ch.send(i);
    auto first = co_await ch.recv_batch(4);
    EXPECT_EQ(first, (std::vector<int>{0, 1, 2, 3}));
    auto rest = co_await ch.recv_batch(100);
    EXPECT_EQ(rest.size(), 6u);
    EXPECT_EQ(rest.front(), 4);

    // Empty: waits for the first value, then also takes what arrived before it resumed.
    TaskGroup group;
    auto child1 = [&]() -> Task<void> {
      co_await sleep_for(2ms);
      for (int i = 0; i < 5; ++i) co_await ch.send(100 + i);
      ch.close();
    };
    group.spawn(child1());
    for (;;) {
      auto batch = co_await ch.recv_batch(64);
      if (batch.empty()) break;
      batch_sizes.push_back(batch.size());
    }
    co_await group.join();
  }());
  EXPECT_EQ(batch_sizes, (std::vector<std::size_t>{5}));
}

TEST(Channel, CloseDrainsThenEndsAndRefusesSenders) {
  Reactor reactor;
  reactor.run([&]() -> Task<void> {
    Channel<std::string> ch(4);
    co_await ch.send("a");
    co_await ch.send("b");
    ch.close();
    EXPECT_EQ(co_await ch.recv(), std::optional<std::string>("a"));
    EXPECT_EQ(co_await ch.recv(), std::optional<std::string>("b"));
    EXPECT_EQ(co_await ch.recv(), std::nullopt);
    EXPECT_THROW(co_await ch.send("c"), ChannelClosed);
  }());
}

TEST(Channel, CloseFailsSuspendedSenders) {
  Reactor reactor;
  bool refused = false;
  reactor.run([&]() -> Task<void> {
    Channel<int> ch(1);
    co_await ch.send(1);
    TaskGroup group;
    auto child2 = [&]() -> Task<void> {
      try {
        co_await ch.send(2);  // full: suspends
      } catch (const ChannelClosed&) {
        refused = true;
      }
    };
    group.spawn(child2());
    co_await sleep_for(1ms);
    ch.close();
    co_await group.join();
  }());
  EXPECT_TRUE(refused);
}

TEST(Channel, CancellingAWaitingReceiverRemovesIt) {
  Reactor reactor;
  reactor.run([&]() -> Task<void> {
    Channel<int> ch(1);
    EXPECT_THROW(co_await with_timeout(2ms, [&]() -> Task<void> { co_await ch.recv(); }()), TimeoutError);
    co_await ch.send(7);  // must not be handed to the cancelled receiver
    EXPECT_EQ(ch.size(), 1u);
    EXPECT_EQ(co_await ch.recv(), std::optional<int>(7));
  }());
}

TEST(Channel, ZeroCapacityIsRejected) { EXPECT_THROW(Channel<int>(0), std::invalid_argument); }

}  // namespace
}  // namespace concur

// What the runtime checks in reactors (concur/reactor_checks.h): reactor sockets
// explained with their creation site, per-task allocation budgets, reactors
// destroyed with leftovers.
#include <concur/reactor.h>
#include <concur/reactor_checks.h>
#include <concur/testing.h>

#include <gtest/gtest-spi.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <optional>
#include <string>

#include "user_app/reactor/listener_factory.h"

using namespace std::chrono_literals;

namespace {

using namespace concur;
using namespace concur::testing;
using ::testing::HasSubstr;
using ::testing::Not;

// "reactor_checks_test.cpp:<line>", as the hooks name a creation site.
std::string Here(int line) { return "reactor_checks_test.cpp:" + std::to_string(line); }

void* volatile g_sink;

class ReactorChecks : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NE(reactor_observer(), nullptr) << "concur::runtime installs its observer";
    take_task_budget_violations();
    take_destroyed_reactor_reports();
  }
};

// An echo round trip whose client stream is kept (leaked) past the block.
TEST_F(ReactorChecks, ALeakedReactorSocketIsExplainedWithWhereItWasCreated) {
  std::optional<TcpStream> kept;
  int connect_line = 0;
  auto echo_and_leak = [&] {
    Reactor reactor;
    reactor.run([&]() -> Task<void> {
      TcpListener listener = TcpListener::bind("127.0.0.1", 0);
      connect_line = __LINE__ + 1;
      TcpStream client = co_await TcpStream::connect("127.0.0.1", listener.local_port());
      TcpStream server = co_await listener.accept();
      co_await client.write_all("ping");
      std::byte buf[4];
      std::size_t got = 0;
      while (got < 4) got += co_await server.read_some(std::span(buf).subspan(got));
      co_await server.write_all(std::span<const std::byte>(buf, 4));
      got = 0;
      while (got < 4) got += co_await client.read_some(std::span(buf).subspan(got));
      kept.emplace(std::move(client));
    }());
  };
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block(echo_and_leak), DoesNotLeakSockets()),
                          "leaked TCP socket fd");
  ASSERT_TRUE(kept.has_value());
  kept->close();
  kept.reset();

  // The message itself: the creation site is this file, at the connect.
  std::string message;
  {
    auto leak_again = [&] {
      Reactor reactor;
      reactor.run([&]() -> Task<void> {
        TcpListener listener = TcpListener::bind("127.0.0.1", 0);
        connect_line = __LINE__ + 1;
        TcpStream client = co_await TcpStream::connect("127.0.0.1", listener.local_port());
        TcpStream server = co_await listener.accept();
        kept.emplace(std::move(client));
      }());
    };
    ::testing::StringMatchResultListener listener;
    EXPECT_FALSE(::testing::ExplainMatchResult(DoesNotLeakSockets(), Block(leak_again), &listener));
    message = listener.str();
  }
  kept.reset();
  EXPECT_THAT(message, ::testing::MatchesRegex(".*leaked TCP socket fd [0-9]+ 127\\.0\\.0\\.1:[0-9]+ -> "
                                               "127\\.0\\.0\\.1:[0-9]+.*, created at .*"));
  EXPECT_THAT(message, HasSubstr("created at " + Here(connect_line))) << message;
}

TEST_F(ReactorChecks, AListenerLeakedFromAReactorNamesTheBindLine) {
  std::optional<TcpListener> kept;
  int bind_line = 0;
  // Outside the EXPECT macro: code in a macro's arguments has the macro's line.
  auto leak = [&] {
    bind_line = __LINE__ + 1;
    kept.emplace(TcpListener::bind("127.0.0.1", 0));
  };
  ::testing::StringMatchResultListener why;
  EXPECT_FALSE(::testing::ExplainMatchResult(DoesNotLeakSockets(), Block(leak), &why));
  EXPECT_THAT(why.str(), HasSubstr("created at " + Here(bind_line))) << why.str();
  kept.reset();
}

// concur's frames are told apart by namespace, not by path: a user's own
// reactor/ directory and namespace are still the user's.
TEST_F(ReactorChecks, AUserFrameIsNamedEvenInADirectoryAndNamespaceCalledReactor) {
  std::optional<TcpListener> kept;
  int factory_line = 0;
  auto leak = [&] { kept.emplace(user_app::reactor::open_listener(factory_line)); };
  ::testing::StringMatchResultListener why;
  EXPECT_FALSE(::testing::ExplainMatchResult(DoesNotLeakSockets(), Block(leak), &why));
  EXPECT_THAT(why.str(), HasSubstr("created at listener_factory.cpp:" + std::to_string(factory_line))) << why.str();
  kept.reset();
}

TEST_F(ReactorChecks, AReactorThatClosesItsSocketsPassesAndOtherSocketsKeepTheirMessage) {
  EXPECT_THAT(Block([] {
                Reactor reactor;
                reactor.run([]() -> Task<void> {
                  TcpListener listener = TcpListener::bind("127.0.0.1", 0);
                  TcpStream client = co_await TcpStream::connect("127.0.0.1", listener.local_port());
                  TcpStream server = co_await listener.accept();
                }());
              }),
              DoesNotLeakSockets());
  // A socket the reactor did not make: today's message, no creation site.
  int fd = -1;
  ::testing::StringMatchResultListener why;
  EXPECT_FALSE(::testing::ExplainMatchResult(DoesNotLeakSockets(), Block([&] {
                                               fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
                                             }),
                                             &why));
  EXPECT_THAT(why.str(), HasSubstr("leaked TCP socket fd " + std::to_string(fd)));
  EXPECT_THAT(why.str(), Not(HasSubstr("created at")));
  close(fd);
}

TEST_F(ReactorChecks, ATaskOverItsAllocationBudgetIsReportedWithItsName) {
  bool budget_set = false;
  auto greedy = [&]() -> Task<void> {
    budget_set = set_task_allocation_budget({.count = 1, .largest = 64});
    for (int i = 0; i < 3; ++i) {
      int* p = new int[32];  // 128 bytes each
      g_sink = p;
      delete[] p;
    }
    co_return;
  };
  Reactor reactor;
  reactor.run([&]() -> Task<void> {
    TaskGroup group;
    group.spawn(greedy(), "greedy");
    co_await group.join();
  }());
  ASSERT_TRUE(budget_set);
  std::vector<TaskBudgetViolation> v = take_task_budget_violations();
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].task_name, "greedy");
  EXPECT_GE(v[0].count, 3u);
  EXPECT_GE(v[0].bytes, 3 * 128u);
  EXPECT_EQ(v[0].largest, 128u);
  EXPECT_EQ(v[0].budget.count, 1u);
  EXPECT_THAT(describe(v[0]), ::testing::MatchesRegex("task \"greedy\" \\(#[0-9]+\\) went over its allocation "
                                                      "budget: 3 allocations \\(limit 1\\), 384 bytes, largest "
                                                      "128 \\(limit 64\\)"));
}

TEST_F(ReactorChecks, ATaskWithinItsBudgetIsNotReportedNorAreOtherTasksCounted) {
  bool budget_set = false;
  auto frugal = [&]() -> Task<void> {
    budget_set = set_task_allocation_budget({.count = 10, .bytes = 4096});
    int* p = new int(1);
    g_sink = p;
    delete p;
    co_return;
  };
  auto unbudgeted = [&]() -> Task<void> {
    for (int i = 0; i < 100; ++i) {
      int* p = new int[100];
      g_sink = p;
      delete[] p;
    }
    co_return;
  };
  Reactor reactor;
  reactor.run([&]() -> Task<void> {
    TaskGroup group;
    group.spawn(frugal(), "frugal");
    group.spawn(unbudgeted(), "unbudgeted");
    co_await group.join();
  }());
  EXPECT_TRUE(budget_set);
  EXPECT_TRUE(take_task_budget_violations().empty());
  EXPECT_FALSE(set_task_allocation_budget({.count = 1})) << "outside a task";
}

TEST_F(ReactorChecks, AReactorDestroyedWithAnOpenSocketIsReported) {
  const int bind_line = __LINE__ + 1;
  TcpListener listener = TcpListener::bind("127.0.0.1", 0);
  {
    Reactor reactor;
    reactor.run([&]() -> Task<void> {
      auto accept_one = [&]() -> Task<void> { TcpStream server = co_await listener.accept(); };
      TaskGroup group;
      group.spawn(accept_one());  // registers the listener with this reactor
      co_await sleep_for(1ms);
      TcpStream client = co_await TcpStream::connect("127.0.0.1", listener.local_port());
      co_await group.join();
    }());
  }
  std::vector<DestroyedReactorReport> reports = take_destroyed_reactor_reports();
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].leftovers.open_sockets, 1u);
  EXPECT_EQ(reports[0].leftovers.unfinished_tasks, 0u);
  ASSERT_EQ(reports[0].open_sockets.size(), 1u);
  EXPECT_THAT(describe(reports[0]),
              ::testing::MatchesRegex("reactor destroyed with 1 open socket and 0 unfinished tasks: TCP socket fd "
                                      "[0-9]+ 127\\.0\\.0\\.1:[0-9]+.*, created at .*"));
  EXPECT_THAT(reports[0].open_sockets[0], HasSubstr("created at " + Here(bind_line)));
  listener.close();
}

TEST_F(ReactorChecks, AReactorThatClosedEverythingIsNotReported) {
  {
    Reactor reactor;
    reactor.run([&]() -> Task<void> {
      TcpListener listener = TcpListener::bind("127.0.0.1", 0);
      TcpStream client = co_await TcpStream::connect("127.0.0.1", listener.local_port());
      TcpStream server = co_await listener.accept();
    }());
  }
  EXPECT_TRUE(take_destroyed_reactor_reports().empty());
}

}  // namespace

// The reactor's observer interface (concur/reactor/observer.h), seen by a test observer.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "concur/reactor.h"

using namespace std::chrono_literals;

namespace concur {
namespace {

class RecordingObserver : public ReactorObserver {
 public:
  void socket_opened(const SocketEvent& e) noexcept override {
    opened.push_back(e.fd);
    kinds.push_back(e.kind);
    stack_depths.push_back(e.creation_stack.size());
  }
  void socket_closed(int fd) noexcept override { closed.push_back(fd); }
  void task_switched(const TaskInfo* task) noexcept override {
    if (task && task->name) names.emplace_back(task->name);
  }
  void reactor_destroyed(const ReactorLeftovers& l) noexcept override { leftovers.push_back(l); }

  std::vector<int> opened, closed;
  std::vector<SocketKind> kinds;
  std::vector<std::size_t> stack_depths;
  std::vector<std::string> names;
  std::vector<ReactorLeftovers> leftovers;
};

class Observer : public ::testing::Test {
 protected:
  void SetUp() override { previous_ = set_reactor_observer(&observer_); }
  void TearDown() override { set_reactor_observer(previous_); }
  RecordingObserver observer_;
  ReactorObserver* previous_ = nullptr;
};

TEST_F(Observer, SocketsAreAnnouncedWithTheirCreationStackAndClosed) {
  Reactor reactor;
  reactor.run([]() -> Task<void> {
    auto listener = TcpListener::bind("127.0.0.1", 0);
    TcpStream client = co_await TcpStream::connect("127.0.0.1", listener.local_port());
    TcpStream server = co_await listener.accept();
  }());
  ASSERT_EQ(observer_.opened.size(), 3u);
  EXPECT_EQ(observer_.kinds[0], SocketKind::tcp_listener);
  EXPECT_EQ(observer_.kinds[1], SocketKind::tcp_stream);
  for (std::size_t depth : observer_.stack_depths) EXPECT_GT(depth, 2u);
  auto sorted = [](std::vector<int> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  EXPECT_EQ(sorted(observer_.closed), sorted(observer_.opened));
}

TEST_F(Observer, TaskSwitchesNameTheRunningTask) {
  Reactor reactor;
  std::string seen_inside;
  auto child = [&]() -> Task<void> {
    co_await sleep_for(1ms);
    if (const TaskInfo* t = current_task()) seen_inside = t->name ? t->name : "";
  };
  reactor.run([&]() -> Task<void> {
    TaskGroup group;
    group.spawn(child(), "worker");
    co_await group.join();
  }());
  EXPECT_EQ(seen_inside, "worker");
  EXPECT_NE(std::find(observer_.names.begin(), observer_.names.end(), "worker"), observer_.names.end());
  EXPECT_EQ(current_task(), nullptr);
}

TEST_F(Observer, AReactorDestroyedWithOpenSocketsReportsThem) {
  TcpListener listener = TcpListener::bind("127.0.0.1", 0);
  {
    Reactor reactor;
    reactor.run([&]() -> Task<void> {
      auto accept_one = [&]() -> Task<void> { TcpStream server = co_await listener.accept(); };
      TaskGroup group;
      group.spawn(accept_one());  // waits on the listener, which registers it
      co_await sleep_for(1ms);
      TcpStream client = co_await TcpStream::connect("127.0.0.1", listener.local_port());
      co_await group.join();
    }());
  }
  ASSERT_EQ(observer_.leftovers.size(), 1u);
  EXPECT_EQ(observer_.leftovers[0].open_sockets, 1u);  // the listener outlives the reactor
  EXPECT_EQ(observer_.leftovers[0].unfinished_tasks, 0u);
  listener.close();  // safe after the reactor is gone
}

}  // namespace
}  // namespace concur

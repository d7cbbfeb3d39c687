#include <gtest/gtest.h>

#include "echo/echo_server.h"
#include "http/http_server.h"

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace concur {
namespace {

TEST(HttpExample, ThousandFastRequestsFinishPromptlyWhileSlowOnesArePending) {
  constexpr int kSlow = 50, kFastConnections = 10, kFastPerConnection = 100;
  constexpr auto kSlowUpstream = 1500ms;
  const examples::HttpRouter router = examples::demo_router(kSlowUpstream);
  Reactor reactor;
  int slow_done = 0, fast_done = 0, slow_done_when_fast_finished = -1;
  Clock::duration fast_elapsed{};
  auto body = [&]() -> Task<void> {
    auto listener = TcpListener::bind("127.0.0.1", 0);
    const std::uint16_t port = listener.local_port();
    TaskGroup server;
    server.spawn(examples::serve_http(listener, router));

    auto slow_client = [&]() -> Task<void> {
      TcpStream s = co_await TcpStream::connect("127.0.0.1", port);
      auto r = co_await examples::http_get(s, "/slow");
      EXPECT_EQ(r.body, "slow\n");
      ++slow_done;
    };
    auto fast_client = [&]() -> Task<void> {
      TcpStream s = co_await TcpStream::connect("127.0.0.1", port);  // keep-alive: one connection
      for (int i = 0; i < kFastPerConnection; ++i) {
        auto r = co_await examples::http_get(s, "/fast");
        EXPECT_EQ(r.status, 200);
        ++fast_done;
      }
    };
    TaskGroup slow;
    for (int i = 0; i < kSlow; ++i) slow.spawn(slow_client());
    co_await sleep_for(20ms);  // the slow requests are in and waiting on their upstream

    auto start = Clock::now();
    TaskGroup fast;
    for (int i = 0; i < kFastConnections; ++i) fast.spawn(fast_client());
    co_await fast.join();
    fast_elapsed = Clock::now() - start;
    slow_done_when_fast_finished = slow_done;

    co_await slow.join();
    server.cancel();
    co_await server.join();
  };
  reactor.run(with_timeout(20s, body()));
  EXPECT_EQ(fast_done, kFastConnections * kFastPerConnection);
  EXPECT_EQ(slow_done_when_fast_finished, 0) << "fast requests waited for slow ones";
  const auto fast_ms = std::chrono::duration_cast<std::chrono::milliseconds>(fast_elapsed).count();
  RecordProperty("fast_requests_ms", static_cast<int>(fast_ms));
  EXPECT_LT(fast_elapsed, 1s) << fast_ms << " ms";
  EXPECT_EQ(slow_done, kSlow);
}

TEST(HttpExample, CpuHandlerRunsOnTheOffloadPoolWhileFastRequestsAreServed) {
  const examples::HttpRouter router = examples::demo_router(10ms);
  Reactor reactor;
  int fast_during_cpu = 0;
  std::string cpu_body;
  auto body = [&]() -> Task<void> {
    auto listener = TcpListener::bind("127.0.0.1", 0);
    const std::uint16_t port = listener.local_port();
    TaskGroup server;
    server.spawn(examples::serve_http(listener, router));
    bool cpu_finished = false;
    auto cpu_client = [&]() -> Task<void> {
      TcpStream s = co_await TcpStream::connect("127.0.0.1", port);
      cpu_body = (co_await examples::http_get(s, "/cpu?n=1500000")).body;
      cpu_finished = true;
    };
    TaskGroup cpu;
    cpu.spawn(cpu_client());
    co_await sleep_for(5ms);
    TcpStream s = co_await TcpStream::connect("127.0.0.1", port);
    while (!cpu_finished && fast_during_cpu < 10'000) {
      co_await examples::http_get(s, "/fast");
      ++fast_during_cpu;
    }
    co_await cpu.join();
    server.cancel();
    co_await server.join();
  };
  reactor.run(with_timeout(30s, body()));
  EXPECT_EQ(cpu_body, "114155\n");
  EXPECT_GT(fast_during_cpu, 10) << "the CPU handler blocked the reactor";
}

TEST(HttpExample, MalformedRequestsGet400AndUnknownPaths404) {
  const examples::HttpRouter router = examples::demo_router(10ms);
  Reactor reactor;
  reactor.run(with_timeout(10s, [&]() -> Task<void> {
    auto listener = TcpListener::bind("127.0.0.1", 0);
    TaskGroup server;
    server.spawn(examples::serve_http(listener, router));
    TcpStream s = co_await TcpStream::connect("127.0.0.1", listener.local_port());
    EXPECT_EQ((co_await examples::http_get(s, "/nowhere")).status, 404);
    TcpStream bad = co_await TcpStream::connect("127.0.0.1", listener.local_port());
    co_await bad.write_all(std::string_view("NONSENSE\r\n\r\n"));
    std::string reply;
    std::byte buffer[512];
    while (std::size_t n = co_await bad.read_some(buffer)) reply.append(reinterpret_cast<const char*>(buffer), n);
    EXPECT_EQ(reply.rfind("HTTP/1.1 400", 0), 0u) << reply;
    server.cancel();
    co_await server.join();
  }()));
}

TEST(EchoExample, EchoesAndShutsDownCleanly) {
  Reactor reactor;
  reactor.run(with_timeout(10s, []() -> Task<void> {
    auto listener = TcpListener::bind("127.0.0.1", 0);
    TaskGroup server;
    server.spawn(examples::serve_echo(listener));
    TcpStream s = co_await TcpStream::connect("127.0.0.1", listener.local_port());
    co_await s.write_all(std::string_view("ping"));
    std::byte buffer[4];
    std::size_t got = 0;
    while (got < 4) got += co_await s.read_some(std::span(buffer).subspan(got));
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(buffer), 4), "ping");
    server.cancel();
    co_await server.join();
  }()));
}

}  // namespace
}  // namespace concur

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <cerrno>
#include <random>
#include <system_error>

#include "TcpTestSupport.h"

using namespace std::chrono_literals;

namespace concur {
namespace {

using testing::echo_server;
using testing::fnv1a;
using testing::make_message;
using testing::read_exactly;

Task<std::size_t> ping_pong_client(std::uint16_t port, std::size_t conn, std::size_t messages) {
  TcpStream s = co_await TcpStream::connect("127.0.0.1", port);
  std::mt19937 rng(static_cast<unsigned>(conn));
  std::size_t bytes = 0;
  std::vector<std::byte> reply;
  for (std::size_t seq = 0; seq < messages; ++seq) {
    auto msg = make_message(conn, seq, 1 + rng() % 8192);
    co_await s.write_all(msg);
    reply.resize(msg.size());
    EXPECT_TRUE(co_await read_exactly(s, reply));
    EXPECT_EQ(fnv1a(reply), fnv1a(msg)) << "connection " << conn << " message " << seq;
    bytes += msg.size();
  }
  s.shutdown_write();
  std::byte end[1];
  EXPECT_EQ(co_await s.read_some(end), 0u);
  co_return bytes;
}

/// Writer and reader run concurrently on one stream: everything pipelined.
Task<void> pipelined_client(std::uint16_t port, std::size_t conn, std::size_t messages, std::size_t& bytes_ok) {
  TcpStream s = co_await TcpStream::connect("127.0.0.1", port);
  std::uint64_t sent_hash = fnv1a({}), received_hash = fnv1a({});
  std::size_t sent = 0, received = 0;
  auto writer = [&]() -> Task<void> {
    for (std::size_t seq = 0; seq < messages; ++seq) {
      auto msg = make_message(conn, seq, 64 + seq % 4000);
      sent_hash = fnv1a(msg, sent_hash);
      sent += msg.size();
      co_await s.write_all(msg);
    }
    s.shutdown_write();
  };
  auto reader = [&]() -> Task<void> {
    std::vector<std::byte> buffer(8192);
    for (;;) {
      std::size_t n = co_await s.read_some(buffer);
      if (n == 0) break;
      received_hash = fnv1a(std::span(buffer).first(n), received_hash);
      received += n;
    }
  };
  TaskGroup both;
  both.spawn(writer());
  both.spawn(reader());
  co_await both.join();
  EXPECT_EQ(received, sent);
  EXPECT_EQ(received_hash, sent_hash);
  if (received == sent && received_hash == sent_hash) bytes_ok += received;
}

TEST(Tcp, EchoKeepsEveryByteAcrossManyConnections) {
  Reactor reactor;
  const std::size_t fds_before = testing::open_fd_count();
  constexpr std::size_t kConnections = 40, kMessages = 50;
  std::size_t ping_pong_bytes = 0, pipelined_bytes = 0;
  auto body = [&]() -> Task<void> {
    auto listener = TcpListener::bind("127.0.0.1", 0);
    const std::uint16_t port = listener.local_port();
    TaskGroup server;
    server.spawn(echo_server(listener), "server");
    TaskGroup clients;
    auto ping = [&](std::size_t c) -> Task<void> { ping_pong_bytes += co_await ping_pong_client(port, c, kMessages); };
    for (std::size_t c = 0; c < kConnections; ++c) clients.spawn(ping(c));
    for (std::size_t c = 0; c < kConnections; ++c)
      clients.spawn(pipelined_client(port, 1000 + c, kMessages * 4, pipelined_bytes));
    co_await clients.join();
    server.cancel();
    co_await server.join();
  };
  reactor.run(with_timeout(30s, body()));
  EXPECT_GT(ping_pong_bytes, kConnections * kMessages * 1000);
  EXPECT_GT(pipelined_bytes, kConnections * kMessages * 4 * 64);
  EXPECT_EQ(testing::open_fd_count(), fds_before) << "sockets leaked";
}

TEST(Tcp, ConnectionRefusedNamesThePeer) {
  Reactor reactor;
  std::uint16_t port;
  {
    auto probe = TcpListener::bind("127.0.0.1", 0);
    port = probe.local_port();
  }
  try {
    reactor.run(TcpStream::connect("127.0.0.1", port));
    FAIL() << "connected to a closed port";
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code().value(), ECONNREFUSED);
    EXPECT_NE(std::string(e.what()).find("connect to 127.0.0.1:" + std::to_string(port)), std::string::npos) << e.what();
  }
}

TEST(Tcp, BindingAPortInUseNamesTheAddress) {
  auto first = TcpListener::bind("127.0.0.1", 0);
  try {
    auto second = TcpListener::bind("127.0.0.1", first.local_port());
    FAIL() << "bound twice";
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code().value(), EADDRINUSE);
    EXPECT_NE(std::string(e.what()).find("bind to 127.0.0.1:"), std::string::npos) << e.what();
  }
  EXPECT_THROW(TcpListener::bind("example.invalid", 0), std::invalid_argument);
}

TEST(Tcp, AnIPv6StreamNamesItsPeerInBrackets) {
  Reactor reactor;
  reactor.run([]() -> Task<void> {
    auto listener = TcpListener::bind("::1", 0);
    TcpStream client = co_await TcpStream::connect("::1", listener.local_port());
    TcpStream server = co_await listener.accept();
    EXPECT_EQ(client.peer_address(), "[::1]:" + std::to_string(listener.local_port()));
    EXPECT_EQ(server.peer_address(), "[::1]:" + std::to_string(client.local_port()));
  }());
}

TEST(Tcp, ConcurrentWritesOnOneStreamAreOrderedAndCoalesced) {
  Reactor reactor;
  constexpr std::size_t kWriters = 64, kChunk = 256 * 1024;
  auto body = [&]() -> Task<void> {
    auto listener = TcpListener::bind("127.0.0.1", 0);
    TcpStream client = co_await TcpStream::connect("127.0.0.1", listener.local_port());
    TcpStream server = co_await listener.accept();
    std::vector<std::vector<std::byte>> chunks;
    for (std::size_t i = 0; i < kWriters; ++i) chunks.emplace_back(kChunk, static_cast<std::byte>(i));
    TaskGroup writers;
    for (std::size_t i = 0; i < kWriters; ++i)
      writers.spawn([](TcpStream& s, std::span<const std::byte> c) -> Task<void> { co_await s.write_all(c); }(server, chunks[i]));
    co_await sleep_for(5ms);  // let the socket buffer fill and the writes queue up
    std::vector<std::byte> all(kWriters * kChunk);
    EXPECT_TRUE(co_await read_exactly(client, all));
    co_await writers.join();
    for (std::size_t i = 0; i < kWriters; ++i) {
      auto chunk = std::span(all).subspan(i * kChunk, kChunk);
      EXPECT_TRUE(std::all_of(chunk.begin(), chunk.end(), [i](std::byte b) { return b == static_cast<std::byte>(i); }))
          << "chunk " << i << " interleaved or out of order";
    }
  };
  reactor.run(with_timeout(10s, body()));
  EXPECT_GT(reactor.stats().writev_calls, 0u);
  EXPECT_LT(reactor.stats().writev_calls, kWriters) << "queued writes were not coalesced";
}

TEST(Tcp, ReadSomeReturnsZeroAtEndOfStream) {
  Reactor reactor;
  reactor.run([]() -> Task<void> {
    auto listener = TcpListener::bind("127.0.0.1", 0);
    TcpStream client = co_await TcpStream::connect("localhost", listener.local_port());
    TcpStream server = co_await listener.accept();
    EXPECT_EQ(server.peer_address(), "127.0.0.1:" + std::to_string(client.local_port()));
    co_await client.write_all(std::string_view("bye"));
    client.shutdown_write();
    std::byte buffer[16];
    std::size_t n = co_await server.read_some(buffer);
    EXPECT_EQ(n, 3u);
    EXPECT_EQ(co_await server.read_some(buffer), 0u);
  }());
}

TEST(Tcp, EndOfStreamQueuedBehindDataIsSeenAfterAShortRead) {
  // Data and FIN arrive together and epoll reports them once: a later read that stops
  // short at the FIN is followed by no further event, so the reader must not wait for one.
  Reactor reactor;
  std::vector<std::size_t> reads;
  reactor.run(with_timeout(5s, [&]() -> Task<void> {
    auto listener = TcpListener::bind("127.0.0.1", 0);
    TcpStream client = co_await TcpStream::connect("127.0.0.1", listener.local_port());
    TcpStream server = co_await listener.accept();
    auto reader = [&]() -> Task<void> {
      std::byte buffer[64];
      reads.push_back(co_await server.read_some(buffer));  // parked: the socket is registered
      co_await sleep_for(5ms);
      reads.push_back(co_await server.read_some(buffer));
      reads.push_back(co_await server.read_some(buffer));
    };
    TaskGroup group;
    group.spawn(reader());
    co_await sleep_for(2ms);
    std::vector<std::byte> data(100, std::byte{1});
    co_await client.write_all(data);
    client.shutdown_write();
    co_await group.join();
  }()));
  EXPECT_EQ(reads, (std::vector<std::size_t>{64, 36, 0}));
}

/// Echo that holds no buffer while idle: one shared buffer, copied only when a write
/// cannot complete at once.
Task<void> shared_buffer_echo(TcpStream s, std::span<std::byte> shared) {
  for (;;) {
    co_await s.wait_readable();
    std::optional<std::size_t> n = s.try_read(shared);
    if (!n) continue;  // spurious readiness
    if (*n == 0) break;
    std::size_t sent = s.try_write(shared.first(*n));
    if (sent < *n) {
      std::vector<std::byte> rest(shared.begin() + static_cast<std::ptrdiff_t>(sent),
                                  shared.begin() + static_cast<std::ptrdiff_t>(*n));
      co_await s.write_all(rest);
    }
  }
}

TEST(Tcp, WaitReadableWithTryReadAndTryWriteEchoesFromASharedBuffer) {
  Reactor reactor;
  std::vector<std::byte> shared(64 * 1024);
  std::size_t checked = 0;
  reactor.run(with_timeout(20s, [&]() -> Task<void> {
    auto listener = TcpListener::bind("127.0.0.1", 0);
    TaskGroup servers;
    auto client = [&](std::size_t c) -> Task<void> {
      TcpStream s = co_await TcpStream::connect("127.0.0.1", listener.local_port());
      std::vector<std::byte> reply;
      for (std::size_t seq = 0; seq < 30; ++seq) {
        auto msg = make_message(c, seq, 1 + (c * 7919 + seq * 104729) % 200'000);
        // Write and read concurrently: large messages exceed the socket buffers.
        auto writer = [](TcpStream& st, std::span<const std::byte> m) -> Task<void> { co_await st.write_all(m); };
        TaskGroup w;
        w.spawn(writer(s, msg));
        reply.resize(msg.size());
        EXPECT_TRUE(co_await read_exactly(s, reply));
        co_await w.join();
        EXPECT_EQ(fnv1a(reply), fnv1a(msg));
        ++checked;
      }
    };
    TaskGroup clients;
    for (std::size_t c = 0; c < 10; ++c) {
      clients.spawn(client(c));
      servers.spawn(shared_buffer_echo(co_await listener.accept(), shared));
    }
    co_await clients.join();
    co_await servers.join();  // the clients' streams closed: the servers end
  }()));
  EXPECT_EQ(checked, 300u);
}

TEST(Tcp, StreamsCloseOnDestruction) {
  const std::size_t before = testing::open_fd_count();
  {
    Reactor reactor;
    reactor.run([]() -> Task<void> {
      auto listener = TcpListener::bind("127.0.0.1", 0);
      for (int i = 0; i < 20; ++i) {
        TcpStream c = co_await TcpStream::connect("127.0.0.1", listener.local_port());
        TcpStream s = co_await listener.accept();
      }
    }());
  }
  EXPECT_EQ(testing::open_fd_count(), before);
}

}  // namespace
}  // namespace concur

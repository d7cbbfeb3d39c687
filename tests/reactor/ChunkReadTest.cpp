// TcpStream::read_chunk: reads into a buffer borrowed from the thread's pool only
// once data is there (the natural echo loop holds no buffer while idle).
#include <gtest/gtest.h>

#include <numeric>
#include <string>
#include <vector>

#include "concur/reactor.h"

using namespace std::chrono_literals;

namespace concur {
namespace {

Task<void> echo(TcpStream s) {
  while (Chunk chunk = co_await s.read_chunk()) co_await s.write_all(chunk.bytes());
}

TEST(ChunkRead, TheNaturalEchoLoopEchoesEveryByteInOrderAndEndsAtEndOfStream) {
  Reactor reactor;
  std::vector<std::byte> sent(1 << 20), received;
  std::iota(reinterpret_cast<unsigned char*>(sent.data()), reinterpret_cast<unsigned char*>(sent.data()) + sent.size(),
            static_cast<unsigned char>(0));
  reactor.run(with_timeout(10s, [&]() -> Task<void> {
    auto listener = TcpListener::bind("127.0.0.1", 0);
    TcpStream client = co_await TcpStream::connect("127.0.0.1", listener.local_port());
    TaskGroup group;
    group.spawn(echo(co_await listener.accept()), "echo");
    auto reader = [&]() -> Task<void> {
      while (Chunk chunk = co_await client.read_chunk()) {
        EXPECT_LE(chunk.size(), Chunk::kCapacity);
        received.insert(received.end(), chunk.bytes().begin(), chunk.bytes().end());
      }
    };
    group.spawn(reader(), "reader");
    co_await client.write_all(sent);
    client.shutdown_write();
    co_await group.join();
  }()));
  EXPECT_EQ(received, sent);
}

TEST(ChunkRead, ACancelledWaitingReadHoldsNoBufferAndThrowsCancelled) {
  Reactor reactor;
  bool cancelled = false;
  reactor.run(with_timeout(10s, [&]() -> Task<void> {
    auto listener = TcpListener::bind("127.0.0.1", 0);
    TcpStream client = co_await TcpStream::connect("127.0.0.1", listener.local_port());
    TcpStream server = co_await listener.accept();
    TaskGroup group;
    auto waiter = [&]() -> Task<void> {
      try {
        Chunk never = co_await server.read_chunk();
      } catch (const Cancelled&) {
        cancelled = true;
      }
    };
    group.spawn(waiter());
    co_await sleep_for(5ms);
    group.cancel();
    co_await group.join();
  }()));
  EXPECT_TRUE(cancelled);
}

TEST(ChunkRead, AClosedStreamFailsWithItsError) {
  Reactor reactor;
  reactor.run(with_timeout(10s, []() -> Task<void> {
    TcpStream closed;
    EXPECT_THROW(co_await closed.read_chunk(), std::system_error);
  }()));
}

TEST(ChunkRead, AChunkMovesAndOutlivesItsReactor) {
  Chunk kept;
  {
    Reactor reactor;
    reactor.run(with_timeout(10s, [&]() -> Task<void> {
      auto listener = TcpListener::bind("127.0.0.1", 0);
      TcpStream client = co_await TcpStream::connect("127.0.0.1", listener.local_port());
      TcpStream server = co_await listener.accept();
      co_await client.write_all(std::string_view("kept"));
      Chunk chunk = co_await server.read_chunk();
      kept = std::move(chunk);
      EXPECT_TRUE(chunk.empty());
    }()));
  }
  ASSERT_EQ(kept.size(), 4u);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(kept.bytes().data()), kept.size()), "kept");
}

}  // namespace
}  // namespace concur

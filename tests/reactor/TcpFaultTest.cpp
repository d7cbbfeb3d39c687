#include <gtest/gtest.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <arpa/inet.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <system_error>

#include "TcpTestSupport.h"

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace concur {
namespace {

using testing::read_exactly;

long resident_kib() {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == "VmRSS:") {
      long kib = 0;
      status >> kib;
      return kib;
    }
    status.ignore(4096, '\n');
  }
  return -1;
}

double cpu_seconds() {
  rusage ru{};
  ::getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

TEST(TcpFaults, PeerResetMidStreamThrowsWithErrnoAndPeer) {
  Reactor reactor;
  reactor.run(with_timeout(10s, []() -> Task<void> {
    auto listener = TcpListener::bind("127.0.0.1", 0);
    TcpStream client = co_await TcpStream::connect("127.0.0.1", listener.local_port());
    TcpStream server = co_await listener.accept();
    co_await client.write_all(std::string_view("partial"));
    std::byte buffer[64];
    EXPECT_EQ(co_await server.read_some(buffer), 7u);
    linger hard{1, 0};  // close with RST
    ::setsockopt(client.native_handle(), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    const std::string peer = server.peer_address();
    client.close();
    try {
      co_await server.read_some(buffer);
      ADD_FAILURE() << "no error after a reset";
    } catch (const std::system_error& e) {
      EXPECT_EQ(e.code().value(), ECONNRESET);
      EXPECT_NE(std::string(e.what()).find("read from " + peer), std::string::npos) << e.what();
    }
  }()));
}

TEST(TcpFaults, WritingToAClosedPeerThrowsEpipeInsteadOfRaisingSigpipe) {
  Reactor reactor;
  reactor.run(with_timeout(10s, []() -> Task<void> {
    auto listener = TcpListener::bind("127.0.0.1", 0);
    TcpStream client = co_await TcpStream::connect("127.0.0.1", listener.local_port());
    (co_await listener.accept()).close();
    std::vector<std::byte> chunk(256 * 1024);
    int error = 0;
    for (int i = 0; i < 200 && error == 0; ++i) {
      try {
        co_await client.write_all(chunk);
      } catch (const std::system_error& e) {
        error = e.code().value();
        EXPECT_NE(std::string(e.what()).find("write to 127.0.0.1:"), std::string::npos) << e.what();
      }
    }
    EXPECT_TRUE(error == EPIPE || error == ECONNRESET) << "errno " << error;
    // The error sticks: the stream is not writable any more.
    EXPECT_THROW(co_await client.write_all(chunk), std::system_error);
  }()));
}

TEST(TcpFaults, ClosingAStreamFailsItsPendingRead) {
  Reactor reactor;
  reactor.run(with_timeout(10s, []() -> Task<void> {
    auto listener = TcpListener::bind("127.0.0.1", 0);
    TcpStream client = co_await TcpStream::connect("127.0.0.1", listener.local_port());
    TcpStream server = co_await listener.accept();
    int error = 0;
    auto reader = [&]() -> Task<void> {
      std::byte b[8];
      try {
        co_await server.read_some(b);
      } catch (const std::system_error& e) {
        error = e.code().value();
      }
    };
    TaskGroup group;
    group.spawn(reader());
    co_await sleep_for(2ms);
    server.close();
    co_await group.join();
    EXPECT_EQ(error, ECANCELED);
  }()));
}

TEST(TcpFaults, CancellationDuringAWriteReleasesTheStream) {
  Reactor reactor;
  const std::size_t fds_before = testing::open_fd_count();
  reactor.run(with_timeout(10s, []() -> Task<void> {
    auto listener = TcpListener::bind("127.0.0.1", 0);
    TcpStream client = co_await TcpStream::connect("127.0.0.1", listener.local_port());
    TcpStream server = co_await listener.accept();
    std::vector<std::byte> big(64 * 1024 * 1024);  // far more than the socket buffers hold
    auto start = Clock::now();
    EXPECT_THROW(co_await with_timeout(50ms, [](TcpStream& s, std::span<const std::byte> d) -> Task<void> {
                   co_await s.write_all(d);
                 }(server, big)),
                 TimeoutError);
    EXPECT_LT(Clock::now() - start, 2s);
    // Part of the buffer went out: the byte stream is cut, later writes are refused.
    try {
      co_await server.write_all(std::string_view("more"));
      ADD_FAILURE() << "write after a cancelled partial write succeeded";
    } catch (const std::system_error& e) {
      EXPECT_EQ(e.code().value(), ECANCELED);
    }
  }()));
  EXPECT_EQ(testing::open_fd_count(), fds_before);
}

TEST(TcpFaults, SlowReaderBackPressuresWithoutBuffering) {
  Reactor reactor;
  long rss_growth_kib = 0;
  std::size_t delivered = 0;
  constexpr std::size_t kTotal = 24 * 1024 * 1024;
  reactor.run(with_timeout(20s, [&]() -> Task<void> {
    auto listener = TcpListener::bind("127.0.0.1", 0);
    TaskGroup group;
    group.spawn(testing::echo_server(listener));
    TcpStream s = co_await TcpStream::connect("127.0.0.1", listener.local_port());
    const long rss_before = resident_kib();
    auto writer = [&]() -> Task<void> {
      auto chunk = testing::make_message(1, 1, 64 * 1024);
      for (std::size_t sent = 0; sent < kTotal; sent += chunk.size()) co_await s.write_all(chunk);
      s.shutdown_write();
    };
    auto slow_reader = [&]() -> Task<void> {
      std::vector<std::byte> buffer(256 * 1024);
      for (;;) {
        co_await sleep_for(1ms);  // slower than the writer
        std::size_t n = co_await s.read_some(buffer);
        if (n == 0) break;
        delivered += n;
      }
    };
    TaskGroup io;
    io.spawn(writer());
    io.spawn(slow_reader());
    co_await io.join();
    rss_growth_kib = resident_kib() - rss_before;
    group.cancel();
    co_await group.join();
  }()));
  EXPECT_EQ(delivered, kTotal);
  EXPECT_LT(rss_growth_kib, 4 * 1024) << "memory grew with the backlog: writes were buffered";
}

TEST(TcpFaults, AClosedSocketStillOpenInAForkedChildRaisesNoEvents) {
  // The child keeps the socket's file description alive: without EPOLL_CTL_DEL at close,
  // the parent's epoll would keep reporting it, pointing at the freed socket record.
  Reactor reactor;
  std::uint64_t events_after_close = 0;
  pid_t child = -1;
  reactor.run(with_timeout(10s, [&]() -> Task<void> {
    auto listener = TcpListener::bind("127.0.0.1", 0);
    TcpStream client = co_await TcpStream::connect("127.0.0.1", listener.local_port());
    {
      TcpStream server = co_await listener.accept();  // registered with epoll
      std::fflush(nullptr);
      child = ::fork();
      if (child == 0) {
        ::usleep(500'000);
        ::_exit(0);
      }
    }  // closed (and its record freed) in the parent only
    const std::uint64_t before = reactor.stats().events;
    co_await client.write_all(std::string_view("to a socket the parent closed"));
    co_await sleep_for(50ms);
    events_after_close = reactor.stats().events - before;
  }()));
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  EXPECT_EQ(events_after_close, 0u);
}

// Runs `body` in a forked child; the child's exit code is the result (0 = pass).
int in_child_process(int (*body)()) {
  std::fflush(nullptr);
  pid_t pid = ::fork();
  if (pid == 0) ::_exit(body());
  int status = 0;
  for (int i = 0; i < 300; ++i) {  // at most 15 s
    if (::waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    ::usleep(50'000);
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, &status, 0);
  return 99;
}

int accept_through_emfile() {
  constexpr int kClients = 8;
  Reactor reactor;
  auto listener = TcpListener::bind("127.0.0.1", 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(listener.local_port());
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  for (int i = 0; i < kClients; ++i) {  // blocking connects: they complete into the backlog
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0) return 2;
  }
  // One run first, while descriptors remain: it starts the stall watchdog's thread
  // (started at a reactor's first run). Under UBSan, the vptr check on a new thread's
  // start probes memory through a pipe, which EMFILE below would break; this test is
  // about accept, not about that probe.
  reactor.run([]() -> Task<void> { co_return; }());
  // Use up every descriptor, keeping a few spares to give back later.
  std::vector<int> spares;
  rlimit lim{};
  ::getrlimit(RLIMIT_NOFILE, &lim);
  int highest = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  spares.push_back(highest);
  for (int i = 0; i < kClients + 2; ++i) spares.push_back(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  lim.rlim_cur = static_cast<rlim_t>(spares.back() + 1);
  if (::setrlimit(RLIMIT_NOFILE, &lim) < 0) return 3;
  if (::open("/dev/null", O_RDONLY) >= 0) return 4;  // really out of descriptors

  int accepted = 0;
  double cpu_while_starved = -1;
  auto server = [&]() -> Task<void> {
    std::vector<TcpStream> streams;
    while (accepted < kClients) {
      streams.push_back(co_await listener.accept());
      ++accepted;
    }
  };
  auto starve_then_release = [&]() -> Task<void> {
    double before = cpu_seconds();
    co_await sleep_for(300ms);
    cpu_while_starved = cpu_seconds() - before;
    for (int fd : spares) ::close(fd);
  };
  try {
    reactor.run(with_timeout(5s, [&]() -> Task<void> {
      TaskGroup group;
      group.spawn(server());
      group.spawn(starve_then_release());
      co_await group.join();
    }()));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "child: %s\n", e.what());
    return 5;
  }
  std::fprintf(stderr, "child: accepted %d, cpu while starved %.3f s, backoffs %llu\n", accepted, cpu_while_starved,
               static_cast<unsigned long long>(reactor.stats().accept_backoffs));
  if (accepted != kClients) return 6;
  if (cpu_while_starved > 0.1) return 7;  // spinning on EMFILE
  if (reactor.stats().accept_backoffs == 0) return 8;
  if (reactor.stats().accept_backoffs > 50) return 9;  // 300 ms at <= 100 ms apart, after the ramp
  return 0;
}

TEST(TcpFaults, RunningOutOfDescriptorsOnAcceptNeitherSpinsNorFails) {
  EXPECT_EQ(in_child_process(&accept_through_emfile), 0);
}

}  // namespace
}  // namespace concur

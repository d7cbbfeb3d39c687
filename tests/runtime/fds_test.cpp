#include <concur/testing.h>

#include <gtest/gtest-spi.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

namespace {

using namespace concur::testing;

// A TCP listener on 127.0.0.1 with a kernel-chosen port.
struct Listener {
  int fd = -1;
  int port = 0;
  Listener() {
    fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    listen(fd, 8);
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    port = ntohs(addr.sin_port);
  }
  ~Listener() { close(fd); }
};

int ConnectTo(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  return fd;
}

int g_leaked_fd = -1;

TEST(FdSnapshot, SeesASocketWithItsAddresses) {
  Listener server;
  int client = ConnectTo(server.port);
  concur::FdSnapshot snap = concur::FdSnapshot::take();
  const concur::FdInfo* found = nullptr;
  for (const auto& fd : snap.fds)
    if (fd.fd == client) found = &fd;
  ASSERT_NE(found, nullptr);
  EXPECT_TRUE(found->is_socket);
  EXPECT_TRUE(found->cloexec);
  EXPECT_EQ(found->peer_address, "127.0.0.1:" + std::to_string(server.port));
  EXPECT_THAT(concur::describe(*found),
              ::testing::MatchesRegex("TCP socket fd [0-9]+ 127\\.0\\.0\\.1:[0-9]+ -> 127\\.0\\.0\\.1:" +
                                      std::to_string(server.port) + " \\(cloexec\\)"));
  close(client);
}

TEST(DoesNotLeakSockets, PassesWhenTheBlockClosesWhatItOpens) {
  Listener server;
  EXPECT_THAT(Block([&] {
                int c = ConnectTo(server.port);
                int accepted = accept(server.fd, nullptr, nullptr);
                close(accepted);
                close(c);
              }),
              DoesNotLeakSockets());
}

TEST(DoesNotLeakSockets, FailsOnALeakedConnectionNamingBothEnds) {
  Listener server;
  const std::string peer = "-> 127.0.0.1:" + std::to_string(server.port);
  EXPECT_NONFATAL_FAILURE(
      EXPECT_THAT(Block([&] { g_leaked_fd = ConnectTo(server.port); }), DoesNotLeakSockets()),
      "leaked TCP socket fd");
  close(g_leaked_fd);
  EXPECT_NONFATAL_FAILURE(
      EXPECT_THAT(Block([&] { g_leaked_fd = ConnectTo(server.port); }), DoesNotLeakSockets()), peer);
  close(g_leaked_fd);
}

TEST(DoesNotLeakSockets, IgnoresPlainFilesButDoesNotLeakFdsDoesNot) {
  EXPECT_THAT(Block([] { g_leaked_fd = open("/dev/null", O_RDONLY); }), DoesNotLeakSockets());
  close(g_leaked_fd);
  EXPECT_NONFATAL_FAILURE(
      EXPECT_THAT(Block([] { g_leaked_fd = open("/dev/null", O_RDONLY | O_CLOEXEC); }), DoesNotLeakFds()),
      "/dev/null (cloexec)");
  close(g_leaked_fd);
}

TEST(DoesNotLeakFds, FailsWhenTheBlockClosesAnFdItDidNotOpen) {
  int fd = open("/dev/null", O_RDONLY);
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([fd] { close(fd); }), DoesNotLeakFds()),
                          "closed fd " + std::to_string(fd) + " /dev/null, which it did not open");
}

TEST(DoesNotLeakFds, SeesAnFdNumberReusedForAnotherFile) {
  int fd = open("/dev/null", O_RDONLY);
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([fd] {
                                        close(fd);
                                        g_leaked_fd = open("/dev/zero", O_RDONLY);
                                      }),
                                      DoesNotLeakFds()),
                          "leaked fd " + std::to_string(fd) + " /dev/zero");
  close(g_leaked_fd);
}

}  // namespace

// A suite that installs the leak listener in one line; LeakyTest leaks a
// socket and must be reported as failed (checked by ctest on the output).
#include <concur/testing.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

TEST(CleanTest, ClosesItsSocket) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  close(fd);
}

TEST(LeakyTest, LeaksAListeningSocket) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  listen(fd, 1);
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  concur::testing::fail_tests_that_leak_fds();
  return RUN_ALL_TESTS();
}

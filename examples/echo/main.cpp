// echo_server [port] [--seconds N]: serves echo on 127.0.0.1 (port 0 = ephemeral).
// With --seconds it stops by itself; --self-test echoes one message through itself.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "echo_server.h"

using namespace concur;
using namespace std::chrono_literals;

namespace {

Task<int> self_test(std::uint16_t port) {
  TcpStream s = co_await TcpStream::connect("127.0.0.1", port);
  co_await s.write_all(std::string_view("hello, echo"));
  s.shutdown_write();
  std::string got;
  std::byte buffer[64];
  while (std::size_t n = co_await s.read_some(buffer)) got.append(reinterpret_cast<const char*>(buffer), n);
  std::printf("self-test received: %s\n", got.c_str());
  co_return got == "hello, echo" ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::uint16_t port = 0;
  int seconds = 0;
  bool test = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) seconds = std::atoi(argv[++i]);
    else if (std::strcmp(argv[i], "--self-test") == 0) test = true;
    else port = static_cast<std::uint16_t>(std::atoi(argv[i]));
  }
  auto listener = TcpListener::bind("127.0.0.1", port);
  std::printf("echo server on 127.0.0.1:%u\n", listener.local_port());
  std::fflush(stdout);
  Reactor reactor;
  return reactor.run([&]() -> Task<int> {
    TaskGroup group;
    group.spawn(examples::serve_echo(listener), "echo-server");
    int result = 0;
    if (test) {
      result = co_await with_timeout(10s, self_test(listener.local_port()));
    } else if (seconds > 0) {
      co_await sleep_for(std::chrono::seconds(seconds));
    } else {
      co_await sleep_for(std::chrono::hours(24 * 365));
    }
    group.cancel();
    co_await group.join();
    co_return result;
  }());
}

// http_server [port] [--slow-ms N] [--file PATH] [--seconds N] [--self-test]
// Serves /fast, /slow and /cpu?n=N on 127.0.0.1 (port 0 = ephemeral); with --file,
// also /file (read on the offload pool) and /file-blocking (read on the reactor
// thread: the bad example, see http_server.h).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "http_server.h"

using namespace concur;
using namespace std::chrono_literals;

namespace {

/// One slow request pending while fast and CPU requests are answered.
Task<int> self_test(std::uint16_t port) {
  TcpStream slow = co_await TcpStream::connect("127.0.0.1", port);
  TcpStream fast = co_await TcpStream::connect("127.0.0.1", port);
  TaskGroup group;
  int failures = 0;
  auto slow_call = [&]() -> Task<void> {
    auto r = co_await examples::http_get(slow, "/slow");
    failures += r.body != "slow\n";
  };
  group.spawn(slow_call());
  for (int i = 0; i < 100; ++i) failures += (co_await examples::http_get(fast, "/fast")).body != "fast\n";
  auto cpu = co_await examples::http_get(fast, "/cpu?n=100000");
  failures += cpu.body != "9592\n";
  std::printf("self-test: 100 fast + 1 cpu answered while /slow pending; %d failures\n", failures);
  co_await group.join();
  co_return failures == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::uint16_t port = 0;
  int seconds = 0, slow_ms = 1000;
  std::string file;
  bool test = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) seconds = std::atoi(argv[++i]);
    else if (std::strcmp(argv[i], "--slow-ms") == 0 && i + 1 < argc) slow_ms = std::atoi(argv[++i]);
    else if (std::strcmp(argv[i], "--file") == 0 && i + 1 < argc) file = argv[++i];
    else if (std::strcmp(argv[i], "--self-test") == 0) test = true;
    else port = static_cast<std::uint16_t>(std::atoi(argv[i]));
  }
  auto listener = TcpListener::bind("127.0.0.1", port);
  std::printf("http server on http://127.0.0.1:%u/ (/fast, /slow, /cpu?n=N%s)\n", listener.local_port(),
              file.empty() ? "" : ", /file, /file-blocking");
  std::fflush(stdout);
  const examples::HttpRouter router = examples::demo_router(std::chrono::milliseconds(slow_ms), file);
  Reactor reactor;
  return reactor.run([&]() -> Task<int> {
    TaskGroup group;
    group.spawn(examples::serve_http(listener, router), "http-server");
    int result = 0;
    if (test) result = co_await with_timeout(10s, self_test(listener.local_port()));
    else co_await sleep_for(seconds > 0 ? std::chrono::hours(0) + std::chrono::seconds(seconds) : std::chrono::hours(24 * 365));
    group.cancel();
    co_await group.join();
    co_return result;
  }());
}

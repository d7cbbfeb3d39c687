// The failing examples shown in docs/matchers/does-not-block-the-loop.md and
// makes-no-blocking-calls.md: each test here is a page's "bad code" and fails on
// purpose; the passing ones are the "good code". Built, not run by ctest:
//   build/tests/runtime/concur_loop_matcher_examples
#include <concur/reactor.h>
#include <concur/testing.h>
#include <netdb.h>

#include <cstdint>
#include <string>
#include <vector>

using namespace concur::testing;
using namespace std::chrono_literals;
using concur::Task;

namespace client {

// Resolves `host` on the reactor thread: every other task waits for the DNS answer.
Task<int> connect_port_blocking(std::string host) {
  addrinfo* result = nullptr;
  int status = ::getaddrinfo(host.c_str(), "443", nullptr, &result);
  if (status == 0) ::freeaddrinfo(result);
  co_return status;
}

// The lookup runs on the offload pool; the loop keeps serving.
Task<int> connect_port(std::string host) {
  co_return co_await concur::offload([host] {
    addrinfo* result = nullptr;
    int status = ::getaddrinfo(host.c_str(), "443", nullptr, &result);
    if (status == 0) ::freeaddrinfo(result);
    return status;
  });
}

// A checksum over a large upload, computed on the reactor thread.
std::uint64_t checksum(const std::vector<std::uint8_t>& data) {
  std::uint64_t sum = 0;
  for (int round = 0; round < 10; ++round)
    for (std::uint8_t byte : data) sum = sum * 31 + byte;
  return sum;
}

Task<std::uint64_t> verify_upload_blocking(const std::vector<std::uint8_t>& upload) { co_return checksum(upload); }

Task<std::uint64_t> verify_upload(const std::vector<std::uint8_t>& upload) {
  co_return co_await concur::offload([&upload] { return checksum(upload); });
}

}  // namespace client

namespace {

template <class T>
void run_named(Task<T> task, const char* name) {
  concur::Reactor reactor;
  reactor.run([](Task<T> t, const char* n) -> Task<void> {
    concur::TaskGroup group;
    group.spawn([](Task<T> inner) -> Task<void> { co_await std::move(inner); }(std::move(t)), n);
    co_await group.join();
  }(std::move(task), name));
}

const std::vector<std::uint8_t> kUpload(4 << 20, 7);

TEST(MakesNoBlockingCallsExample, Bad) {
  EXPECT_THAT(Block([] { run_named(client::connect_port_blocking("localhost"), "resolver"); }),
              MakesNoBlockingCalls());
}

TEST(MakesNoBlockingCallsExample, Good) {
  EXPECT_THAT(Block([] { run_named(client::connect_port("localhost"), "resolver"); }), MakesNoBlockingCalls());
}

TEST(DoesNotBlockTheLoopExample, Bad) {
  EXPECT_THAT(Block([] { run_named(client::verify_upload_blocking(kUpload), "upload"); }), DoesNotBlockTheLoop(20ms));
}

TEST(DoesNotBlockTheLoopExample, Good) {
  EXPECT_THAT(Block([] { run_named(client::verify_upload(kUpload), "upload"); }), DoesNotBlockTheLoop(20ms));
}

}  // namespace

// Blocking calls and stalls of reactor tasks as concur::runtime records them
// (concur/loop_checks.h). The user code here is outside namespace concur, so the
// symbolizer names these lines as the user's.
#include <concur/loop_checks.h>
#include <concur/reactor.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netdb.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

using concur::BlockingCall;
using concur::LoopStall;
using concur::LoopWatch;
using concur::Reactor;
using concur::Task;
using concur::TaskGroup;

std::string here(int line) { return "loop_checks_test.cpp:" + std::to_string(line); }

// Runs `body` as a task named `name` in a fresh reactor.
template <class Body>
void run_task(const char* name, Body body) {
  Reactor reactor;
  reactor.run([](Body b, const char* n) -> Task<void> {
    TaskGroup group;
    group.spawn(b(), n);
    co_await group.join();
  }(std::move(body), name));
}

std::vector<std::string> functions(const std::vector<BlockingCall>& calls) {
  std::vector<std::string> out;
  for (const BlockingCall& c : calls) out.push_back(c.function);
  return out;
}

TEST(BlockingCalls, ASleepInATaskIsRecordedWithTheTaskAndTheCallersLine) {
  LoopWatch watch;
  ASSERT_TRUE(watch.sees_blocking_calls());
  int line = 0;
  run_task("sleeper", [&]() -> Task<void> {
    line = __LINE__ + 1;
    ::usleep(1000);
    co_return;
  });
  auto calls = watch.blocking_calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].function, "usleep");
  EXPECT_EQ(calls[0].task_name, "sleeper");
  EXPECT_GE(calls[0].duration, 1ms);
  EXPECT_EQ(describe(calls[0]), "task \"sleeper\" (#" + std::to_string(calls[0].task_id) + ") called usleep() at " +
                                    here(line) + "; use co_await sleep_for(...)");
}

TEST(BlockingCalls, ANameLookupIsRecordedAndTheFixIsOffload) {
  LoopWatch watch;
  int line = 0;
  run_task("resolver", [&]() -> Task<void> {
    addrinfo* result = nullptr;
    line = __LINE__ + 1;
    if (::getaddrinfo("localhost", "80", nullptr, &result) == 0) ::freeaddrinfo(result);
    co_return;
  });
  auto calls = watch.blocking_calls();
  ASSERT_EQ(functions(calls), std::vector<std::string>{"getaddrinfo"});
  EXPECT_EQ(describe(calls[0]), "task \"resolver\" (#" + std::to_string(calls[0].task_id) + ") called getaddrinfo() at " +
                                    here(line) + "; use co_await offload(...)");
}

TEST(BlockingCalls, CallsOutsideTasksAndInsideOffloadAreNotRecorded) {
  LoopWatch watch;
  ::usleep(100);
  Reactor reactor;
  reactor.run([]() -> Task<void> {
    co_await concur::offload([] { ::usleep(100); });  // the worker pool is not a task
    co_await concur::sleep_for(1ms);                   // the reactor's own sleep
  }());
  std::thread([] { ::usleep(100); }).join();
  EXPECT_TRUE(watch.blocking_calls().empty()) << describe(watch.blocking_calls().front());
}

TEST(BlockingCalls, StandardLibraryWaitsAreSeenThroughLibc) {
  LoopWatch watch;
  int sleep_line = 0, wait_line = 0, join_line = 0;
  run_task("waiter", [&]() -> Task<void> {
    sleep_line = __LINE__ + 1;
    std::this_thread::sleep_for(1ms);
    std::mutex mu;
    std::condition_variable cv;
    std::unique_lock lock(mu);
    wait_line = __LINE__ + 1;
    cv.wait_for(lock, 1ms);
    std::thread worker([] {});
    join_line = __LINE__ + 1;
    worker.join();
    co_return;
  });
  auto calls = watch.blocking_calls();
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0].function, "nanosleep");
  EXPECT_NE(describe(calls[0]).find(" at " + here(sleep_line) + ";"), std::string::npos) << describe(calls[0]);
  EXPECT_EQ(calls[1].function, "pthread_cond_clockwait");
  EXPECT_NE(describe(calls[1]).find(" at " + here(wait_line) + ";"), std::string::npos) << describe(calls[1]);
  EXPECT_EQ(calls[2].function, "pthread_join");
  EXPECT_NE(describe(calls[2]).find(" at " + here(join_line) + ";"), std::string::npos) << describe(calls[2]);
}

TEST(BlockingCalls, IoCountsOnlyOnDescriptorsThatCanBlock) {
  LoopWatch watch;
  int fread_line = 0, pipe_line = 0;
  run_task("io", [&]() -> Task<void> {
    int sockets[2];
    ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sockets);
    char byte = 'x';
    (void)::write(sockets[0], &byte, 1);  // non-blocking: not recorded
    (void)::read(sockets[1], &byte, 1);
    (void)::recv(sockets[1], &byte, 1, MSG_DONTWAIT);
    ::close(sockets[0]);
    ::close(sockets[1]);

    int pipe_fds[2];
    (void)::pipe(pipe_fds);
    (void)::write(pipe_fds[1], &byte, 1);  // a blocking pipe: recorded, though data is there
    pipe_line = __LINE__ + 1;
    (void)::read(pipe_fds[0], &byte, 1);
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);

    FILE* file = std::fopen("/proc/self/status", "r");  // a file can always block
    char text[64];
    fread_line = __LINE__ + 1;
    (void)std::fread(text, 1, sizeof text, file);
    std::fclose(file);
    co_return;
  });
  auto calls = watch.blocking_calls();
  ASSERT_EQ(functions(calls), (std::vector<std::string>{"write", "read", "fread"}));
  EXPECT_NE(describe(calls[1]).find(here(pipe_line)), std::string::npos) << describe(calls[1]);
  EXPECT_NE(describe(calls[2]).find(here(fread_line)), std::string::npos) << describe(calls[2]);
}

TEST(BlockingCalls, TheReactorsOwnSocketsAreNeverRecorded) {
  LoopWatch watch;
  Reactor reactor;
  reactor.run([]() -> Task<void> {
    auto listener = concur::TcpListener::bind("127.0.0.1", 0);
    concur::TcpStream client = co_await concur::TcpStream::connect("127.0.0.1", listener.local_port());
    concur::TcpStream server = co_await listener.accept();
    std::byte buffer[16];
    for (int i = 0; i < 10; ++i) {
      co_await client.write_all(std::string_view("ping"));
      std::size_t n = co_await server.read_some(buffer);
      co_await server.write_all(std::span(buffer).first(n));
      (void)co_await client.read_some(buffer);
    }
  }());
  EXPECT_TRUE(watch.blocking_calls().empty()) << describe(watch.blocking_calls().front());
}

// Computes for `d` of this thread's CPU time: a slice that the machine's load
// preempts is not longer for it (the detector does not count time spent waiting
// for a CPU). The clock and the work share one line, so a stack caught anywhere in
// the loop names it.
[[gnu::noinline]] void compute_for(std::chrono::milliseconds d) {
  timespec now{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  const long long end = now.tv_sec * 1'000'000'000LL + now.tv_nsec + std::chrono::nanoseconds(d).count();
  volatile long long x = 0;
  // clang-format off
  while (::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now), now.tv_sec * 1'000'000'000LL + now.tv_nsec < end) for (int i = 0; i < 10000; ++i) x = x + i;  // the stuck line (kComputeLine)
  // clang-format on
}
constexpr int kComputeLine = __LINE__ - 3;

TEST(LoopStalls, AComputingTaskIsNamedWithTheLineItWasStuckOn) {
  LoopWatch watch(20ms);
  ASSERT_TRUE(watch.sees_stalls());
  ::testing::internal::CaptureStderr();
  run_task("cruncher", []() -> Task<void> {
    compute_for(80ms);
    co_return;
  });
  const std::string err = ::testing::internal::GetCapturedStderr();
  auto stalls = watch.stalls();
  ASSERT_EQ(stalls.size(), 1u) << err;
  EXPECT_EQ(stalls[0].task_name, "cruncher");
  EXPECT_GE(stalls[0].duration, 60ms);
  EXPECT_EQ(stuck_site(stalls[0]), here(kComputeLine));
  EXPECT_EQ(stalls[0].blocking_call, "");
  EXPECT_NE(describe(stalls[0]).find("ms without suspending, stuck at " + here(kComputeLine)), std::string::npos)
      << describe(stalls[0]);
  // The reactor's line on stderr names the frame through the runtime's observer.
  EXPECT_NE(err.find("concur: task \"cruncher\" (#" + std::to_string(stalls[0].task_id) + ") blocked the loop for "),
            std::string::npos)
      << err;
  EXPECT_NE(err.find(" ms at " + here(kComputeLine) + "\n"), std::string::npos) << err;
}

TEST(LoopStalls, ATaskBlockedInASleepIsNamedWithTheBlockingCall) {
  LoopWatch watch(20ms);
  int line = 0;
  ::testing::internal::CaptureStderr();
  run_task("napper", [&]() -> Task<void> {
    line = __LINE__ + 1;
    ::usleep(60'000);
    co_return;
  });
  const std::string err = ::testing::internal::GetCapturedStderr();
  auto stalls = watch.stalls();
  ASSERT_EQ(stalls.size(), 1u) << err;
  EXPECT_EQ(stalls[0].blocking_call, "usleep");
  EXPECT_EQ(stalls[0].blocked_in, "nanosleep");
  EXPECT_EQ(stuck_site(stalls[0]), here(line));
  EXPECT_NE(describe(stalls[0]).find("ms without suspending, in usleep() at " + here(line)), std::string::npos)
      << describe(stalls[0]);
  EXPECT_NE(err.find(" ms in usleep() at " + here(line) + "\n"), std::string::npos) << err;
}

TEST(LoopStalls, SlicesUnderTheLimitAreNotReported) {
  LoopWatch watch(200ms);
  run_task("quick", []() -> Task<void> {
    for (int i = 0; i < 3; ++i) {
      compute_for(2ms);
      co_await concur::sleep_for(5ms);
    }
  });
  EXPECT_TRUE(watch.stalls().empty()) << describe(watch.stalls().front());
}

}  // namespace

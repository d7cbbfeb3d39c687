// DoesNotBlockTheLoop and MakesNoBlockingCalls: they fail on the hazard with a
// message naming the task and the line, pass on the fix (offload, the reactor's
// sleep), run the block once per assertion, and say so when they cannot see.
#include <concur/reactor.h>
#include <concur/testing.h>
#include <gtest/gtest-spi.h>
#include <netdb.h>
#include <time.h>
#include <unistd.h>

#include <string>

using namespace std::chrono_literals;

namespace {

using namespace concur::testing;
using concur::Reactor;
using concur::Task;
using concur::TaskGroup;
using ::testing::Not;

std::string here(int line) { return "loop_matchers_test.cpp:" + std::to_string(line); }

Task<void> resolve_blocking() {
  addrinfo* result = nullptr;
  if (::getaddrinfo("localhost", "80", nullptr, &result) == 0) ::freeaddrinfo(result);  // kLookupLine
  co_return;
}
constexpr int kLookupLine = __LINE__ - 3;

Task<void> resolve_offloaded() {
  co_await concur::offload([] {
    addrinfo* result = nullptr;
    if (::getaddrinfo("localhost", "80", nullptr, &result) == 0) ::freeaddrinfo(result);
  });
}

void run_named(Task<void> task, const char* name) {
  Reactor reactor;
  reactor.run([](Task<void> t, const char* n) -> Task<void> {
    TaskGroup group;
    group.spawn(std::move(t), n);
    co_await group.join();
  }(std::move(task), name));
}

TEST(MakesNoBlockingCalls, FailsOnANameLookupInATaskNamingTheTaskAndTheLine) {
  int runs = 0;
  EXPECT_NONFATAL_FAILURE(
      EXPECT_THAT(Block([&] {
                    ++runs;
                    run_named(resolve_blocking(), "resolver");
                  }),
                  MakesNoBlockingCalls()),
      "task \"resolver\" (#");
  EXPECT_EQ(runs, 1) << "EXPECT_THAT evaluates a failing matcher twice; the block must run once";
  EXPECT_NONFATAL_FAILURE(
      EXPECT_THAT(Block([&] { run_named(resolve_blocking(), "resolver"); }), MakesNoBlockingCalls()),
      ") called getaddrinfo() at " + here(kLookupLine) + "; use co_await offload(...)");
}

TEST(MakesNoBlockingCalls, PassesWhenTheLookupIsOffloaded) {
  int runs = 0;
  EXPECT_THAT(Block([&] {
                ++runs;
                run_named(resolve_offloaded(), "resolver");
              }),
              MakesNoBlockingCalls());
  EXPECT_EQ(runs, 1);
}

Task<void> poll_by_sleeping() {
  for (int i = 0; i < 3; ++i) ::usleep(100);  // kPollLine
  co_return;
}
constexpr int kPollLine = __LINE__ - 3;

TEST(MakesNoBlockingCalls, CountsRepeatedCallsFromOnePlaceOnce) {
  EXPECT_NONFATAL_FAILURE(
      EXPECT_THAT(Block([&] { run_named(poll_by_sleeping(), "poller"); }), MakesNoBlockingCalls()),
      "called usleep() at " + here(kPollLine) + " (3 times); use co_await sleep_for(...)");
}

Task<void> nap_blocking() {
  ::usleep(80'000);  // kNapLine
  co_return;
}
constexpr int kNapLine = __LINE__ - 3;

Task<void> nap_on_the_loop() { co_await concur::sleep_for(80ms); }

TEST(DoesNotBlockTheLoop, FailsOnATaskThatSleepsInsteadOfSuspending) {
  int runs = 0;
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([&] {
                                        ++runs;
                                        run_named(nap_blocking(), "napper");
                                      }),
                                      DoesNotBlockTheLoop(20ms)),
                          " ms without suspending, in usleep() at " + here(kNapLine) + " (limit 20 ms)");
  EXPECT_EQ(runs, 1);
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([&] { run_named(nap_blocking(), "napper"); }), DoesNotBlockTheLoop(20ms)),
                          "task \"napper\" (#");
}

TEST(DoesNotBlockTheLoop, PassesWhenTheTaskSleepsOnTheReactor) {
  EXPECT_THAT(Block([&] { run_named(nap_on_the_loop(), "napper"); }), DoesNotBlockTheLoop(20ms));
}

// Computes for `d` of this thread's CPU time: a slice that the machine's load
// preempts is not longer for it (the detector does not count time spent waiting
// for a CPU). The clock and the work share one line, so a stack caught anywhere in
// the loop names it.
[[gnu::noinline]] void spin_for(std::chrono::milliseconds d) {
  timespec now{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  const long long end = now.tv_sec * 1'000'000'000LL + now.tv_nsec + std::chrono::nanoseconds(d).count();
  volatile long long x = 0;
  // clang-format off
  while (::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now), now.tv_sec * 1'000'000'000LL + now.tv_nsec < end) for (int i = 0; i < 10000; ++i) x = x + i;  // kSpinLine
  // clang-format on
}
constexpr int kSpinLine = __LINE__ - 3;

TEST(DoesNotBlockTheLoop, NamesTheLineAComputingTaskWasStuckOn) {
  auto crunch = []() -> Task<void> {
    spin_for(80ms);
    co_return;
  };
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([&] { run_named(crunch(), "cruncher"); }), DoesNotBlockTheLoop(20ms)),
                          " ms without suspending, stuck at " + here(kSpinLine) + " (limit 20 ms)");
}

TEST(DoesNotBlockTheLoop, SeesLimitsBelowTheReactorsStallThreshold) {
  auto crunch = []() -> Task<void> {
    spin_for(40ms);
    co_return;
  };
  Reactor reactor;
  reactor.set_stall_threshold(0ms);  // no stall reports of its own
  EXPECT_THAT(Block([&] {
                reactor.run([](auto c) -> Task<void> {
                  TaskGroup group;
                  group.spawn(c(), "cruncher");
                  co_await group.join();
                }(crunch));
              }),
              Not(DoesNotBlockTheLoop(10ms)));
}

TEST(DoesNotBlockTheLoop, RejectsALimitUnderOneMillisecond) {
  int runs = 0;
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([&] { ++runs; }), DoesNotBlockTheLoop(0ms)),
                          "DoesNotBlockTheLoop needs a limit of at least 1 ms (got 0 ms)");
  EXPECT_EQ(runs, 0);
}

TEST(LoopMatchers, SayTheyCannotSeeStallsWhenAnotherObserverIsInstalled) {
  concur::ReactorObserver other;
  concur::ReactorObserver* previous = concur::set_reactor_observer(&other);
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([] {}), DoesNotBlockTheLoop(20ms)),
                          "not checked: another ReactorObserver replaced concur::runtime's");
  concur::set_reactor_observer(previous);
}

TEST(LoopMatchers, DescribeThemselvesAndTheirNegation) {
  EXPECT_EQ(::testing::DescribeMatcher<Block<void (*)()>>(DoesNotBlockTheLoop(20ms)),
            "does not block the loop: no task runs 20 ms without suspending");
  EXPECT_EQ(::testing::DescribeMatcher<Block<void (*)()>>(DoesNotBlockTheLoop(20ms), true),
            "blocks the loop: a task runs 20 ms without suspending");
  EXPECT_EQ(::testing::DescribeMatcher<Block<void (*)()>>(MakesNoBlockingCalls()),
            "makes no blocking call in a reactor task");
  EXPECT_EQ(::testing::DescribeMatcher<Block<void (*)()>>(MakesNoBlockingCalls(), true),
            "makes a blocking call in a reactor task");
}

}  // namespace

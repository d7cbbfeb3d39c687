// The reactor's stall detector, seen with the reactor alone (no runtime hooks):
// slices past the threshold are reported on stderr and to the observer, with the
// stack caught while they ran, and the detector changes nothing the task does.
#include <gtest/gtest.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include "concur/reactor.h"

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace concur {
namespace {

struct SeenStall {
  TaskInfo task;
  std::chrono::nanoseconds duration;
  std::size_t stack_depth;
  std::string blocked_in;
  bool over_threshold;
};

class StallRecorder : public ReactorObserver {
 public:
  void task_stalled(const TaskStall& s) noexcept override {
    stalls.push_back({s.task, s.duration, s.stack.size(), s.blocked_in, s.over_threshold});
  }
  std::vector<SeenStall> stalls;
};

class Stalls : public ::testing::Test {
 protected:
  void SetUp() override { previous_ = set_reactor_observer(&recorder_); }
  void TearDown() override {
    set_reactor_observer(previous_);
    set_slice_watch(0ms);
  }
  StallRecorder recorder_;
  ReactorObserver* previous_ = nullptr;
};

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
  while (::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now), now.tv_sec * 1'000'000'000LL + now.tv_nsec < end) for (int i = 0; i < 10000; ++i) x = x + i;
  // clang-format on
}

Task<void> computes(std::chrono::milliseconds d) {
  compute_for(d);
  co_return;
}

Task<void> spawn_one(Task<void> child, const char* name) {
  TaskGroup group;
  group.spawn(std::move(child), name);
  co_await group.join();
}

TEST_F(Stalls, AComputingTaskIsReportedWithItsNameDurationAndStack) {
  Reactor reactor;
  reactor.set_stall_threshold(10ms);
  ::testing::internal::CaptureStderr();
  reactor.run(spawn_one(computes(80ms), "cruncher"));
  const std::string err = ::testing::internal::GetCapturedStderr();
  ASSERT_EQ(recorder_.stalls.size(), 1u) << err;
  const SeenStall& s = recorder_.stalls[0];
  EXPECT_STREQ(s.task.name, "cruncher");
  EXPECT_GT(s.task.id, 0u);
  EXPECT_GE(s.duration, 70ms);  // the start is known to a quarter of the threshold
  EXPECT_LE(s.duration, 2s);
  EXPECT_GT(s.stack_depth, 2u) << "the watchdog's signal caught no stack";
  EXPECT_EQ(s.blocked_in, "");
  EXPECT_TRUE(s.over_threshold);
  EXPECT_EQ(reactor.stats().stalls, 1u);
  // Without concur::runtime nothing symbolizes: the line names raw frames.
  EXPECT_NE(err.find("concur: task \"cruncher\" (#" + std::to_string(s.task.id) + ") blocked the loop for "),
            std::string::npos)
      << err;
  EXPECT_NE(err.find(" ms at concur_reactor_tests+0x"), std::string::npos) << err;
}

// The slice's task is named whether its context outlives the slice or ends in it:
// here the first stalling slice ends with the task suspended again, the second ends
// the with_timeout scope it was resumed in (its context) and then suspends. Seen
// through the slice watch (the observer only), so that no stall line on stderr
// takes from the rate limit of the tests after it.
Task<void> sleeps_then_computes_in_and_after_a_scope() {
  co_await sleep_for(1ms);
  compute_for(80ms);
  co_await sleep_for(1ms);
  co_await with_timeout(10s, []() -> Task<void> {
    co_await sleep_for(1ms);  // resumed in the scope's context
    compute_for(80ms);
  }());
  co_await sleep_for(1ms);
}

TEST_F(Stalls, TheStalledTaskIsNamedWhetherItsContextOutlivesTheSliceOrNot) {
  Reactor reactor;
  reactor.set_stall_threshold(0ms);
  set_slice_watch(10ms);
  ::testing::internal::CaptureStderr();
  reactor.run(spawn_one(sleeps_then_computes_in_and_after_a_scope(), "twice"));
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(err, "");
  ASSERT_EQ(recorder_.stalls.size(), 2u) << err;
  for (const SeenStall& s : recorder_.stalls) {
    EXPECT_STREQ(s.task.name, "twice");
    EXPECT_GT(s.task.id, 0u);
    EXPECT_GE(s.duration, 70ms);
  }
  EXPECT_EQ(recorder_.stalls[0].task.id, recorder_.stalls[1].task.id);
}

TEST_F(Stalls, ATaskSleepingInUsleepIsReportedWithoutCuttingTheSleepShort) {
  Reactor reactor;
  reactor.set_stall_threshold(10ms);
  Clock::duration slept{};
  ::testing::internal::CaptureStderr();
  reactor.run(spawn_one(
      [](Clock::duration& out) -> Task<void> {
        auto start = Clock::now();
        ::usleep(60'000);  // a signal would end it early (EINTR)
        out = Clock::now() - start;
        co_return;
      }(slept),
      "sleeper"));
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_GE(slept, 60ms);
  ASSERT_EQ(recorder_.stalls.size(), 1u) << err;
  EXPECT_EQ(recorder_.stalls[0].blocked_in, "nanosleep");
  EXPECT_EQ(recorder_.stalls[0].stack_depth, 0u);
  EXPECT_GE(recorder_.stalls[0].duration, 45ms);
  EXPECT_NE(err.find("task \"sleeper\""), std::string::npos) << err;
  EXPECT_NE(err.find("(blocked in nanosleep)"), std::string::npos) << err;
}

TEST_F(Stalls, ShortSlicesAndSuspendedTasksAreNotStalls) {
  Reactor reactor;
  reactor.set_stall_threshold(50ms);
  reactor.run([]() -> Task<void> {
    TaskGroup group;
    for (int i = 0; i < 20; ++i)
      group.spawn([]() -> Task<void> {
        for (int j = 0; j < 5; ++j) {
          compute_for(1ms);
          co_await sleep_for(20ms);  // waiting, not computing: never a stall
        }
      }());
    co_await group.join();
  }());
  EXPECT_TRUE(recorder_.stalls.empty());
  EXPECT_EQ(reactor.stats().stalls, 0u);
}

TEST_F(Stalls, AThresholdOfZeroTurnsDetectionOff) {
  Reactor reactor;
  reactor.set_stall_threshold(0ms);
  ::testing::internal::CaptureStderr();
  reactor.run(spawn_one(computes(40ms), "unwatched"));
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
  EXPECT_TRUE(recorder_.stalls.empty());
}

TEST_F(Stalls, TheSliceWatchReportsToTheObserverOnlyEvenWithDetectionOff) {
  Reactor reactor;
  reactor.set_stall_threshold(0ms);
  set_slice_watch(5ms);
  ::testing::internal::CaptureStderr();
  reactor.run(spawn_one(computes(40ms), "watched"));
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
  ASSERT_EQ(recorder_.stalls.size(), 1u);
  EXPECT_FALSE(recorder_.stalls[0].over_threshold);
  EXPECT_GE(recorder_.stalls[0].duration, 30ms);
}

TEST_F(Stalls, LinesAreRateLimitedAndTheNextLineCountsWhatWasNotShown) {
  Reactor reactor;
  reactor.set_stall_threshold(4ms);
  ::testing::internal::CaptureStderr();
  const auto start = Clock::now();
  // Slices of 30 ms of CPU: the watchdog starts timing a slice when it first sees
  // it, so on a loaded machine a slice must outlast the watchdog's own wake-up delay
  // by more than the threshold to be flagged.
  reactor.run([]() -> Task<void> {
    TaskGroup group;
    for (int i = 0; i < 16; ++i) group.spawn(computes(30ms), "burst");
    co_await group.join();
    co_await sleep_for(1200ms);  // one line's worth of budget comes back
    group.spawn(computes(30ms), "after");
    co_await group.join();
  }());
  const double elapsed_s = std::chrono::duration<double>(Clock::now() - start).count();
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(recorder_.stalls.size(), 17u);
  std::size_t lines = 0;
  for (std::size_t at = 0; (at = err.find("concur: task", at)) != std::string::npos; ++at) ++lines;
  // The bucket: 10 lines at once, then one a second of the run (a loaded machine
  // stretches the burst, and the bucket refills meanwhile).
  EXPECT_LE(lines, 10u + static_cast<std::size_t>(elapsed_s)) << err;
  EXPECT_LT(lines, 17u) << err;  // some lines were held back
  EXPECT_NE(err.find("\"after\""), std::string::npos) << err;
  EXPECT_NE(err.find("earlier stalls not shown"), std::string::npos) << err;
}

// Run by ctest with CONCUR_STALL_MS set (tests/reactor/CMakeLists.txt).
TEST(StallEnvironment, TheThresholdComesFromConcurStallMs) {
  const char* value = std::getenv("CONCUR_STALL_MS");
  if (value == nullptr) GTEST_SKIP() << "run with CONCUR_STALL_MS set (ctest does)";
  Reactor reactor;
  if (std::string(value) == "25") EXPECT_EQ(reactor.stall_threshold(), 25ms);
  else if (std::string(value) == "0") EXPECT_EQ(reactor.stall_threshold(), 0ms);
  else EXPECT_EQ(reactor.stall_threshold(), 10ms) << "a bad value keeps the default";
}

}  // namespace
}  // namespace concur

// What every block matcher does alike: run once per assertion, fail on an
// exception with its message, print blocks readably, describe and negate.
#include <concur/testing.h>

#include <gtest/gtest-spi.h>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

namespace {

using namespace concur::testing;
using ::testing::Not;

void* volatile g_sink;

void AllocateAndFree() {
  int* p = new int(1);
  g_sink = p;
  delete p;
}

}  // namespace

// External linkage: the optimizer keeps every store.
int g_mutated = 0;
int g_leaked_fd = -1;

namespace {

void LeakSocket() { g_leaked_fd = socket(AF_INET, SOCK_STREAM, 0); }
void LeakPipeEnd() {
  int ends[2];
  ASSERT_EQ(pipe2(ends, O_CLOEXEC), 0);
  close(ends[1]);
  g_leaked_fd = ends[0];
}
void CloseLeaked() {
  if (g_leaked_fd >= 0) close(g_leaked_fd);
  g_leaked_fd = -1;
}

// Every way an assertion can evaluate `matcher` runs the block exactly once:
// passing and failing, plain and negated (EXPECT_THAT evaluates a failing
// matcher a second time to explain it).
template <class M>
void ExpectOneRunPerAssertion(M matcher, std::function<void()> passes, std::function<void()> fails,
                              const char* failure_text) {
  int runs = 0;
  auto counted = [&](const std::function<void()>& fn) {
    return Block([&runs, fn] {
      ++runs;
      fn();
    });
  };
  EXPECT_THAT(counted(passes), matcher);
  EXPECT_EQ(runs, 1) << "passing";
  runs = 0;
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(counted(fails), matcher), failure_text);
  CloseLeaked();
  EXPECT_EQ(runs, 1) << "failing";
  runs = 0;
  EXPECT_THAT(counted(fails), Not(matcher));
  CloseLeaked();
  EXPECT_EQ(runs, 1) << "failing, negated";
  runs = 0;
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(counted(passes), Not(matcher)), "Actual: block at");
  EXPECT_EQ(runs, 1) << "passing, negated";
}

TEST(BlockMatchers, EveryMatcherRunsItsBlockOncePerAssertionPassingOrFailing) {
  auto nothing = [] {};
  ExpectOneRunPerAssertion(DoesNotAllocate(), nothing, AllocateAndFree, "allocated 1 time");
  ExpectOneRunPerAssertion(AllocatesAtMost(1), AllocateAndFree,
                           [] { AllocateAndFree(), AllocateAndFree(); }, "allocated 2 times");
  ExpectOneRunPerAssertion(AllocatesBytesAtMost(sizeof(int)), nothing,
                           [] { g_sink = new char[64]; delete[] static_cast<char*>(g_sink); }, "64 bytes");
  ExpectOneRunPerAssertion(DoesNotLeakSockets(), nothing, LeakSocket, "leaked TCP socket");
  ExpectOneRunPerAssertion(DoesNotLeakFds(), nothing, LeakPipeEnd, "leaked fd");
  ExpectOneRunPerAssertion(DoesNotMutateGlobals(), nothing, [] { ++g_mutated; }, "g_mutated");
  ExpectOneRunPerAssertion(MutatesOnlyGlobals({"*::g_sink"}), [] { g_sink = &g_mutated; }, [] { ++g_mutated; },
                           "g_mutated");
  ExpectOneRunPerAssertion(DoesNotMutateGlobals().NamingWriters(), nothing, [] { ++g_mutated; }, "g_mutated");
  concur::ThreadLeakOptions short_grace;
  short_grace.grace_period = std::chrono::milliseconds(20);
  auto outlive_the_check = [] {
    std::thread([] { std::this_thread::sleep_for(std::chrono::milliseconds(200)); }).detach();
  };
  ExpectOneRunPerAssertion(DoesNotLeakThreads(short_grace), nothing, outlive_the_check, "left 1 thread running");
}

TEST(BlockMatchers, TheThreadSanitizerMatchersRunTheirBlockOncePerAssertion) {
  CONCUR_REQUIRE_TSAN();
  // A fresh address for every run: TSan reports a race on an address once per
  // process unless told otherwise, and this block runs in three assertions.
  static int racy[16] = {};
  static std::atomic<int> next_slot{0};
  auto race = [] {
    int* slot = &racy[next_slot.fetch_add(1) % 16];
    std::thread other([slot] { ++*slot; });
    ++*slot;
    other.join();
  };
  ExpectOneRunPerAssertion(HasNoDataRaces(), [] {}, race, "data race");
  auto inversion = [] {
    auto a = std::make_unique<std::mutex>(), b = std::make_unique<std::mutex>();
    std::thread([&] {
      std::lock_guard first(*a);
      std::lock_guard second(*b);
    }).join();
    std::thread([&] {
      std::lock_guard first(*b);
      std::lock_guard second(*a);
    }).join();
  };
  ExpectOneRunPerAssertion(HasNoLockOrderInversions(), [] {}, inversion, "lock-order-inversion");
}

using StoredBlock = Block<std::function<void()>>;

// A block that allocates once and counts its runs in `runs`.
StoredBlock CountedAllocation(int& runs) {
  return StoredBlock(std::function<void()>([&runs] {
    ++runs;
    AllocateAndFree();
  }));
}

TEST(BlockMatchers, AnExplanationRightAfterAFailedMatchReusesItsMeasurement) {
  const ::testing::Matcher<StoredBlock> matcher = DoesNotAllocate();
  int runs = 0;
  const StoredBlock block = CountedAllocation(runs);
  EXPECT_FALSE(matcher.Matches(block));
  ::testing::StringMatchResultListener listener;
  EXPECT_FALSE(matcher.MatchAndExplain(block, &listener));
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(listener.str().substr(0, 17), "allocated 1 time,");
}

TEST(BlockMatchers, AnotherBlockAtTheSameAddressIsMeasuredAfresh) {
  const ::testing::Matcher<StoredBlock> matcher = DoesNotAllocate();
  std::optional<StoredBlock> block;
  block.emplace(std::function<void()>(AllocateAndFree));
  EXPECT_FALSE(matcher.Matches(*block));
  bool second_ran = false;
  block.emplace(std::function<void()>([&] { second_ran = true; }));  // same address, another block
  ::testing::StringMatchResultListener listener;
  EXPECT_TRUE(matcher.MatchAndExplain(*block, &listener));
  EXPECT_TRUE(second_ran);
  EXPECT_EQ(listener.str().substr(0, 17), "allocated 0 times");
}

TEST(BlockMatchers, AMeasurementInBetweenMakesTheExplanationMeasureAgain) {
  const ::testing::Matcher<StoredBlock> matcher = DoesNotAllocate();
  int runs = 0;
  const StoredBlock block = CountedAllocation(runs);
  EXPECT_FALSE(matcher.Matches(block));
  EXPECT_THAT(Block([] {}), DoesNotAllocate());  // another evaluation on this thread
  ::testing::StringMatchResultListener listener;
  EXPECT_FALSE(matcher.MatchAndExplain(block, &listener));
  EXPECT_EQ(runs, 2);
}

TEST(BlockMatchers, AStoredMatcherMeasuresEachAssertionAfresh) {
  const ::testing::Matcher<StoredBlock> matcher = DoesNotMutateGlobals();
  int runs = 0;
  const StoredBlock block(std::function<void()>([&] {
    ++runs;
    ++g_mutated;
  }));
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(block, matcher), "g_mutated");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(block, matcher), "g_mutated");
  EXPECT_EQ(runs, 2);
}

TEST(BlockMatchers, AnAssertionInsideTheBlockDoesNotDisturbTheOuterOne) {
  int outer_runs = 0, inner_runs = 0;
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([&] {
                                        ++outer_runs;
                                        EXPECT_THAT(Block([&] { ++inner_runs; }), DoesNotLeakFds());
                                        LeakPipeEnd();
                                      }),
                                      DoesNotLeakFds()),
                          "leaked fd");
  CloseLeaked();
  EXPECT_EQ(outer_runs, 1);
  EXPECT_EQ(inner_runs, 1);
}

TEST(BlockMatchers, RunAFailingBlockOnlyOnceAlthoughEXPECT_THATEvaluatesTwice) {
  int runs = 0;
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([&] {
                                        ++runs;
                                        AllocateAndFree();
                                      }),
                                      DoesNotAllocate()),
                          "allocated 1 time");
  EXPECT_EQ(runs, 1);
  runs = 0;
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([&] { ++runs; }), Not(DoesNotMutateGlobals())), "changed no global");
  EXPECT_EQ(runs, 1);
}

TEST(BlockMatchers, RunAPassingBlockOnce) {
  int runs = 0;
  EXPECT_THAT(Block([&] { ++runs; }), DoesNotLeakFds());
  EXPECT_EQ(runs, 1);
}

TEST(BlockMatchers, FailWithTheMessageOfAnExceptionTheBlockThrew) {
  EXPECT_NONFATAL_FAILURE(
      EXPECT_THAT(Block([] { throw std::runtime_error("rate table is empty"); }), DoesNotAllocate()),
      "the block threw an exception: rate table is empty");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([] { throw 42; }), DoesNotLeakSockets()),
                          "threw an exception of unknown type");
}

TEST(BlockMatchers, PrintABlockAsWhereItWasWritten) {
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([] { AllocateAndFree(); }), DoesNotAllocate()),
                          "Actual: block at ");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([] { AllocateAndFree(); }), DoesNotAllocate()),
                          "matcher_conventions_test.cpp:");
}

TEST(BlockMatchers, AcceptPlainLambdas) {
  EXPECT_THAT([] {}, DoesNotAllocate());
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT([] { AllocateAndFree(); }, DoesNotAllocate()), "allocated 1 time");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT([] { ++g_mutated; }, DoesNotMutateGlobals()), "of g_mutated");
}

TEST(BlockMatchers, DescribeThemselvesAndTheirNegation) {
  EXPECT_EQ(::testing::DescribeMatcher<Block<void (*)()>>(DoesNotAllocate()), "does not allocate");
  EXPECT_EQ(::testing::DescribeMatcher<Block<void (*)()>>(AllocatesAtMost(3), true), "allocates more than 3 times");
  EXPECT_EQ(::testing::DescribeMatcher<Block<void (*)()>>(DoesNotLeakSockets()), "does not leak sockets");
  EXPECT_EQ(::testing::DescribeMatcher<Block<void (*)()>>(MutatesOnlyGlobals({"a::*", "b"})),
            "mutates only globals matching \"a::*\" \"b\"");
  EXPECT_EQ(::testing::DescribeMatcher<Block<void (*)()>>(HasNoDataRaces(), true), "has a data race (ThreadSanitizer)");
}

}  // namespace

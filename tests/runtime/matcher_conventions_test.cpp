// What every block matcher does alike: run once per assertion, fail on an
// exception with its message, print blocks readably, describe and negate.
#include <concur/testing.h>

#include <gtest/gtest-spi.h>

#include <stdexcept>

namespace {

using namespace concur::testing;
using ::testing::Not;

void* volatile g_sink;

void AllocateAndFree() {
  int* p = new int(1);
  g_sink = p;
  delete p;
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
  EXPECT_THAT([] {}, DoesNotMutateGlobals());
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

#include <concur/testing.h>

#include <gtest/gtest-spi.h>

#include <atomic>
#include <mutex>
#include <thread>

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
// Each test must see its own races, even when the stacks repeat.
extern "C" const char* __tsan_default_options() { return "suppress_equal_stacks=0"; }
#endif
#endif

int g_racy_counter = 0;

namespace {

using namespace concur::testing;

void IncrementFromTwoThreads(bool locked) {
  static std::mutex mu;
  auto work = [locked] {
    for (int i = 0; i < 1000; ++i) {
      if (locked) {
        std::lock_guard lock(mu);
        ++g_racy_counter;
      } else {
        ++g_racy_counter;
      }
    }
  };
  std::thread a(work), b(work);
  a.join();
  b.join();
}

TEST(HasNoDataRaces, PassesWhenTheThreadsSynchronize) {
  EXPECT_THAT(Block([] { IncrementFromTwoThreads(true); }), HasNoDataRaces());
}

TEST(HasNoDataRaces, FailsOnTwoThreadsIncrementingAGlobal) {
  CONCUR_REQUIRE_TSAN();
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([] { IncrementFromTwoThreads(false); }), HasNoDataRaces()),
                          "location: global 'g_racy_counter' tsan_test.cpp:16");
}

TEST(HasNoDataRaces, NamesTheRacingFunctionsInTheReport) {
  CONCUR_REQUIRE_TSAN();
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([] { IncrementFromTwoThreads(false); }), HasNoDataRaces()),
                          "IncrementFromTwoThreads(bool)::$_0::operator()() const tsan_test.cpp:30");
}

TEST(HasNoDataRaces, IsASkipNotAPassWithoutThreadSanitizer) {
  if (concur::tsan_enabled()) GTEST_SKIP() << "this build has TSan";
  bool ran = false;
  EXPECT_THAT(Block([&] { ran = true; }), HasNoDataRaces());
  EXPECT_FALSE(ran);
  EXPECT_TRUE(::testing::Test::IsSkipped());
}

}  // namespace

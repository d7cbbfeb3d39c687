#include <concur/testing.h>

#include <gtest/gtest-spi.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
// Each test, and each run of a block, must see its own races: stacks and addresses repeat.
extern "C" const char* __tsan_default_options() { return "suppress_equal_stacks=0:suppress_equal_addresses=0"; }
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
                          "location: global 'g_racy_counter' tsan_test.cpp:17");
}

TEST(HasNoDataRaces, NamesTheRacingFunctionsInTheReport) {
  CONCUR_REQUIRE_TSAN();
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([] { IncrementFromTwoThreads(false); }), HasNoDataRaces()),
                          "IncrementFromTwoThreads(bool)::$_0::operator()() const tsan_test.cpp:31");
}

TEST(HasNoDataRaces, IsASkipNotAPassWithoutThreadSanitizer) {
  if (concur::tsan_enabled()) GTEST_SKIP() << "this build has TSan";
  bool ran = false;
  EXPECT_THAT(Block([&] { ran = true; }), HasNoDataRaces());
  EXPECT_FALSE(ran);
  EXPECT_TRUE(::testing::Test::IsSkipped());
}

// Two code paths that take the same two mutexes in opposite orders: run one
// after the other they never deadlock, but on two threads at once they can.
struct Bank {
  std::mutex accounts_mu;
  std::mutex audit_mu;
  int balance = 0;
};

void Transfer(Bank& bank) {
  std::lock_guard accounts(bank.accounts_mu);
  std::lock_guard audit(bank.audit_mu);
  ++bank.balance;
}

void Audit(Bank& bank) {
  std::lock_guard audit(bank.audit_mu);
  std::lock_guard accounts(bank.accounts_mu);
  --bank.balance;
}

void TransferThenAudit(Bank& bank) {
  std::thread([&] { Transfer(bank); }).join();
  std::thread([&] { Audit(bank); }).join();
}

// Fresh mutexes for each test: TSan remembers lock-order edges per mutex.
std::unique_ptr<Bank> NewBank() { return std::make_unique<Bank>(); }

TEST(HasNoLockOrderInversions, PassesWhenEveryPathLocksInTheSameOrder) {
  auto bank = NewBank();
  EXPECT_THAT(Block([&] {
                std::thread([&] { Transfer(*bank); }).join();
                std::thread([&] { Transfer(*bank); }).join();
              }),
              HasNoLockOrderInversions());
}

TEST(HasNoLockOrderInversions, FailsOnTwoMutexesLockedInOppositeOrders) {
  CONCUR_REQUIRE_TSAN();
  auto bank = NewBank();
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([&] { TransferThenAudit(*bank); }), HasNoLockOrderInversions()),
                          "ThreadSanitizer reported 1 lock-order inversion\nlock-order-inversion (potential deadlock)");
}

TEST(HasNoLockOrderInversions, ExplainsEachAcquisitionOrderWithItsStack) {
  CONCUR_REQUIRE_TSAN();
  auto bank = NewBank();
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([&] { TransferThenAudit(*bank); }), HasNoLockOrderInversions()),
                          "Transfer((anonymous namespace)::Bank&) tsan_test.cpp:74");
  bank = NewBank();
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([&] { TransferThenAudit(*bank); }), HasNoLockOrderInversions()),
                          "Audit((anonymous namespace)::Bank&) tsan_test.cpp:80");
}

TEST(HasNoDataRaces, AlsoFailsOnALockOrderInversion) {
  CONCUR_REQUIRE_TSAN();
  auto bank = NewBank();
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([&] { TransferThenAudit(*bank); }), HasNoDataRaces()),
                          "lock-order-inversion (potential deadlock), cycle M");
}

TEST(HasNoLockOrderInversions, IsASkipWithoutThreadSanitizer) {
  if (concur::tsan_enabled()) GTEST_SKIP() << "this build has TSan";
  bool ran = false;
  EXPECT_THAT(Block([&] { ran = true; }), HasNoLockOrderInversions());
  EXPECT_FALSE(ran);
  EXPECT_TRUE(::testing::Test::IsSkipped());
}

}  // namespace

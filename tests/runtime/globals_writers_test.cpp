// DoesNotMutateGlobals().NamingWriters(): who wrote each changed global.
#include <concur/testing.h>

#include <gtest/gtest-spi.h>

#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <thread>

namespace rates {
double g_rate = 1.0;
int g_rate_version = 0;
char g_rate_file[64];
long g_lookups = 0;
char g_table[3 * 4096];

__attribute__((noinline)) void SetRate(double rate) {
  g_rate = rate;
  ++g_rate_version;
}
}  // namespace rates

namespace {

using namespace concur::testing;
using ::testing::HasSubstr;
using ::testing::Not;

// Writer naming needs x86-64 and a build without ThreadSanitizer.
#define SKIP_WITHOUT_WRITER_NAMING()                                                            \
  do {                                                                                          \
    if (concur::tsan_enabled()) GTEST_SKIP() << "writer naming is not available under TSan";    \
  } while (0)

// Starts a thread named `name` that runs `work` once the block has started,
// and is joined when the block ends.
class Worker {
 public:
  template <class Work>
  Worker(const char* name, Work work)
      : thread_([this, name, work] {
          pthread_setname_np(pthread_self(), name);
          while (!go_.load()) std::this_thread::yield();
          work();
          done_.store(true);
        }) {}
  void RunAndWait() {
    go_.store(true);
    while (!done_.load()) std::this_thread::yield();
  }
  ~Worker() { thread_.join(); }

 private:
  std::atomic<bool> go_{false}, done_{false};
  std::thread thread_;
};

TEST(NamingWriters, NamesTheWritingFunctionItsLineTheCallingLineAndTheThread) {
  SKIP_WITHOUT_WRITER_NAMING();
  auto set_rate = [] { rates::SetRate(1.25); };  // the calling line
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block(set_rate), DoesNotMutateGlobals().NamingWriters()),
                          "of rates::g_rate (globals_writers_test.cpp:15) [concur_runtime_tests+0x");
  rates::g_rate = 1.0;
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block(set_rate), DoesNotMutateGlobals().NamingWriters()),
                          "in rates::SetRate at globals_writers_test.cpp:22, called from "
                          "globals_writers_test.cpp:64, on the test's thread");
  EXPECT_NONFATAL_FAILURE(
      EXPECT_THAT(Block([] { rates::SetRate(1.5); }), DoesNotMutateGlobals().NamingWriters()),
      "of rates::g_rate_version (globals_writers_test.cpp:16) [concur_runtime_tests+0x");
  rates::g_rate = 1.0;
}

TEST(NamingWriters, NamesTwoGlobalsOnOnePageEachWithItsOwnWrite) {
  SKIP_WITHOUT_WRITER_NAMING();
  concur::GlobalsOptions options;
  options.name_writers = true;
  auto before = concur::GlobalsSnapshot::take(options);
  rates::g_table[10] = 1;    // the page is protected again after this write,
  rates::g_rate_version = 7;  // so this one is seen too (another page or not)
  concur::GlobalsReport report = before.changes();
  ASSERT_EQ(report.changes.size(), 2u);
  for (const concur::GlobalChange& change : report.changes) {
    ASSERT_EQ(change.writers.size(), 1u) << change.symbol;
    EXPECT_TRUE(change.writers[0].snapshot_thread);
    EXPECT_THAT(change.writers[0].site, HasSubstr("globals_writers_test.cpp:"));
  }
  rates::g_table[10] = 0;
  rates::g_rate_version = 0;
}

TEST(NamingWriters, ReportsAnotherThreadsWritesApartWithoutFailing) {
  SKIP_WITHOUT_WRITER_NAMING();
  auto block = [] {
    Worker worker("rate-refresh", [] { ++rates::g_lookups; });
    worker.RunAndWait();
  };
  EXPECT_THAT(Block(block), DoesNotMutateGlobals().NamingWriters());
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block(block), Not(DoesNotMutateGlobals().NamingWriters())),
                          "also changed during the block by other threads (not counted):\n"
                          "  wrote 1 byte of rates::g_lookups");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block(block), Not(DoesNotMutateGlobals().NamingWriters())),
                          "on thread 'rate-refresh' (tid ");
}

TEST(NamingWriters, CountsOtherThreadsWhenAskedForAllThreads) {
  SKIP_WITHOUT_WRITER_NAMING();
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([] {
                                        Worker worker("rate-refresh", [] { ++rates::g_lookups; });
                                        worker.RunAndWait();
                                      }),
                                      DoesNotMutateGlobals().NamingWriters().OnAllThreads()),
                          "of rates::g_lookups");
}

TEST(NamingWriters, NamesEveryThreadThatWroteAGlobalTheTestsThreadFirst) {
  SKIP_WITHOUT_WRITER_NAMING();
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([] {
                                        ++rates::g_lookups;
                                        Worker worker("rate-refresh", [] { ++rates::g_lookups; });
                                        worker.RunAndWait();
                                      }),
                                      DoesNotMutateGlobals().NamingWriters()),
                          "on the test's thread; also written in ");
}

TEST(NamingWriters, LetsTheKernelWriteAGlobalForASystemCallAndSaysSo) {
  SKIP_WITHOUT_WRITER_NAMING();
  int ends[2];
  ASSERT_EQ(pipe2(ends, O_CLOEXEC), 0);
  ASSERT_EQ(write(ends[1], "rates.csv", 9), 9);
  ssize_t got = -1;
  int error = 0;
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([&] {
                                        got = read(ends[0], rates::g_rate_file, sizeof rates::g_rate_file);
                                        error = errno;
                                      }),
                                      DoesNotMutateGlobals().NamingWriters()),
                          "of rates::g_rate_file (globals_writers_test.cpp:17) [concur_runtime_tests+0x");
  EXPECT_EQ(got, 9) << std::strerror(error);  // not EFAULT
  close(ends[0]);
  close(ends[1]);
  std::memset(rates::g_rate_file, 0, sizeof rates::g_rate_file);
}

TEST(NamingWriters, NamesTheCallThroughWhichTheKernelWrote) {
  SKIP_WITHOUT_WRITER_NAMING();
  int ends[2];
  ASSERT_EQ(pipe2(ends, O_CLOEXEC), 0);
  ASSERT_EQ(write(ends[1], "eur.csv", 7), 7);
  concur::GlobalsOptions options;
  options.name_writers = true;
  auto before = concur::GlobalsSnapshot::take(options);
  const int line = __LINE__; const ssize_t got = read(ends[0], rates::g_rate_file, sizeof rates::g_rate_file);
  concur::GlobalsReport report = before.changes();
  close(ends[0]);
  close(ends[1]);
  ASSERT_EQ(got, 7);
  ASSERT_EQ(report.changes.size(), 1u);
  ASSERT_EQ(report.changes[0].writers.size(), 1u);
  EXPECT_EQ(report.changes[0].writers[0].system_call, "read");
  EXPECT_EQ(report.changes[0].writers[0].called_from, "globals_writers_test.cpp:" + std::to_string(line));
  std::memset(rates::g_rate_file, 0, sizeof rates::g_rate_file);
}

TEST(NamingWriters, GivesUpOnAPageWrittenInAHotLoopAndSaysSo) {
  SKIP_WITHOUT_WRITER_NAMING();
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([] {
                                        for (int i = 0; i < 100'000; ++i) {
                                          *static_cast<volatile long*>(&rates::g_lookups) = i;
                                        }
                                      }),
                                      DoesNotMutateGlobals().NamingWriters()),
                          "1 page was written more than 256 times and left writable");
}

TEST(NamingWriters, LeavesOtherFaultsToTheirHandlers) {
  SKIP_WITHOUT_WRITER_NAMING();
  concur::GlobalsOptions options;
  options.name_writers = true;
  (void)concur::GlobalsSnapshot::take(options).changes();  // the handlers are installed now
  EXPECT_DEATH(*static_cast<volatile int*>(nullptr) = 1, "");
}

TEST(NamingWriters, SaysWhyWritersAreNotNamedUnderThreadSanitizer) {
  if (!concur::tsan_enabled()) GTEST_SKIP() << "this build has no TSan";
  EXPECT_NONFATAL_FAILURE(
      EXPECT_THAT(Block([] { rates::SetRate(2.0); }), DoesNotMutateGlobals().NamingWriters()),
      "(writers not named: writer naming is not available under ThreadSanitizer");
}

}  // namespace

#include <concur/testing.h>

#include <gtest/gtest-spi.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <map>
#include <string>

// The hazards, with external linkage so the optimizer keeps every store.
namespace money {
int g_rate_version = 0;
struct Bank {
  static double s_default_rate;
};
double Bank::s_default_rate = 1.0;

std::map<std::string, double>& RateCache() {
  static std::map<std::string, double> rates;
  return rates;
}
void StoreRate(const std::string& currency, double rate) { RateCache()[currency] = rate; }
}  // namespace money

namespace app {
int g_hits = 0;
int g_misses = 0;
char g_input[256];
char g_big_table[1 << 20];
}  // namespace app

int ReadVersion() { return money::g_rate_version; }

namespace {

using namespace concur::testing;
using concur::GlobalsMode;

// Every behaviour holds in both modes; written_pages needs Linux >= 6.7 and
// userfaultfd, and is skipped (saying why) where they are missing.
class Globals : public ::testing::TestWithParam<GlobalsMode> {
 protected:
  void SetUp() override {
    if (GetParam() == GlobalsMode::written_pages && concur::globals_mode() != GlobalsMode::written_pages)
      GTEST_SKIP() << "written-page tracking unavailable: " << concur::globals_mode_reason();
  }
  concur::GlobalsOptions Options() const {
    concur::GlobalsOptions options;
    options.mode = GetParam();
    return options;
  }
  concur::GlobalsSnapshot Take() const { return concur::GlobalsSnapshot::take(Options()); }
};

INSTANTIATE_TEST_SUITE_P(Modes, Globals, ::testing::Values(GlobalsMode::written_pages, GlobalsMode::full_copy),
                         [](const ::testing::TestParamInfo<GlobalsMode>& info) {
                           return info.param == GlobalsMode::written_pages ? "written_pages" : "full_copy";
                         });

TEST_P(Globals, DoesNotMutateGlobalsPassesOnCodeThatOnlyReadsGlobalsAndWritesLocals) {
  int local = 0;
  EXPECT_THAT(Block([&] { local = ReadVersion() + 1; }), DoesNotMutateGlobals(Options()));
  std::string s;
  EXPECT_THAT(Block([&] { s = std::string(100, 'x') + std::to_string(local); }), DoesNotMutateGlobals(Options()));
}

TEST_P(Globals, DoesNotMutateGlobalsFailsOnANamespaceScopeIntNamingItAndItsLine) {
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([] { money::g_rate_version = 42; }), DoesNotMutateGlobals(Options())),
                          "wrote 1 byte of money::g_rate_version (globals_test.cpp:14)");
  money::g_rate_version = 0;
}

TEST_P(Globals, DoesNotMutateGlobalsFailsOnAClassStatic) {
  EXPECT_NONFATAL_FAILURE(
      EXPECT_THAT(Block([] { money::Bank::s_default_rate = 1.25; }), DoesNotMutateGlobals(Options())),
      "wrote 1 byte of money::Bank::s_default_rate (globals_test.cpp:16) [concur_runtime_tests+0x");
  money::Bank::s_default_rate = 1.0;
}

TEST_P(Globals, DoesNotMutateGlobalsFailsOnAFunctionLocalStaticMap) {
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([] { money::StoreRate("EUR", 1.08); }), DoesNotMutateGlobals(Options())),
                          "of money::RateCache()::rates (globals_test.cpp:21)");
  money::RateCache().clear();
}

TEST_P(Globals, DoesNotMutateGlobalsReportsAMagicStaticOnceNotAlsoItsGuard) {
  auto before = Take();
  money::StoreRate("first", 1.0);
  concur::GlobalsReport report = before.changes();
  for (const concur::GlobalChange& c : report.changes) EXPECT_FALSE(c.symbol.starts_with("guard variable"));
}

TEST_P(Globals, MutatesOnlyGlobalsPassesWhenEveryChangeIsAllowed) {
  EXPECT_THAT(Block([] {
                ++app::g_hits;
                ++app::g_misses;
              }),
              MutatesOnlyGlobals({"app::*"}, Options()));
  EXPECT_THAT(Block([] { money::StoreRate("CHF", 0.9); }), MutatesOnlyGlobals({"money::RateCache()::rates"}, Options()));
}

TEST_P(Globals, MutatesOnlyGlobalsFailsOnAChangeOutsideTheAllowList) {
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([] {
                                        ++app::g_hits;
                                        money::g_rate_version = 7;
                                      }),
                                      MutatesOnlyGlobals({"app::g_hits"}, Options())),
                          "of money::g_rate_version");
  money::g_rate_version = 0;
}

TEST_P(Globals, MutatesOnlyGlobalsReportsAnAllowPatternThatMatchesNothing) {
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([] { ++app::g_hits; }), MutatesOnlyGlobals({"app::*", "mony::*"}, Options())),
                          "allow-list pattern \"mony::*\" matches no global");
}

TEST_P(Globals, DoesNotMutateGlobalsReportsAModuleThatIsNotLoaded) {
  concur::GlobalsOptions options = Options();
  options.modules = {"libdoes-not-exist.so"};
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([] {}), DoesNotMutateGlobals(options)),
                          "module \"libdoes-not-exist.so\" is not loaded");
}

TEST_P(Globals, SnapshotCountsOnlyTheBytesThatChanged) {
  auto before = Take();
  app::g_misses += 0x10000;  // one byte of four changes (little endian)
  concur::GlobalsReport report = before.changes();
  ASSERT_EQ(report.changes.size(), 1u);
  EXPECT_EQ(report.changes[0].symbol, "app::g_misses");
  EXPECT_EQ(report.changes[0].bytes_changed, 1u);
  EXPECT_GE(report.changes[0].size, sizeof(int));  // ASan pads globals with redzones
}

TEST_P(Globals, SaysWhichModeItUsedInTheFailure) {
  const char* expected = GetParam() == GlobalsMode::written_pages ? "(globals mode: written pages)" : "(globals mode: full copy";
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([] { ++app::g_hits; }), DoesNotMutateGlobals(Options())), expected);
  EXPECT_EQ(Take().changes().mode, GetParam());
}

TEST_P(Globals, SeesWhatTheKernelWroteForASystemCall) {
  int ends[2];
  ASSERT_EQ(pipe2(ends, O_CLOEXEC), 0);
  ASSERT_EQ(write(ends[1], "EUR 1.08", 8), 8);
  auto before = Take();
  const ssize_t got = read(ends[0], app::g_input, sizeof app::g_input);  // the kernel writes the global
  const int error = errno;
  concur::GlobalsReport report = before.changes();
  close(ends[0]);
  close(ends[1]);
  std::memset(app::g_input, 0, sizeof app::g_input);
  ASSERT_EQ(got, 8) << std::strerror(error);  // never EFAULT
  ASSERT_EQ(report.changes.size(), 1u);
  EXPECT_EQ(report.changes[0].symbol, "app::g_input");
  EXPECT_EQ(report.changes[0].bytes_changed, 8u);
}

TEST_P(Globals, TwoOpenSnapshotsEachSeeWhatChangedSinceTheirOwnStart) {
  auto outer = Take();
  app::g_big_table[10] = 1;
  auto inner = Take();
  app::g_big_table[500'000] = 2;
  concur::GlobalsReport inner_report = inner.changes();
  concur::GlobalsReport outer_report = outer.changes();
  ASSERT_EQ(inner_report.changes.size(), 1u);
  EXPECT_EQ(inner_report.changes[0].bytes_changed, 1u);
  ASSERT_EQ(outer_report.changes.size(), 1u);
  EXPECT_EQ(outer_report.changes[0].symbol, "app::g_big_table");
  EXPECT_EQ(outer_report.changes[0].bytes_changed, 2u);
  app::g_big_table[10] = app::g_big_table[500'000] = 0;
}

TEST_P(Globals, AWriteOfTheValueAlreadyThereIsNotAChange) {
  auto before = Take();
  app::g_big_table[4096 * 3] = app::g_big_table[4096 * 3];
  *static_cast<volatile char*>(&app::g_big_table[4096 * 3]) = 0;
  EXPECT_TRUE(before.changes().changes.empty());
}

TEST_P(Globals, ReportsEachChangeOnceAcrossRepeatedQueries) {
  auto before = Take();
  app::g_big_table[4096 * 7 + 1] = 9;
  EXPECT_EQ(before.changes().changes.size(), 1u);
  EXPECT_EQ(before.changes().changes.size(), 1u);
  app::g_big_table[4096 * 7 + 1] = 0;
}

TEST(GlobalsMode, TheProbeAndItsReasonAgree) {
  EXPECT_EQ(concur::globals_mode() == GlobalsMode::full_copy, !concur::globals_mode_reason().empty());
  EXPECT_EQ(concur::describe(GlobalsMode::written_pages), "written pages");
  EXPECT_EQ(concur::describe(GlobalsMode::full_copy), "full copy");
}

TEST(GlobalsMode, AnEnvironmentVariableForcesTheFullCopy) {
  ASSERT_EQ(setenv("CONCUR_GLOBALS_MODE", "full_copy", 1), 0);
  EXPECT_EQ(concur::globals_mode(), GlobalsMode::full_copy);
  EXPECT_EQ(concur::globals_mode_reason(), "forced by CONCUR_GLOBALS_MODE=full_copy");
  EXPECT_EQ(concur::GlobalsSnapshot::take().changes().mode, GlobalsMode::full_copy);
  unsetenv("CONCUR_GLOBALS_MODE");
}

}  // namespace

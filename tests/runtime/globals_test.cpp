#include <concur/testing.h>

#include <gtest/gtest-spi.h>

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
}  // namespace app

int ReadVersion() { return money::g_rate_version; }

namespace {

using namespace concur::testing;

TEST(DoesNotMutateGlobals, PassesOnCodeThatOnlyReadsGlobalsAndWritesLocals) {
  int local = 0;
  EXPECT_THAT(Block([&] { local = ReadVersion() + 1; }), DoesNotMutateGlobals());
  std::string s;
  EXPECT_THAT(Block([&] { s = std::string(100, 'x') + std::to_string(local); }), DoesNotMutateGlobals());
}

TEST(DoesNotMutateGlobals, FailsOnANamespaceScopeIntNamingItAndItsLine) {
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([] { money::g_rate_version = 42; }), DoesNotMutateGlobals()),
                          "wrote 1 byte of money::g_rate_version (globals_test.cpp:10)");
  money::g_rate_version = 0;
}

TEST(DoesNotMutateGlobals, FailsOnAClassStatic) {
  EXPECT_NONFATAL_FAILURE(
      EXPECT_THAT(Block([] { money::Bank::s_default_rate = 1.25; }), DoesNotMutateGlobals()),
      "wrote 1 byte of money::Bank::s_default_rate (globals_test.cpp:12) [concur_runtime_tests+0x");
}

TEST(DoesNotMutateGlobals, FailsOnAFunctionLocalStaticMap) {
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([] { money::StoreRate("EUR", 1.08); }), DoesNotMutateGlobals()),
                          "of money::RateCache()::rates (globals_test.cpp:17)");
}

TEST(DoesNotMutateGlobals, ReportsAMagicStaticOnceNotAlsoItsGuard) {
  auto before = concur::GlobalsSnapshot::take();
  money::StoreRate("first", 1.0);
  concur::GlobalsReport report = before.changes();
  for (const concur::GlobalChange& c : report.changes) EXPECT_FALSE(c.symbol.starts_with("guard variable"));
}

TEST(MutatesOnlyGlobals, PassesWhenEveryChangeIsAllowed) {
  EXPECT_THAT(Block([] {
                ++app::g_hits;
                ++app::g_misses;
              }),
              MutatesOnlyGlobals({"app::*"}));
  EXPECT_THAT(Block([] { money::StoreRate("CHF", 0.9); }), MutatesOnlyGlobals({"money::RateCache()::rates"}));
}

TEST(MutatesOnlyGlobals, FailsOnAChangeOutsideTheAllowList) {
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([] {
                                        ++app::g_hits;
                                        money::g_rate_version = 7;
                                      }),
                                      MutatesOnlyGlobals({"app::g_hits"})),
                          "of money::g_rate_version");
  money::g_rate_version = 0;
}

TEST(MutatesOnlyGlobals, ReportsAnAllowPatternThatMatchesNothing) {
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([] { ++app::g_hits; }), MutatesOnlyGlobals({"app::*", "mony::*"})),
                          "allow-list pattern \"mony::*\" matches no global");
}

TEST(DoesNotMutateGlobals, ReportsAModuleThatIsNotLoaded) {
  concur::GlobalsOptions options;
  options.modules = {"libdoes-not-exist.so"};
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([] {}), DoesNotMutateGlobals(options)),
                          "module \"libdoes-not-exist.so\" is not loaded");
}

TEST(GlobalsSnapshot, CountsOnlyTheBytesThatChanged) {
  auto before = concur::GlobalsSnapshot::take();
  app::g_misses += 0x10000;  // one byte of four changes (little endian)
  concur::GlobalsReport report = before.changes();
  ASSERT_EQ(report.changes.size(), 1u);
  EXPECT_EQ(report.changes[0].symbol, "app::g_misses");
  EXPECT_EQ(report.changes[0].bytes_changed, 1u);
  EXPECT_GE(report.changes[0].size, sizeof(int));  // ASan pads globals with redzones
}

}  // namespace

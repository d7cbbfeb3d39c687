// Uses the installed concur::testing matchers (and, through them,
// concur::runtime): passes on clean blocks, fails on the hazards.
#include <concur/testing.h>

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <sys/socket.h>
#include <unistd.h>

#include <map>
#include <string>

namespace {
std::map<std::string, int> g_registry;
int g_counter = 0;
}  // namespace

using namespace concur::testing;

TEST(InstalledMatchers, AllocationBudget) {
  EXPECT_THAT(Block([] { volatile int x = 1; (void)x; }), DoesNotAllocate());
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([] { g_registry["k"] = 1; }), DoesNotAllocate()),
                          "allocated");
}

TEST(InstalledMatchers, GlobalMutation) {
  EXPECT_THAT(Block([] { int local = 2; (void)local; }), DoesNotMutateGlobals());
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([] { ++g_counter; }), DoesNotMutateGlobals()),
                          "g_counter");
}

TEST(InstalledMatchers, SocketLeaks) {
  EXPECT_THAT(Block([] { close(socket(AF_INET, SOCK_STREAM, 0)); }), DoesNotLeakSockets());
  int leaked = -1;
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([&] { leaked = socket(AF_INET, SOCK_STREAM, 0); }), DoesNotLeakSockets()),
                          "leaked TCP socket");
  close(leaked);
}

#if defined(CONCUR_TESTING_HAS_SCAN)
TEST(InstalledMatchers, StaticScan) {
  EXPECT_THAT(ScanCode("#include <map>\nstd::map<int,int> g;\nvoid put() { g[1] = 2; }\n"),
              HasFindingAtLine("concur-shared-global-cache", 3));
}
#endif

// HasNoLockOrderInversions() captures only lock-order inversions: a data race
// in its block must reach TSan as usual (printed, exit code 66) while the
// assertion passes. Checked by ctest on the output, in TSan builds only.
#include <concur/testing.h>

#include <thread>

namespace {

int g_unsynchronized = 0;

TEST(HasNoLockOrderInversions, LeavesADataRaceToThreadSanitizer) {
  EXPECT_THAT(concur::testing::Block([] {
                std::thread a([] { ++g_unsynchronized; });
                std::thread b([] { ++g_unsynchronized; });
                a.join();
                b.join();
              }),
              concur::testing::HasNoLockOrderInversions());
}

}  // namespace

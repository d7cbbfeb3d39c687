// The static-scan matchers, both ways: they pass on the hazard they name and
// fail (with an explanation that shows what was found) otherwise.
#include "concur/testing_scan.h"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

using concur::testing::HasFinding;
using concur::testing::HasFindingAtLine;
using concur::testing::HasNoFindings;
using concur::testing::ScanCode;
using concur::testing::ScanFiles;

namespace {

const char* const kLazy = R"cc(#include <memory>
#include <mutex>
struct Conn {
  std::unique_ptr<std::mutex> mu_;
  void send() {
    if (!mu_) mu_ = std::make_unique<std::mutex>();
    std::lock_guard<std::mutex> g(*mu_);
  }
};
)cc";

const char* const kEager = R"cc(#include <mutex>
struct Conn {
  std::mutex mu_;
  void send() { std::lock_guard<std::mutex> g(mu_); }
};
)cc";

TEST(ScanMatchers, HasFindingPassesOnTheHazard) {
  const auto scan = ScanCode(kLazy);
  EXPECT_THAT(scan, HasFinding("concur-racy-lazy-init"));
  EXPECT_THAT(scan, HasFindingAtLine("concur-racy-lazy-init", 6));
  EXPECT_THAT(scan, ::testing::Not(HasFinding("concur-locked-callback")));
}

TEST(ScanMatchers, HasNoFindingsPassesOnCleanCode) { EXPECT_THAT(ScanCode(kEager), HasNoFindings()); }

TEST(ScanMatchers, HasNoFindingsFailsAndShowsTheFinding) {
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(ScanCode(kLazy), HasNoFindings()),
                          "found 1: line 6: 'mu_' is created lazily without synchronization");
}

TEST(ScanMatchers, WrongLineFailsAndSaysWhereItWas) {
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(ScanCode(kLazy), HasFindingAtLine("concur-racy-lazy-init", 5)),
                          "has a concur-racy-lazy-init finding at line 5");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(ScanCode(kEager), HasFinding("concur-racy-lazy-init")),
                          "found nothing");
}

TEST(ScanMatchers, CodeThatDoesNotCompileIsNotClean) {
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(ScanCode("int f() { return undeclared; }"), HasNoFindings()),
                          "the code did not compile");
}

TEST(ScanMatchers, ScanFilesOverTheCorpus) {
  EXPECT_THAT(ScanFiles({CONCUR_SOURCE_DIR "/corpus/ruby-shapes"}), HasFinding("concur-locked-callback"));
}

}  // namespace

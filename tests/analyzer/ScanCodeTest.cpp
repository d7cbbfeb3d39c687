// scanCode(): the library entry point the gtest matchers build on, on shapes
// that need templates and helpers (the corpus covers the rest).
#include "concur/analyzer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace {

std::vector<std::pair<std::string, unsigned>> found(const concur::ScanResult& result) {
  std::vector<std::pair<std::string, unsigned>> out;
  for (const auto& f : result.findings) out.emplace_back(f.check, f.where.line);
  return out;
}

TEST(ScanCode, TemplateCallableUnderLockIsReported) {
  auto result = concur::scanCode(R"cc(#include <mutex>
class Store {
 public:
  template <class F> void synchronize(F&& f) {
    std::lock_guard<std::mutex> g(mu_);
    f();
  }
 private:
  std::mutex mu_;
};
)cc");
  EXPECT_TRUE(result.compileErrors.empty());
  EXPECT_THAT(found(result), ::testing::ElementsAre(std::make_pair("concur-locked-callback", 6u)));
  EXPECT_THAT(result.findings[0].message, ::testing::HasSubstr("template parameter type"));
}

TEST(ScanCode, RecursiveMutexIsANote) {
  auto result = concur::scanCode(R"cc(#include <mutex>
#include <functional>
struct Bus {
  std::recursive_mutex mu;
  std::function<void()> cb;
  void fire() { std::lock_guard<std::recursive_mutex> g(mu); cb(); }
};
)cc");
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_EQ(result.findings[0].severity, concur::Severity::Note);
  EXPECT_THAT(result.findings[0].message, ::testing::HasSubstr("recursive"));
}

TEST(ScanCode, DisabledChecksDoNotRun) {
  concur::AnalyzerOptions options;
  options.checks = "*,-concur-shared-global-cache";
  auto result = concur::scanCode(R"cc(#include <map>
std::map<int, int> cache;
void put(int k, int v) { cache[k] = v; }
)cc", {"-std=c++20"}, options);
  EXPECT_TRUE(result.findings.empty());
}

TEST(ScanCode, ConfiguredCallbackTypeIsRecognized) {
  const char* code = R"cc(#include <mutex>
template <class Sig> class Callback;
template <class R, class... A> class Callback<R(A...)> { public: R operator()(A...) const; };
struct Timer {
  std::mutex mu;
  Callback<void(int)> on_tick;
  void tick() { std::lock_guard<std::mutex> g(mu); on_tick(1); }
};
)cc";
  EXPECT_TRUE(concur::scanCode(code).findings.empty());
  concur::AnalyzerOptions options;
  options.callbackTypes = {"Callback"};
  EXPECT_EQ(concur::scanCode(code, {"-std=c++20"}, options).findings.size(), 1u);
}

}  // namespace

// NOLINT comments suppress findings the way clang-tidy users expect.
#include <functional>
#include <map>
#include <memory>
#include <mutex>

namespace suppressed {

std::map<int, int> g_cache;

// negative: suppressed by NOLINT naming the check.
void Put(int k) { g_cache[k] = k; }  // NOLINT(concur-shared-global-cache)

class Lazy {
 public:
  // negative: suppressed by NOLINTNEXTLINE on the line before.
  void Use() {
    // NOLINTNEXTLINE(concur-racy-lazy-init)
    if (!mu_) mu_ = std::make_unique<std::mutex>();
    std::lock_guard<std::mutex> lock(*mu_);
  }

  // negative: suppressed by a bare NOLINT (all checks).
  void Use2() {
    if (!mu2_) mu2_ = std::make_unique<std::mutex>();  // NOLINT
    std::lock_guard<std::mutex> lock(*mu2_);
  }

  // positive: a NOLINT for another check does not hide this one.
  void Use3() {
    if (!mu3_) mu3_ = std::make_unique<std::mutex>();  // NOLINT(concur-locked-callback) // expect: concur-racy-lazy-init
    std::lock_guard<std::mutex> lock(*mu3_);
  }

  // negative: a glob in NOLINT covers the check.
  void Use4() {
    if (!mu4_) mu4_ = std::make_unique<std::mutex>();  // NOLINT(concur-racy-*)
    std::lock_guard<std::mutex> lock(*mu4_);
  }

 private:
  std::unique_ptr<std::mutex> mu_, mu2_, mu3_, mu4_;
};

}  // namespace suppressed

// Uses the installed analyzer library: one finding expected on line 5.
#include <concur/analyzer.h>

#include <cstdio>

int main() {
  const auto result = concur::scan_code(R"cc(#include <memory>
#include <mutex>
struct Conn {
  std::unique_ptr<std::mutex> mu_;
  void send() { if (!mu_) mu_ = std::make_unique<std::mutex>(); mu_->lock(); mu_->unlock(); }
};
)cc");
  if (result.findings.size() != 1 || result.findings[0].check != "concur-racy-lazy-init" ||
      result.findings[0].where.line != 5) {
    std::printf("unexpected scan result: %zu findings\n", result.findings.size());
    return 1;
  }
  std::printf("client: %s at line %u\n", result.findings[0].check.c_str(), result.findings[0].where.line);
  return 0;
}

// Check registry, clang-tidy style check globs, and small shared values.
#include "concur/analyzer.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/GlobPattern.h"

namespace concur {

namespace {

struct EmbeddedDoc {
  const char* id;
  const char* page;
};
const EmbeddedDoc kDocs[] = {
#include "CheckDocs.inc"
};

std::string_view docFor(std::string_view id) {
  for (const auto& doc : kDocs)
    if (id == doc.id) return doc.page;
  return {};
}

}  // namespace

std::string_view severityName(Severity severity) {
  switch (severity) {
    case Severity::Note: return "note";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
  }
  return "warning";
}

std::string_view version() { return CONCUR_VERSION; }

const std::vector<CheckInfo>& allChecks() {
  static const std::vector<CheckInfo> checks = {
      {"concur-racy-lazy-init",
       "a mutex (or other lock) created lazily on first use without synchronization",
       Severity::Warning, docFor("concur-racy-lazy-init")},
      {"concur-locked-callback",
       "code the class does not control (a callback, listener or function pointer) runs while "
       "a lock is held",
       Severity::Warning, docFor("concur-locked-callback")},
      {"concur-shared-global-cache",
       "a static container, cache or flag mutated from code that holds no lock",
       Severity::Warning, docFor("concur-shared-global-cache")},
  };
  return checks;
}

bool isCheckEnabled(std::string_view globList, std::string_view check) {
  // clang-tidy semantics: comma-separated globs, a leading '-' removes, the
  // last glob that matches decides.
  bool enabled = false;
  llvm::SmallVector<llvm::StringRef, 8> globs;
  llvm::StringRef(globList.data(), globList.size()).split(globs, ',', -1, false);
  for (llvm::StringRef glob : globs) {
    glob = glob.trim();
    const bool negative = glob.consume_front("-");
    glob = glob.trim();
    if (glob.empty()) continue;
    auto pattern = llvm::GlobPattern::create(glob);
    if (!pattern) {
      llvm::consumeError(pattern.takeError());
      continue;
    }
    if (pattern->match(llvm::StringRef(check.data(), check.size()))) enabled = !negative;
  }
  return enabled;
}

}  // namespace concur

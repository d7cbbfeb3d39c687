#include "pipeline/Suppressions.h"

#include "concur/analyzer.h"

#include "llvm/ADT/SmallVector.h"

namespace concur::analyzer_internal {

namespace {

/// Looks for `marker` followed by either nothing special (all checks) or a
/// parenthesized glob list that enables `check`.
bool marker_suppresses(llvm::StringRef line, llvm::StringRef marker, llvm::StringRef check) {
  size_t at = 0;
  while ((at = line.find(marker, at)) != llvm::StringRef::npos) {
    llvm::StringRef rest = line.substr(at + marker.size());
    at += marker.size();
    // NOLINT must not match NOLINTNEXTLINE / NOLINTBEGIN / NOLINTEND.
    if (!rest.empty() && (isalnum(static_cast<unsigned char>(rest[0])) || rest[0] == '_'))
      continue;
    if (!rest.starts_with("(")) return true;
    const size_t close = rest.find(')');
    if (close == llvm::StringRef::npos) return true;
    llvm::SmallVector<llvm::StringRef, 4> globs;
    rest.slice(1, close).split(globs, ',');
    for (llvm::StringRef glob : globs)
      if (is_check_enabled(glob.trim(), check)) return true;
  }
  return false;
}

}  // namespace

bool is_suppressed(llvm::StringRef line, llvm::StringRef previous_line, llvm::StringRef check) {
  return marker_suppresses(line, "NOLINT", check) ||
         marker_suppresses(previous_line, "NOLINTNEXTLINE", check);
}

}  // namespace concur::analyzer_internal

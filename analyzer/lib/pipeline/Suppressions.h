// NOLINT comments, the way clang-tidy users write them.
#pragma once

#include "llvm/ADT/StringRef.h"

namespace concur::analyzer_internal {

/// Whether a finding of `check` on `line` is suppressed: `// NOLINT` (all
/// checks) or `// NOLINT(glob,...)` on the line itself, or
/// `// NOLINTNEXTLINE` / `// NOLINTNEXTLINE(glob,...)` on `previous_line`.
bool is_suppressed(llvm::StringRef line, llvm::StringRef previous_line, llvm::StringRef check);

}  // namespace concur::analyzer_internal

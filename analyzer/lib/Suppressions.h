// NOLINT comments, the way clang-tidy users write them.
#pragma once

#include "llvm/ADT/StringRef.h"

namespace concur::detail {

/// Line `line` (1-based) of a file's text, without its line break.
llvm::StringRef lineOf(llvm::StringRef text, unsigned line);

/// Whether a finding of `check` on `line` is suppressed: `// NOLINT` (all
/// checks) or `// NOLINT(glob,...)` on the line itself, or
/// `// NOLINTNEXTLINE` / `// NOLINTNEXTLINE(glob,...)` on `previousLine`.
bool isSuppressed(llvm::StringRef line, llvm::StringRef previousLine, llvm::StringRef check);

}  // namespace concur::detail

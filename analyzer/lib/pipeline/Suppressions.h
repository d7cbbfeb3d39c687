// NOLINT comments, the way clang-tidy users write them.
#pragma once

#include "llvm/ADT/StringRef.h"

namespace concur::analyzer_internal {

/// Line `line` (1-based) of a file's text, without its line break.
llvm::StringRef line_of(llvm::StringRef text, unsigned line);

/// Whether a finding of `check` on `line` is suppressed: `// NOLINT` (all
/// checks) or `// NOLINT(glob,...)` on the line itself, or
/// `// NOLINTNEXTLINE` / `// NOLINTNEXTLINE(glob,...)` on `previous_line`.
bool is_suppressed(llvm::StringRef line, llvm::StringRef previous_line, llvm::StringRef check);

}  // namespace concur::analyzer_internal

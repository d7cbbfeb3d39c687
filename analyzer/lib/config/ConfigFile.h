// .concur.yaml: per-project settings, found upward from the scanned files or
// named explicitly. Read with LLVM's YAML I/O; every key, check id, option
// name, severity, glob and regex is validated, and an error names the file
// and line. The same code writes the effective configuration back
// (`concur scan --dump-config`).
#pragma once

#include "concur/analyzer.h"

#include "llvm/Support/Error.h"

#include <optional>
#include <string>

namespace concur::analyzer_internal {

/// Reads `path` and folds it into `config`: its check globs refine the
/// ones already there, its option entries and lists are appended, its
/// severities override. Fails with "path:line: reason".
llvm::Error load_config_file(llvm::StringRef path, AnalyzerConfig& config);

/// The nearest .concur.yaml in `start` or a parent directory.
std::optional<std::string> find_config_upward(llvm::StringRef start);

/// `config` as .concur.yaml text with every option's effective value and
/// every check's effective severity.
std::string effective_config_yaml(const AnalyzerConfig& config);

/// Whether `text` matches the glob (a malformed glob matches nothing).
bool glob_matches(llvm::StringRef glob, llvm::StringRef text);

}  // namespace concur::analyzer_internal

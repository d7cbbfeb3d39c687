// .concur.yaml: per-project settings, found upward from the scanned files or
// named with --config. Unknown keys and bad values are errors naming the line.
#pragma once

#include "concur/analyzer.h"

#include "llvm/Support/Error.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace concur::detail {

struct Config {
  std::string path;       ///< the file it was read from
  std::string directory;  ///< exclude globs are relative to it
  std::optional<std::string> checks;
  std::map<std::string, Severity> severity;  ///< check id -> severity
  std::vector<std::string> mutexTypes, guardTypes, callbackTypes;
  std::optional<std::string> listenerClassPattern;
  std::vector<std::string> allowGlobals;  ///< globs on qualified variable names
  std::vector<std::string> exclude;       ///< path globs, relative to `directory`
};

llvm::Expected<Config> loadConfig(llvm::StringRef path);

/// Whether `text` matches the glob (a malformed glob matches nothing).
bool globMatches(llvm::StringRef glob, llvm::StringRef text);

/// The nearest .concur.yaml in `start` or a parent directory.
std::optional<std::string> findConfigUpward(llvm::StringRef start);

/// Folds the config into a scan request (checks, type lists, exclusions).
void applyConfig(const Config& config, ScanRequest& request);

/// Severity overrides and allow-listed globals, applied to findings.
void applyConfig(const Config& config, ScanResult& result);

}  // namespace concur::detail

// Option values as a check (or the extractor) reads them: the documented
// default, refined by the configuration.
#pragma once

#include "registry/CheckRegistry.h"

#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace concur::analyzer_internal {

class CheckOptions {
public:
  /// Values for `owner` ("vocabulary" or a check id) from `config`.
  CheckOptions(const AnalyzerConfig& config, std::string_view owner);

  /// The effective list: defaults, plus the configured entries, minus the
  /// configured "-entry" removals, in order and without duplicates.
  std::vector<std::string> list(llvm::StringRef name) const;
  /// The effective text value (the last configured one, else the default).
  std::string text(llvm::StringRef name) const;

private:
  const OptionSpec& spec(llvm::StringRef name) const;
  const AnalyzerConfig& config_;
  std::string owner_;
};

/// `defaults` refined by configured `entries` ("-x" removes x).
std::vector<std::string> refine_list(const std::vector<std::string_view>& defaults,
                                     const std::vector<std::string>& entries);

/// The config map key of an option: "<owner>.<name>".
std::string option_key(std::string_view owner, std::string_view name);

}  // namespace concur::analyzer_internal

// Reporters turn a ScanResult into text, JSON or SARIF. They never analyze.
#pragma once

#include "concur/analyzer.h"

#include "llvm/Support/raw_ostream.h"

#include <string>

namespace concur::detail {

struct ReportSettings {
  /// Paths in reports are relative to this directory when under it.
  std::string root;
  /// Text only: ANSI colours (when writing to a terminal).
  bool color = false;
};

/// clang style: `file:line:col: warning: message [check]`, the source line
/// with a caret, notes the same way, then a one-line summary.
void writeText(llvm::raw_ostream& os, const ScanResult& result, const ReportSettings& settings);

/// The JSON report documented in docs/json-format.md.
void writeJson(llvm::raw_ostream& os, const ScanResult& result, const ReportSettings& settings);

/// SARIF 2.1.0 with rules, results, related locations and fingerprints.
void writeSarif(llvm::raw_ostream& os, const ScanResult& result, const ReportSettings& settings);

/// The one-line summary that ends the text report.
std::string summaryLine(const ScanResult& result);

}  // namespace concur::detail

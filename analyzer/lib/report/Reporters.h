// Reporters turn a ScanResult into text, JSON or SARIF. They never analyze.
#pragma once

#include "concur/analyzer.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace concur::analyzer_internal {

struct ReportSettings {
  /// Paths in reports are relative to this directory when under it.
  std::string root;
  /// Text only: ANSI colours (when writing to a terminal).
  bool color = false;
  /// Markdown only: findings listed before "…and N more".
  size_t markdown_limit = 20;
};

/// clang style: `file:line:col: warning: message [check]`, the source line
/// with a caret, notes the same way, then a one-line summary.
void write_text(llvm::raw_ostream& os, const ScanResult& result, const ReportSettings& settings);

/// The JSON report documented in docs/json-format.md.
void write_json(llvm::raw_ostream& os, const ScanResult& result, const ReportSettings& settings);

/// SARIF 2.1.0 with rules, results, related locations and fingerprints.
void write_sarif(llvm::raw_ostream& os, const ScanResult& result, const ReportSettings& settings);

/// Short enough for a pull-request comment: counts, then a capped table.
void write_markdown(llvm::raw_ostream& os, const ScanResult& result, const ReportSettings& settings);

/// One self-contained HTML page (no external assets) for people: summary,
/// each finding with its source context, notes, fix and the check's doc.
void write_html(llvm::raw_ostream& os, const ScanResult& result, const ReportSettings& settings);

/// Reads SARIF written by concur (for `concur merge`). Fails on other tools'
/// SARIF, other concur versions and files that are not SARIF.
llvm::Expected<ScanResult> read_sarif(llvm::StringRef path);

/// An input problem as reports print it: `where` is the input relative to
/// the root (with the line, when the reason gives one for the input itself),
/// `reason` the rest, so the input is named once.
struct ProblemText {
  std::string where;
  std::string reason;
};
ProblemText problem_text(const InputProblem& problem, llvm::StringRef root);

/// The one-line summary that ends the text report.
std::string summary_line(const ScanResult& result);

}  // namespace concur::analyzer_internal

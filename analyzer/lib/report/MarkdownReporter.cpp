#include "../Fingerprint.h"
#include "Reporters.h"

#include <fmt/format.h>

#include <map>

namespace concur::detail {

namespace {

/// Table cells cannot hold raw pipes or line breaks.
std::string cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

}  // namespace

void writeMarkdown(llvm::raw_ostream& os, const ScanResult& result, const ReportSettings& settings) {
  os << "### " << summaryLine(result) << "\n\n";
  if (!result.findings.empty()) {
    std::map<std::string, unsigned> perCheck;
    for (const auto& finding : result.findings) ++perCheck[finding.check];
    os << "| check | findings |\n|---|---:|\n";
    for (const auto& [check, count] : perCheck) os << fmt::format("| `{}` | {} |\n", check, count);
    os << "\n| severity | location | finding |\n|---|---|---|\n";
    const size_t shown = std::min<size_t>(result.findings.size(), settings.markdownLimit);
    for (size_t i = 0; i < shown; ++i) {
      const Finding& finding = result.findings[i];
      os << fmt::format("| {} | `{}:{}` | {} (`{}`) |\n", severityName(finding.severity),
                        relativePath(finding.where.file, settings.root), finding.where.line,
                        cell(finding.message), finding.check);
    }
    if (result.findings.size() > shown)
      os << fmt::format("\n…and {} more.\n", result.findings.size() - shown);
  }
  if (!result.inputErrors.empty() || !result.compileErrors.empty()) {
    os << "\n<details><summary>Inputs with problems</summary>\n\n";
    for (const auto& problem : result.inputErrors)
      os << fmt::format("- not analyzed: `{}`: {}\n", relativePath(problem.input, settings.root),
                        cell(problem.reason));
    for (const auto& problem : result.compileErrors)
      os << fmt::format("- compile errors: `{}`: {}\n", relativePath(problem.input, settings.root),
                        cell(problem.reason));
    os << "\n</details>\n";
  }
}

}  // namespace concur::detail

#include "pipeline/Fingerprint.h"
#include "report/Reporters.h"

#include <fmt/format.h>

#include <map>

namespace concur::analyzer_internal {

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

void write_markdown(llvm::raw_ostream& os, const ScanResult& result, const ReportSettings& settings) {
  os << "### " << summary_line(result) << "\n\n";
  if (!result.findings.empty()) {
    std::map<std::string, unsigned> perCheck;
    for (const auto& finding : result.findings) ++perCheck[finding.check];
    os << "| check | findings |\n|---|---:|\n";
    for (const auto& [check, count] : perCheck) os << fmt::format("| `{}` | {} |\n", check, count);
    os << "\n| severity | location | finding |\n|---|---|---|\n";
    const size_t shown = std::min<size_t>(result.findings.size(), settings.markdown_limit);
    for (size_t i = 0; i < shown; ++i) {
      const Finding& finding = result.findings[i];
      os << fmt::format("| {} | `{}:{}` | {} (`{}`) |\n", severity_name(finding.severity),
                        relative_path(finding.where.file, settings.root), finding.where.line,
                        cell(finding.message), finding.check);
    }
    if (result.findings.size() > shown)
      os << fmt::format("\n…and {} more.\n", result.findings.size() - shown);
  }
  if (!result.input_errors.empty() || !result.compile_errors.empty()) {
    os << "\n<details><summary>Inputs with problems</summary>\n\n";
    for (const auto& problem : result.input_errors) {
      const ProblemText text = problem_text(problem, settings.root);
      os << fmt::format("- not analyzed: `{}`: {}\n", text.where, cell(text.reason));
    }
    for (const auto& problem : result.compile_errors) {
      const ProblemText text = problem_text(problem, settings.root);
      os << fmt::format("- compile errors: `{}`: {}\n", text.where, cell(text.reason));
    }
    os << "\n</details>\n";
  }
}

}  // namespace concur::analyzer_internal

#include "pipeline/Fingerprint.h"
#include "report/Reporters.h"

#include "llvm/Support/WithColor.h"

#include <fmt/format.h>

namespace concur::analyzer_internal {

namespace {

void writeLocation(llvm::raw_ostream& os, const SourcePoint& where, std::string_view level,
                   const std::string& message, const std::string& check,
                   const ReportSettings& settings) {
  const std::string path = relative_path(where.file, settings.root);
  if (settings.color) os.changeColor(llvm::raw_ostream::SAVEDCOLOR, true);
  os << fmt::format("{}:{}:{}: ", path, where.line, where.column);
  if (settings.color)
    os.changeColor(level == "note" ? llvm::raw_ostream::BLACK
                   : level == "error" ? llvm::raw_ostream::RED
                                      : llvm::raw_ostream::MAGENTA,
                   true);
  os << level << ": ";
  if (settings.color) os.changeColor(llvm::raw_ostream::SAVEDCOLOR, true);
  os << message;
  if (!check.empty()) os << " [" << check << "]";
  if (settings.color) os.resetColor();
  os << "\n";
  if (where.line_text.empty()) return;
  os << where.line_text << "\n";
  // Keep tabs so the caret lines up under the same column.
  std::string caret;
  for (unsigned i = 1; i < where.column && i <= where.line_text.size(); ++i)
    caret += where.line_text[i - 1] == '\t' ? '\t' : ' ';
  if (settings.color) os.changeColor(llvm::raw_ostream::GREEN, true);
  os << caret << "^";
  if (settings.color) os.resetColor();
  os << "\n";
}

}  // namespace

std::string summary_line(const ScanResult& result) {
  unsigned counts[3] = {0, 0, 0};
  for (const auto& finding : result.findings) ++counts[static_cast<int>(finding.severity)];
  std::string line = fmt::format("concur: {} finding{}", result.findings.size(),
                                 result.findings.size() == 1 ? "" : "s");
  if (!result.findings.empty()) {
    std::vector<std::string> parts;
    if (counts[2]) parts.push_back(fmt::format("{} error{}", counts[2], counts[2] == 1 ? "" : "s"));
    if (counts[1]) parts.push_back(fmt::format("{} warning{}", counts[1], counts[1] == 1 ? "" : "s"));
    if (counts[0]) parts.push_back(fmt::format("{} note{}", counts[0], counts[0] == 1 ? "" : "s"));
    line += fmt::format(" ({})", fmt::join(parts, ", "));
  }
  line += fmt::format(" in {} translation unit{}", result.translation_units.size(),
                      result.translation_units.size() == 1 ? "" : "s");
  if (result.cached_translation_units)
    line += fmt::format(" ({} from the cache)", result.cached_translation_units);
  if (result.suppressed) line += fmt::format(", {} suppressed", result.suppressed);
  if (!result.compile_errors.empty())
    line += fmt::format(", {} with compile errors", result.compile_errors.size());
  if (!result.input_errors.empty())
    line += fmt::format(", {} input{} not analyzed", result.input_errors.size(),
                        result.input_errors.size() == 1 ? "" : "s");
  if (!result.timed_out.empty())
    line += fmt::format(", {} over the time limit", result.timed_out.size());
  line += fmt::format(" ({:.1f}s)", result.wall_seconds);
  return line;
}

void write_text(llvm::raw_ostream& os, const ScanResult& result, const ReportSettings& settings) {
  for (const auto& finding : result.findings) {
    writeLocation(os, finding.where, severity_name(finding.severity), finding.message,
                  finding.check, settings);
    for (const auto& note : finding.notes)
      writeLocation(os, note.where, "note", note.message, "", settings);
    if (!finding.fix.empty()) os << "  fix: " << finding.fix << "\n";
  }
  for (const auto& problem : result.compile_errors)
    os << fmt::format("concur: {}: analyzed with compile errors: {}\n",
                      relative_path(problem.input, settings.root), problem.reason);
  for (const auto& problem : result.input_errors)
    os << fmt::format("concur: not analyzed: {}\n", concur::describe(problem));
  for (const auto& problem : result.timed_out)
    os << fmt::format("concur: {}: {}\n", relative_path(problem.input, settings.root), problem.reason);
  os << summary_line(result) << "\n";
}

}  // namespace concur::analyzer_internal

namespace concur {

std::string describe(const InputProblem& problem) {
  if (llvm::StringRef(problem.reason).starts_with(problem.input + ":")) return problem.reason;
  return problem.input + ": " + problem.reason;
}

}  // namespace concur

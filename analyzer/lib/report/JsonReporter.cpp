#include "../Fingerprint.h"
#include "Reporters.h"

#include "llvm/Support/JSON.h"

namespace concur::detail {

namespace {

llvm::json::Object location(const SourcePoint& where, const ReportSettings& settings) {
  return llvm::json::Object{{"file", relativePath(where.file, settings.root)},
                            {"line", where.line},
                            {"column", where.column}};
}

llvm::json::Array problems(const std::vector<InputProblem>& list, const ReportSettings& settings) {
  llvm::json::Array out;
  for (const auto& problem : list)
    out.push_back(llvm::json::Object{{"input", relativePath(problem.input, settings.root)},
                                     {"reason", problem.reason}});
  return out;
}

}  // namespace

void writeJson(llvm::raw_ostream& os, const ScanResult& result, const ReportSettings& settings) {
  llvm::json::Array findings;
  for (const auto& finding : result.findings) {
    llvm::json::Object object = location(finding.where, settings);
    object["check"] = finding.check;
    object["severity"] = std::string(severityName(finding.severity));
    object["message"] = finding.message;
    object["fix"] = finding.fix;
    object["symbol"] = finding.symbol;
    object["function"] = finding.function;
    object["fingerprint"] = finding.fingerprint;
    object["source"] = finding.where.lineText;
    llvm::json::Array notes;
    for (const auto& note : finding.notes) {
      llvm::json::Object n = location(note.where, settings);
      n["message"] = note.message;
      notes.push_back(std::move(n));
    }
    object["notes"] = std::move(notes);
    findings.push_back(std::move(object));
  }
  llvm::json::Array units;
  for (const auto& tu : result.translationUnits) units.push_back(relativePath(tu, settings.root));
  llvm::json::Object report{
      {"tool", "concur"},
      {"version", std::string(version())},
      {"formatVersion", 1},
      {"root", settings.root},
      {"findings", std::move(findings)},
      {"translationUnits", std::move(units)},
      {"compileErrors", problems(result.compileErrors, settings)},
      {"inputErrors", problems(result.inputErrors, settings)},
      {"suppressed", result.suppressed},
      {"wallSeconds", result.wallSeconds},
  };
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(report))) << "\n";
}

}  // namespace concur::detail

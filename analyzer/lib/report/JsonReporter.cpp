#include "../FindingsJson.h"
#include "../Fingerprint.h"
#include "Reporters.h"

#include "llvm/Support/JSON.h"

namespace concur::detail {

namespace {

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
  for (const auto& finding : result.findings)
    findings.push_back(findingToJson(finding, settings.root));
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

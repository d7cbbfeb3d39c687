#include "report/FindingsJson.h"
#include "pipeline/Fingerprint.h"
#include "report/Reporters.h"

#include "llvm/Support/JSON.h"

namespace concur::analyzer_internal {

namespace {

llvm::json::Array problems(const std::vector<InputProblem>& list, const ReportSettings& settings) {
  llvm::json::Array out;
  for (const auto& problem : list)
    out.push_back(llvm::json::Object{{"input", relative_path(problem.input, settings.root)},
                                     {"reason", problem.reason}});
  return out;
}

}  // namespace

void write_json(llvm::raw_ostream& os, const ScanResult& result, const ReportSettings& settings) {
  llvm::json::Array findings;
  for (const auto& finding : result.findings)
    findings.push_back(finding_to_json(finding, settings.root));
  llvm::json::Array units;
  for (const auto& tu : result.translation_units) units.push_back(relative_path(tu, settings.root));
  llvm::json::Object report{
      {"tool", "concur"},
      {"version", std::string(version())},
      {"formatVersion", 1},
      {"root", settings.root},
      {"findings", std::move(findings)},
      {"translationUnits", std::move(units)},
      {"compileErrors", problems(result.compile_errors, settings)},
      {"inputErrors", problems(result.input_errors, settings)},
      {"timedOut", problems(result.timed_out, settings)},
      {"suppressed", result.suppressed},
      {"wallSeconds", result.wall_seconds},
      {"projectSeconds", result.project_seconds},
      {"cachedTranslationUnits", result.cached_translation_units},
  };
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(report))) << "\n";
}

}  // namespace concur::analyzer_internal

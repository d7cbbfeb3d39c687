#include "pipeline/Fingerprint.h"
#include "report/Reporters.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"

namespace concur::analyzer_internal {

namespace {

std::string_view sarifLevel(Severity severity) { return severity_name(severity); }

/// "concur-racy-lazy-init" -> "RacyLazyInit": SARIF wants a readable name
/// that differs from the opaque id.
std::string rule_name(std::string_view id) {
  llvm::StringRef rest(id.data(), id.size());
  rest.consume_front("concur-");
  std::string name;
  bool upper = true;
  for (char c : rest) {
    if (c == '-') {
      upper = true;
      continue;
    }
    name += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return name;
}

/// The first paragraph after a page's title: the rule's full description.
std::string firstParagraph(std::string_view doc) {
  llvm::StringRef rest(doc.data(), doc.size());
  std::string paragraph;
  while (!rest.empty()) {
    auto [line, tail] = rest.split('\n');
    rest = tail;
    line = line.trim();
    if (line.starts_with("#")) {
      if (!paragraph.empty()) break;
      continue;
    }
    if (line.empty()) {
      if (!paragraph.empty()) break;
      continue;
    }
    if (!paragraph.empty()) paragraph += ' ';
    paragraph += line.str();
  }
  return paragraph;
}

std::string fileUri(llvm::StringRef path) {
  std::string uri;
  for (char c : path) {
    if (c == ' ') uri += "%20";
    else if (c == '%') uri += "%25";
    else if (c == '#') uri += "%23";
    else if (c == '?') uri += "%3F";
    else uri += c;
  }
  return uri;
}

llvm::json::Object physicalLocation(const SourcePoint& where, const ReportSettings& settings) {
  const std::string relative = relative_path(where.file, settings.root);
  llvm::json::Object artifact{{"uri", fileUri(relative)}};
  if (relative != where.file) artifact["uriBaseId"] = "SRCROOT";
  llvm::json::Object region{{"startLine", where.line}, {"startColumn", where.column}};
  if (!where.line_text.empty()) region["snippet"] = llvm::json::Object{{"text", where.line_text}};
  return llvm::json::Object{{"artifactLocation", std::move(artifact)}, {"region", std::move(region)}};
}

}  // namespace

void write_sarif(llvm::raw_ostream& os, const ScanResult& result, const ReportSettings& settings) {
  llvm::json::Array rules;
  const auto& checks = all_checks();
  for (const auto& check : checks) {
    rules.push_back(llvm::json::Object{
        {"id", check.id},
        {"name", rule_name(check.id)},
        {"helpUri", std::string(CONCUR_DOCS_URI) + "/checks/" + check.id + ".md"},
        {"shortDescription", llvm::json::Object{{"text", check.summary}}},
        {"fullDescription", llvm::json::Object{{"text", firstParagraph(check.doc)}}},
        {"help", llvm::json::Object{{"text", check.summary}, {"markdown", std::string(check.doc)}}},
        {"defaultConfiguration",
         llvm::json::Object{{"level", std::string(sarifLevel(check.default_severity))}}},
    });
  }
  auto ruleIndex = [&](const std::string& id) -> int64_t {
    for (size_t i = 0; i < checks.size(); ++i)
      if (checks[i].id == id) return static_cast<int64_t>(i);
    return -1;
  };

  llvm::json::Array results;
  for (const auto& finding : result.findings) {
    llvm::json::Array related;
    int64_t id = 1;
    for (const auto& note : finding.notes)
      related.push_back(llvm::json::Object{{"id", id++},
                                           {"physicalLocation", physicalLocation(note.where, settings)},
                                           {"message", llvm::json::Object{{"text", note.message}}}});
    results.push_back(llvm::json::Object{
        {"ruleId", finding.check},
        {"ruleIndex", ruleIndex(finding.check)},
        {"level", std::string(sarifLevel(finding.severity))},
        {"message", llvm::json::Object{{"text", finding.message + ". Fix: " + finding.fix}}},
        {"locations", llvm::json::Array{llvm::json::Object{
                          {"physicalLocation", physicalLocation(finding.where, settings)}}}},
        {"relatedLocations", std::move(related)},
        {"partialFingerprints", llvm::json::Object{{"concurFingerprint/v1", finding.fingerprint}}},
        {"properties", llvm::json::Object{{"symbol", finding.symbol},
                                          {"function", finding.function},
                                          {"fix", finding.fix}}},
    });
  }

  llvm::json::Array notifications;
  auto addProblems = [&](const std::vector<InputProblem>& problems, const char* level,
                         const char* prefix) {
    for (const auto& problem : problems) {
      const ProblemText text = problem_text(problem, settings.root);
      notifications.push_back(llvm::json::Object{
          {"level", level},
          {"message", llvm::json::Object{{"text", std::string(prefix) + text.where + ": " + text.reason}}}});
    }
  };
  addProblems(result.input_errors, "error", "not analyzed: ");
  addProblems(result.compile_errors, "warning", "analyzed with compile errors: ");
  addProblems(result.timed_out, "error", "not analyzed: ");

  llvm::json::Object run{
      {"tool", llvm::json::Object{{"driver", llvm::json::Object{
                                                 {"name", "concur"},
                                                 {"informationUri", std::string(CONCUR_DOCS_URI) + "/README.md"},
                                                 {"version", std::string(version())},
                                                 {"semanticVersion", std::string(version())},
                                                 {"rules", std::move(rules)},
                                             }}}},
      {"results", std::move(results)},
      {"invocations", llvm::json::Array{llvm::json::Object{
                          {"executionSuccessful", result.input_errors.empty()},
                          {"toolExecutionNotifications", std::move(notifications)}}}},
  };
  llvm::json::Array units;
  for (const auto& tu : result.translation_units) units.push_back(relative_path(tu, settings.root));
  run["properties"] = llvm::json::Object{{"translationUnits", std::move(units)},
                                         {"suppressed", result.suppressed},
                                         {"wallSeconds", result.wall_seconds}};
  if (!settings.root.empty()) {
    std::string base = "file://" + fileUri(settings.root);
    if (base.back() != '/') base += '/';
    run["originalUriBaseIds"] = llvm::json::Object{{"SRCROOT", llvm::json::Object{{"uri", base}}}};
  }
  llvm::json::Object log{
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs", llvm::json::Array{std::move(run)}},
  };
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(log))) << "\n";
}

}  // namespace concur::analyzer_internal

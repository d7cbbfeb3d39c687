#include "report/FindingsJson.h"

#include "pipeline/Fingerprint.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Path.h"

namespace concur::analyzer_internal {

namespace {

llvm::json::Object pointToJson(const SourcePoint& where, llvm::StringRef root) {
  return llvm::json::Object{{"file", relative_path(where.file, root)},
                            {"line", where.line},
                            {"column", where.column},
                            {"source", where.line_text}};
}

llvm::Error missing(llvm::StringRef field) {
  return llvm::createStringError(std::errc::invalid_argument, "finding without a valid '%s'",
                                 field.str().c_str());
}

llvm::Expected<SourcePoint> pointFromJson(const llvm::json::Object& object, llvm::StringRef root) {
  SourcePoint point;
  auto file = object.getString("file");
  auto line = object.getInteger("line");
  auto column = object.getInteger("column");
  if (!file) return missing("file");
  if (!line || *line < 0) return missing("line");
  if (!column || *column < 0) return missing("column");
  llvm::SmallString<256> path(*file);
  if (!root.empty() && llvm::sys::path::is_relative(path)) {
    path = root;
    llvm::sys::path::append(path, *file);
  }
  point.file = std::string(path);
  point.line = static_cast<unsigned>(*line);
  point.column = static_cast<unsigned>(*column);
  if (auto source = object.getString("source")) point.line_text = source->str();
  return point;
}

}  // namespace

std::optional<Severity> parse_severity(llvm::StringRef name) {
  if (name == "note") return Severity::note;
  if (name == "warning") return Severity::warning;
  if (name == "error") return Severity::error;
  return std::nullopt;
}

llvm::json::Object finding_to_json(const Finding& finding, llvm::StringRef root) {
  llvm::json::Object object = pointToJson(finding.where, root);
  object["check"] = finding.check;
  object["severity"] = std::string(severity_name(finding.severity));
  object["message"] = finding.message;
  object["fix"] = finding.fix;
  object["symbol"] = finding.symbol;
  object["function"] = finding.function;
  object["fingerprint"] = finding.fingerprint;
  llvm::json::Array notes;
  for (const auto& note : finding.notes) {
    llvm::json::Object n = pointToJson(note.where, root);
    n["message"] = note.message;
    notes.push_back(std::move(n));
  }
  object["notes"] = std::move(notes);
  return object;
}

llvm::Expected<Finding> finding_from_json(const llvm::json::Value& value, llvm::StringRef root) {
  const auto* object = value.getAsObject();
  if (!object) return missing("object");
  Finding finding;
  auto where = pointFromJson(*object, root);
  if (!where) return where.takeError();
  finding.where = std::move(*where);
  auto check = object->getString("check");
  auto message = object->getString("message");
  auto severity = object->getString("severity");
  if (!check) return missing("check");
  if (!message) return missing("message");
  if (!severity || !parse_severity(*severity)) return missing("severity");
  finding.check = check->str();
  finding.message = message->str();
  finding.severity = *parse_severity(*severity);
  if (auto fix = object->getString("fix")) finding.fix = fix->str();
  if (auto symbol = object->getString("symbol")) finding.symbol = symbol->str();
  if (auto function = object->getString("function")) finding.function = function->str();
  if (auto fingerprint = object->getString("fingerprint")) finding.fingerprint = fingerprint->str();
  if (const auto* notes = object->getArray("notes")) {
    for (const auto& noteValue : *notes) {
      const auto* note = noteValue.getAsObject();
      if (!note) return missing("notes");
      auto point = pointFromJson(*note, root);
      if (!point) return point.takeError();
      auto text = note->getString("message");
      if (!text) return missing("notes.message");
      finding.notes.push_back({std::move(*point), text->str()});
    }
  }
  return finding;
}

}  // namespace concur::analyzer_internal

#include "checks/Check.h"

#include "llvm/Support/Path.h"

namespace concur::analyzer_internal {

SourcePoint CheckContext::point(Loc where) const {
  SourcePoint point;
  if (!where.valid() || where.file >= project.files().size()) return point;
  point.file = project.file(where.file);
  point.line = where.line;
  point.column = where.column;
  return point;
}

std::string CheckContext::short_location(Loc where) const {
  const SourcePoint p = point(where);
  if (p.file.empty()) return "?";
  return llvm::sys::path::filename(p.file).str() + ":" + std::to_string(p.line);
}

Finding CheckContext::make(const CheckSpec& check, Loc where, std::string message,
                           std::string fix) const {
  Finding finding;
  finding.check = std::string(check.id);
  finding.severity = check.default_severity;
  finding.where = point(where);
  finding.message = std::move(message);
  finding.fix = std::move(fix);
  return finding;
}

void CheckContext::note(Finding& finding, Loc where, std::string message) const {
  finding.notes.push_back({point(where), std::move(message)});
}

}  // namespace concur::analyzer_internal

#include "checks/Check.h"

#include "llvm/ADT/StringRef.h"
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

/// Messages quote the functions they name ('F'); a lambda is named after the
/// function it is written in, already quoted ("the lambda in 'F'"), so it is
/// not quoted again: "the lambda in 'F' calls ..." rather than "'the lambda in 'F'' calls ...".
static std::string unquote_lambdas(std::string message) {
  static constexpr llvm::StringLiteral kLambda = "'the lambda in '";
  for (size_t at = message.find(kLambda); at != std::string::npos; at = message.find(kLambda, at)) {
    const size_t name_end = message.find('\'', at + kLambda.size());
    if (name_end == std::string::npos || name_end + 1 >= message.size() || message[name_end + 1] != '\'') break;
    message.erase(name_end + 1, 1);
    message.erase(at, 1);
    at = name_end;
  }
  return message;
}

Finding CheckContext::make(const CheckSpec& check, Loc where, std::string message,
                           std::string fix) const {
  Finding finding;
  finding.check = std::string(check.id);
  finding.severity = check.default_severity;
  finding.where = point(where);
  finding.message = unquote_lambdas(std::move(message));
  finding.fix = std::move(fix);
  return finding;
}

void CheckContext::note(Finding& finding, Loc where, std::string message) const {
  finding.notes.push_back({point(where), unquote_lambdas(std::move(message))});
}

void CheckContext::note_specializing_call(Finding& finding, const FunctionFact& specialization,
                                          const std::function<std::string(const FunctionFact&)>& name,
                                          llvm::StringRef consequence) const {
  if (!specialization.has(function_flags::specialization)) return;
  const auto call = project.specializing_call(specialization);
  if (!call) return;
  note(finding, call->site.event->loc,
       "'" + name(*call->site.caller) + "' calls '" + name(*call->callee) + "' here with " + call->constants +
           (call->callee == &specialization ? std::string() : ", which leads to '" + name(specialization) + "'") +
           ": " + consequence.str());
}

}  // namespace concur::analyzer_internal

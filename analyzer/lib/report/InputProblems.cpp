// Where an input problem is, and what it is, as every report prints it.
#include "report/Reporters.h"

#include "pipeline/Fingerprint.h"

#include "llvm/ADT/StringExtras.h"

namespace concur::analyzer_internal {

ProblemText problem_text(const InputProblem& problem, llvm::StringRef root) {
  ProblemText text{relative_path(problem.input, root), problem.reason};
  // A reason that names the input itself ("F:2: unknown option ..." from a
  // config file) names it once: the line joins the place.
  llvm::StringRef rest(problem.reason);
  if (!rest.consume_front(problem.input + ":")) return text;
  const llvm::StringRef line = rest.take_while(llvm::isDigit);
  if (!line.empty() && rest.drop_front(line.size()).starts_with(":")) {
    text.where += ":" + line.str();
    rest = rest.drop_front(line.size() + 1);
  }
  text.reason = rest.ltrim().str();
  return text;
}

}  // namespace concur::analyzer_internal

#include "driver/CompileFlags.h"

#include "clang/Driver/Driver.h"
#include "clang/Driver/Options.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Option/OptTable.h"

#include <set>

namespace concur::analyzer_internal {

void adjust_for_clang(std::vector<std::string>& args) {
  if (args.empty()) return;
  const llvm::opt::OptTable& table = clang::driver::getDriverOptTable();
  std::vector<const char*> argv;
  for (size_t i = 1; i < args.size(); ++i) argv.push_back(args[i].c_str());
  unsigned missingIndex = 0, missingCount = 0;
  llvm::opt::InputArgList parsed = table.ParseArgs(
      argv, missingIndex, missingCount,
      llvm::opt::Visibility(clang::driver::options::ClangOption));
  std::set<unsigned> unknown;  // indices into argv
  for (const llvm::opt::Arg* arg : parsed.filtered(clang::driver::options::OPT_UNKNOWN))
    unknown.insert(arg->getIndex());
  std::vector<std::string> kept{args[0]};
  for (size_t i = 1; i < args.size(); ++i)
    if (!unknown.count(i - 1)) kept.push_back(args[i]);
  bool hasResourceDir = false;
  for (const auto& arg : kept)
    if (arg.rfind("-resource-dir", 0) == 0) hasResourceDir = true;
  kept.insert(kept.begin() + 1, "-w");  // the TU's own warnings are not findings
  // No "N errors generated." on stderr: compile errors are reported in the summary.
  kept.insert(kept.begin() + 1, "-fno-caret-diagnostics");
  kept.insert(kept.begin() + 1, "-Wno-unknown-warning-option");
  // Static analyzers define it (clang-tidy, the Clang Static Analyzer), and
  // code uses it to say which paths are abnormal (GLib's G_ANALYZER_NORETURN
  // marks failed preconditions analyzer_noreturn). First, so the command's own
  // -U__clang_analyzer__ still wins.
  kept.insert(kept.begin() + 1, "-D__clang_analyzer__");
  if (!hasResourceDir) kept.insert(kept.begin() + 1, "-resource-dir=" CONCUR_CLANG_RESOURCE_DIR);
  args = std::move(kept);
}

}  // namespace concur::analyzer_internal

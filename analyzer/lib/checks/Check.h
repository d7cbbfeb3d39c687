// What a check sees (the merged project and the summaries over it) and how
// it reports. Checks never print, never read sources and never keep an AST:
// they query facts and return Finding values; the pipeline does the rest.
#pragma once

#include "project/Callables.h"
#include "project/LockDestruction.h"
#include "project/LockFlow.h"
#include "project/ObjectCallbacks.h"
#include "project/ObjectClasses.h"
#include "project/Project.h"
#include "project/Reach.h"
#include "project/Termination.h"
#include "registry/CheckOptions.h"

#include "concur/analyzer.h"

#include <functional>
#include <vector>

namespace concur::analyzer_internal {

class CheckContext {
public:
  CheckContext(const Project& project, const LockFlow& locks, const Callables& callables,
               const Reach& reach, const Termination& termination, const LockDestruction& destruction,
               const ObjectCallbacks& objects, const ObjectClasses& classes, const AnalyzerConfig& config,
               std::vector<Finding>& out)
      : project(project), locks(locks), callables(callables), reach(reach), termination(termination),
        destruction(destruction), objects(objects), classes(classes), config(&config), out_(out) {}

  const Project& project;
  const LockFlow& locks;
  const Callables& callables;
  const Reach& reach;
  const Termination& termination;
  const LockDestruction& destruction;
  const ObjectCallbacks& objects;
  const ObjectClasses& classes;
  const AnalyzerConfig* config;  ///< for the shared vocabulary's options
  /// `callables` for the closed world of the project's executables
  /// (Callables::World::executables), computed on first use; nullptr when
  /// the project has none.
  std::function<const Callables*()> executable_callables = [] { return nullptr; };

  /// This context with `other` in place of `callables` (the same project,
  /// summaries, options and output).
  CheckContext with_callables(const Callables& other) const {
    CheckContext copy(project, locks, other, reach, termination, destruction, objects, classes, *config, out_);
    copy.executable_callables = executable_callables;
    return copy;
  }

  /// A finding of `check` at `where` (severity: the check's default unless set).
  Finding make(const CheckSpec& check, Loc where, std::string message, std::string fix) const;
  void note(Finding& finding, Loc where, std::string message) const;
  /// For a finding inside a specialization (ConstantArguments.cpp): the note
  /// at the call that runs it, "'rl_shutdown' calls 'rl_gc' here with
  /// o.have_lock = 0" then `consequence`. Functions are named by `name`.
  /// Nothing for any other function, or one no call of the project runs.
  void note_specializing_call(Finding& finding, const FunctionFact& specialization,
                              const std::function<std::string(const FunctionFact&)>& name,
                              llvm::StringRef consequence) const;
  void report(Finding finding) { out_.push_back(std::move(finding)); }

  SourcePoint point(Loc where) const;
  /// "bus.cc:12" for messages that mention another place.
  std::string short_location(Loc where) const;

private:
  std::vector<Finding>& out_;
};

class Check {
public:
  virtual ~Check() = default;
  virtual void run(CheckContext& context) = 0;
};

}  // namespace concur::analyzer_internal

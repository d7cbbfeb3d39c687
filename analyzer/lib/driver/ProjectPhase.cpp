#include "driver/ProjectPhase.h"

#include "checks/Check.h"
#include "project/Callables.h"
#include "project/LockDestruction.h"
#include "project/LockFlow.h"
#include "project/ObjectCallbacks.h"
#include "project/ObjectClasses.h"
#include "project/Project.h"
#include "project/Reach.h"
#include "project/Termination.h"
#include "registry/CheckOptions.h"
#include "registry/CheckRegistry.h"

#include <optional>

namespace concur::analyzer_internal {

ProjectOutcome analyze_project(std::vector<TuFacts> tus, const AnalyzerConfig& config, unsigned jobs) {
  const CheckOptions vocabulary(config, "vocabulary");
  Project project;
  project.set_registration_words(vocabulary.list("registrationWords"));
  project.set_exported_functions(vocabulary.list("exportedFunctions"));
  project.set_plugin_host_files(vocabulary.list("pluginHostFiles"));
  for (auto& tu : tus) project.add(std::move(tu));
  project.finish();
  LockFlow locks(project, jobs);
  const Callables callables(project, locks, vocabulary.text("internalNamespacePattern"));
  // The callers' lock contexts, now with the calls through function
  // pointers whose values Callables knows.
  locks.add_pointer_callers(
      [&](const FunctionFact& function, const Event& call) { return callables.pointer_targets(function, call); },
      [&](const FunctionFact& function) { return callables.runs_only_through_pointers(function); });
  const Reach reach(project, callables, locks, vocabulary.list("taskTypes"));
  const Termination termination(project);
  const LockDestruction destruction(project);
  // Pointer values as the open world knows them: one that only the closed
  // world knows leaves the object's callbacks unknown, which keeps a finding.
  const ObjectCallbacks objects(
      project, [&](const FunctionFact& function, const Event& call) { return callables.pointer_targets(function, call); });
  const ObjectClasses classes(project);

  ProjectOutcome outcome;
  CheckContext context(project, locks, callables, reach, termination, destruction, objects, classes, config,
                       outcome.findings);
  std::optional<Callables> executable_callables;
  context.executable_callables = [&]() -> const Callables* {
    if (!project.has_executable_files()) return nullptr;
    if (!executable_callables)
      executable_callables.emplace(project, locks, vocabulary.text("internalNamespacePattern"),
                                   Callables::World::executables);
    return &*executable_callables;
  };
  for (const CheckSpec& spec : registered_checks()) {
    if (!is_check_enabled(config.checks, spec.id)) continue;
    const CheckOptions options(config, spec.id);
    spec.factory(options)->run(context);
  }
  outcome.user_files = project.user_files();
  return outcome;
}

}  // namespace concur::analyzer_internal

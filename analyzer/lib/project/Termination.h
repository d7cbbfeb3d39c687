// Where the program ends: functions that never return, and the events after
// which every path ends the process (abort(), exit(), a [[noreturn]] call, a
// project function that itself always ends in one, or an idle infinite loop).
//
// Code on such a path runs while the process is going down: a fatal log's
// hook, a panic's crash report, an out-of-memory handler. A deadlock or a
// re-entry there changes how the process dies, not whether it works, so the
// checks that report work under a lock leave it out. An infinite loop that
// does work (a worker's main loop) is not an end: nothing here treats
// "never returns" as "ends".
#pragma once

#include "project/Project.h"

#include "llvm/ADT/DenseSet.h"

namespace concur::analyzer_internal {

class Termination {
public:
  explicit Termination(const Project& project);

  /// Every path through `function` ends the process.
  bool never_returns(const FunctionFact& function) const { return never_returns_.contains(&function); }
  /// Every path from just before `event` ends the process (the event itself
  /// included: a call of a function that never returns is on such a path).
  bool on_fatal_path(const Event& event) const { return fatal_events_.contains(&event); }

private:
  /// Per block of `function`: every path from its start ends the process.
  std::vector<char> ending_blocks(const FunctionFact& function) const;
  bool ends_process(const Event& event) const;

  const Project& project_;
  llvm::DenseSet<const FunctionFact*> never_returns_;
  llvm::DenseSet<const Event*> fatal_events_;
};

}  // namespace concur::analyzer_internal

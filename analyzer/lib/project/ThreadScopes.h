// Threads a function starts and waits for before it returns.
//
//   std::thread t (work);      // start
//   prepare_report ();         // runs while `work` runs
//   t.join ();                 // join: what `work` did happens before what follows
//
// A start is scoped when its function joins the handle the start wrote
// (`t`, pthread_create's `tid`, the future std::async returned) on every
// path from the start to the function's end, and never runs the start again
// before that join (a loop that starts threads and joins them later starts
// several at once). The thread then runs alongside the region between the
// two, and nothing else of its starter: a use of shared state before the
// start or after the join is ordered with everything the thread does.
#pragma once

#include "project/Project.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

namespace concur::analyzer_internal {

struct ThreadScope {
  const FunctionFact* function = nullptr;  ///< the starter
  const Event* start = nullptr;            ///< the thread_start
  Loc joined_at;                           ///< a join that ends it (for notes)
  /// The starter's events that may run while the thread runs: those after
  /// the start on a path that has not yet joined it.
  llvm::DenseSet<const Event*> region;
};

class ThreadScopes {
public:
  explicit ThreadScopes(const Project& project);

  /// The scope of the thread `start` starts, or nullptr when it is not
  /// scoped (no handle, a path that returns without joining it, detaches or
  /// hands it over, or starts it again first).
  const ThreadScope* scope_of(const Event& start) const;

private:
  void examine(const FunctionFact& function, const Event& start);

  llvm::DenseMap<const Event*, ThreadScope> scopes_;
};

}  // namespace concur::analyzer_internal

// Where a lock is destroyed for certain: the events after which every path
// through their function destroys a lock (`pthread_mutex_destroy`,
// `g_mutex_clear`, a project function that always does, such as dbus's
// `_dbus_rmutex_free_at_location`).
//
// A caller that holds a lock across a call cannot be in a callee that then
// destroys it: the caller would unlock a destroyed mutex. So foreign code
// that such a callee runs just before destroying the lock (the filters' free
// functions in dbus's `_dbus_connection_last_unref`) does not run under the
// caller's lock: that branch is the last reference, which the lock's holder
// does not own. Keys are canonical lock keys; a path that tests a pointer for
// null and skips the destroy on the null edge has nothing to destroy there.
#pragma once

#include "project/Project.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"

#include <string>
#include <vector>

namespace concur::analyzer_internal {

class LockDestruction {
public:
  explicit LockDestruction(const Project& project);

  /// The locks that every path from just after `event` to the end of its
  /// function destroys (there or in the functions it calls).
  llvm::ArrayRef<std::string> destroyed_after(const Event& event) const;
  /// The locks that every path from the function's entry to `event` has
  /// destroyed (there or in the functions it called): a caller holding one
  /// across the call is not on such a path either (glib's
  /// g_main_context_unref, which releases the sources after g_mutex_clear).
  llvm::ArrayRef<std::string> destroyed_before(const Event& event) const;

private:
  /// A destroyed lock: its key, and its reference in the frame of the
  /// function that destroys it (to substitute at a call, and to tell whether
  /// a pointer tested for null holds it).
  struct Destroyed {
    std::string key;
    Ref ref;
  };
  /// The locks one event destroys, itself or through its callee.
  std::vector<Destroyed> destroyed_by(const FunctionFact& function, const Event& event) const;
  /// Every path through `function` destroys these; records `after_` and
  /// `before_` for its events.
  std::vector<Destroyed> analyze(const FunctionFact& function);
  /// Records `before_` for `function`'s events, given what each destroys.
  void record_before(const FunctionFact& function,
                     const std::vector<std::vector<std::vector<Destroyed>>>& by_event);

  const Project& project_;
  llvm::DenseMap<const FunctionFact*, std::vector<Destroyed>> always_;
  llvm::DenseMap<const Event*, std::vector<std::string>> after_;
  llvm::DenseMap<const Event*, std::vector<std::string>> before_;
};

}  // namespace concur::analyzer_internal

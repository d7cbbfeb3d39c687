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
//
// An object may own the thread: a method writes the handle into the object
// it runs on (`Thread::Start` sets `this->th_`), another joins it on every
// path (`Thread::Join`, a destructor that calls `writer_.Join ()`). A call of
// the first on an object is then a start whose handle is that object's field,
// and a call of the second (a local going out of scope runs its destructor)
// a join of it:
//
//   { Sink sink;        // Sink's member writer_ starts its thread
//     log_lines (); }   // runs alongside; ~Sink joins writer_'s thread
//
// A thread started for the object a method runs on is scoped when every
// call of that method (through any chain of such methods: a constructor
// calling Start, a member built by its owner's constructor) is a start its
// caller scopes. Started into a container of handles (a worker vector), the
// object holds several such threads at once within that scope.
//
// A call that builds or starts on an object concur does not follow (a bare
// `new`, a temporary, one a shared_ptr holds) leaves its thread running, and
// no thread of that method is scoped then.
//
// A task handed to a pool by a function that does not own the pool runs on
// the threads objects of the pool's class start: within their scopes when
// every one is scoped, several at once when the class starts more than one.
//
// A factory may hand over the thread with the object it returns: C's
// `crew *c = crew_start (4);` starts threads into `c->members[]`, and
// `crew_wait (c)` joins them. Storing the factory's result is then a start
// whose handles are the holder's fields, and the factory's own starts are
// scoped when every caller's store is.
#pragma once

#include "project/Project.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringMap.h"

#include <deque>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace concur::analyzer_internal {

struct ThreadScope {
  const FunctionFact* function = nullptr;  ///< the starter
  /// The thread_start, or the call that starts a thread on one of the
  /// starter's objects (`Sink sink;`)
  const Event* start = nullptr;
  Loc joined_at;                           ///< a join that ends it (for notes)
  /// The starter's events that may run while the thread runs: those after
  /// the start on a path that has not yet joined it.
  llvm::DenseSet<const Event*> region;
  /// The scope of a pool's threads as seen by a task handed to the pool
  /// through a caller that does not join them itself (the pool runs several
  /// such tasks at once), or of an object's threads started into a
  /// container of handles (`workers_.emplace_back (...)`: several run the
  /// same entry at once).
  bool several = false;
};

class ThreadScopes {
public:
  explicit ThreadScopes(const Project& project);

  /// The scopes the thread of `start` (a thread_start) runs in: its own when
  /// its function joins it; when it is started for the object its method
  /// runs on, those of the callers that join that object. Empty when it may
  /// outlive them all (no handle, a path that returns without joining it,
  /// a caller that keeps the object, or callers the project does not show).
  llvm::ArrayRef<const ThreadScope*> scopes_of(const Event& start) const;
  /// The scopes `function` starts and joins itself.
  llvm::ArrayRef<const ThreadScope*> scopes_in(const FunctionFact& function) const;
  /// Whether `event` starts a thread its function does not join before
  /// returning (a start, or a call that starts one on an object).
  bool leaves_running(const Event& event) const;
  /// Whether `event`, a call that starts a thread on an object (or stores
  /// what a factory started threads in), is joined by its function there.
  bool scoped_here(const Event& event) const { return scopes_.count(&event) != 0; }

private:
  using Path = std::vector<std::string>;
  /// What a method does to threads held by the object it runs on: the fields
  /// (paths from `this`) it leaves a thread running in, and those whose
  /// thread it joins on every path.
  struct ObjectThreads {
    std::set<Path> starts;
    std::set<Path> joins;
  };

  /// The handles `event` writes a started thread into (for a stored result of
  /// a factory: the holder's fields its threads run in), and those it joins.
  std::vector<Ref> started_by(const Event& event) const;
  std::vector<Ref> joined_by(const Event& event) const;
  /// The fields `fields` of the callee's summary names (its starts or its
  /// joins), as handles in the object `call` runs it on.
  std::vector<Ref> on_receiver(const Event& call, std::set<Path> ObjectThreads::*fields) const;
  /// The handles a call's arguments reach that the callee joins on every
  /// path (`join_all (workers)`: `workers[]`), in the caller's terms.
  std::vector<Ref> through_arguments(const Event& call) const;
  /// examine() for each handle `start` writes a thread into, the regions
  /// merged; nullopt when one is not scoped (or there is none).
  std::optional<ThreadScope> examine_each(const FunctionFact& function, const Event& start,
                                          const std::vector<Ref>& handles, bool repeats = false) const;
  /// Whether `event` joins every thread `handle` holds: a join of it, or a
  /// call that joins it on every path (for a container's elements, not the
  /// join of one element).
  bool joins_all(const Event& event, const Ref& handle) const;
  /// Whether every path from `function`'s entry to its end joins `handle`.
  bool joins_on_every_path(const FunctionFact& function, const Ref& handle) const;
  /// The scope of the thread `start` writes into `handle`, when the
  /// function joins it on every path before returning.
  /// `repeats`: the start may run again before the join (the next element
  /// of a container, the next task handed to the same pool).
  std::optional<ThreadScope> examine(const FunctionFact& function, const Event& start, const Ref& handle,
                                     bool repeats = false) const;
  void summarize_objects(const Project& project);
  /// A task handed to an object of the project (`pool.Submit (task)`) runs
  /// on the threads that object's class starts into its fields: scoped when
  /// the caller joins every one of them after the hand-over (the pool is a
  /// local destroyed there).
  std::optional<ThreadScope> examine_handed_task(const Project& project, const FunctionFact& function,
                                                 const Event& start) const;
  using ScopeList = std::vector<const ThreadScope*>;
  /// How a function that leaves threads running hands them to its callers.
  struct Handover {
    /// Whether the project shows every call of the function (beyond: its
    /// address not taken, some call in the project).
    llvm::function_ref<bool(const FunctionFact&)> callers_shown;
    /// The event of a call of `callee` whose scope holds the threads (the
    /// call itself, the store of its result); null: they go where the
    /// project does not see.
    llvm::function_ref<const Event*(const CallSite&, const FunctionFact& callee)> holder;
    /// Whether the caller, not scoping them at `holder`, leaves them running
    /// in turn for its own callers to decide.
    llvm::function_ref<bool(const CallSite&, const Event& holder)> passes_on;
    /// Results so far, per function.
    llvm::DenseMap<const FunctionFact*, std::optional<ScopeList>>& memo;
    /// Whether the caller returns the object `holder` holds the threads in
    /// (a factory's `return std::make_unique<Crew> (n);`): its own callers
    /// receive them (receivers). Null: no caller does.
    llvm::function_ref<bool(const CallSite&, const Event& holder)> returns_it = nullptr;
  };
  /// The scopes of every call of `function`, through every chain of callers
  /// that pass the threads on; nullopt when one call does not scope them.
  std::optional<ScopeList> callers_scopes(const Project& project, const FunctionFact& function,
                                          const Handover& handover);
  /// callers_scopes for `method`, which leaves threads running in the object
  /// it runs on.
  std::optional<ScopeList> owners(const Project& project, const FunctionFact& method);
  /// Where a task handed to an object of `record` runs when the caller does
  /// not scope that object's threads itself: on a thread some object of the
  /// class starts into its fields, so within the scopes of every such start
  /// when each is scoped; for a class that starts none, where the submit
  /// method `submit` hands its own tasks on (a strand posting its drain to
  /// an io_context). nullopt: anywhere.
  /// `several`: set when the class starts more than one thread.
  std::optional<std::vector<const ThreadScope*>> class_scopes(const Project& project, const std::string& record,
                                                              const FunctionFact* submit, unsigned depth,
                                                              bool& several) const;
  /// callers_scopes for `factory`, which leaves threads running in the
  /// object it returns: every call's result is stored and scoped there.
  std::optional<ScopeList> receivers(const Project& project, const FunctionFact& factory);
  /// Whether `start` writes into the object `function` returns a handle it
  /// leaves running there.
  bool returned_with(const FunctionFact& function, const Event& start) const;

  llvm::DenseMap<const FunctionFact*, ObjectThreads> objects_;
  /// Per factory, the fields (paths from the local it returns) it leaves a
  /// thread running in.
  llvm::DenseMap<const FunctionFact*, std::set<Path>> returned_;
  /// The store of each call's result (`c = crew_start (4)`: the call, then
  /// the store_object of the same callee at the same place).
  llvm::DenseMap<const Event*, const Event*> stored_result_;
  /// Per function, the handles it joins on every path that its parameters
  /// reach: (parameter, path from it), `join_all (std::vector<std::thread>& ts)`
  /// joins (0, "[]").
  llvm::DenseMap<const FunctionFact*, std::set<std::pair<uint32_t, Path>>> param_joins_;
  const Project* project_ = nullptr;
  llvm::DenseMap<const Event*, ThreadScope> scopes_;
  /// The `several` copies of scopes (stable addresses).
  std::deque<ThreadScope> pool_scopes_;
  llvm::DenseMap<const Event*, std::vector<const ThreadScope*>> starts_;  ///< per thread_start
  llvm::DenseMap<const FunctionFact*, std::vector<const ThreadScope*>> by_function_;
  llvm::DenseSet<const Event*> leaves_running_;
  /// owners() and receivers(): results, and (resolving_) the functions
  /// being resolved (a cycle of calls is not scoped).
  llvm::DenseMap<const FunctionFact*, std::optional<ScopeList>> owners_;
  llvm::DenseMap<const FunctionFact*, std::optional<ScopeList>> receivers_;
  /// Per class, the thread starts of its methods into their object's fields.
  llvm::StringMap<std::vector<const Event*>> class_starts_;
  /// Methods that start a thread in their object, run on an object concur
  /// does not follow (`new TaskPool`): that thread runs on.
  llvm::DenseSet<const FunctionFact*> run_untracked_;
  llvm::DenseSet<const FunctionFact*> resolving_;
};

}  // namespace concur::analyzer_internal

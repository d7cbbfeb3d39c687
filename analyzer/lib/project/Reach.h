// Where code runs: for every function, the contexts it can be reached from.
//
//   startup   static initialization, `main` before it starts a thread, and
//             whatever only those call
//   once      std::call_once, pthread_once and function-local static
//             initializers (serialized by the language or the library)
//   main      `main` after it started threads; in a program, also functions
//             nothing in the project calls (a framework calls them on its
//             thread)
//   thread    reachable from a thread or task entry: std::thread,
//             pthread_create, std::async, pool submits, coroutine tasks
//   test      test code with no callers (a test framework runs it)
//   external  in a library (no `main`), functions nothing in the project
//             calls: the library's users call them, from any thread
//
// Reachability follows direct calls, virtual calls to every override, calls
// through function pointers to the project's functions stored in them, and
// callables handed to functions that run them before returning.
#pragma once

#include "project/Callables.h"
#include "project/Project.h"
#include "project/ThreadScopes.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringSet.h"

#include <deque>
#include <map>
#include <optional>

namespace concur::analyzer_internal {

namespace contexts {
constexpr uint32_t startup = 1;
constexpr uint32_t once = 2;
constexpr uint32_t main = 4;
constexpr uint32_t thread = 8;
constexpr uint32_t test = 16;
constexpr uint32_t external = 32;
}  // namespace contexts

/// One step of a path from an entry: `function` calls the next step at `at`.
struct PathStep {
  const FunctionFact* function = nullptr;
  Loc at;
  /// For the step that starts a thread entry: the name of the function the
  /// entry is handed to there, which runs it (`pool.Post (task)`); empty
  /// when the step starts it itself (`std::thread t (task)`).
  llvm::StringRef handed_to;
};

class Reach {
public:
  /// `task_types`: coroutine return types whose bodies run as tasks.
  Reach(const Project& project, const Callables& callables, const LockFlow& locks,
        const std::vector<std::string>& task_types);

  uint32_t contexts_of(const FunctionFact& function) const;
  /// Reached only during start-up or once-only initialization.
  bool startup_only(const FunctionFact& function) const;
  /// Reached only from tests that start no thread.
  bool serial_test_only(const FunctionFact& function) const;
  /// Reached only where no other thread of its program runs: start-up,
  /// once-only initialization, and tests that start no thread.
  bool serial_only(const FunctionFact& function) const;
  /// How `function` is reached from a thread or task entry: the start, the
  /// entry, then each call down to `function` (empty when it is not).
  std::vector<PathStep> thread_path(const FunctionFact& function) const;
  /// How `function` is reached from an entry point of a library (a function
  /// nothing in the project calls, or whose address escapes): the entry, at
  /// its call of the next step, then each call down to `function` (empty
  /// when it is not reached that way; only `function` when it is the entry).
  std::vector<PathStep> external_path(const FunctionFact& function) const;
  /// The functions whose reach is where `event` of `function` runs: the
  /// function itself, or, when every way it is reached is a call the
  /// project points at one of its specializations (ConstantArguments.cpp),
  /// those specializations that still run `event` (none: no caller's
  /// constants reach it). `LookupBody (url, {.use_shared_cache = false})`
  /// from the workers runs a copy without the cache's insert; main's
  /// `LookupBody (url, {})` runs the insert, before any thread starts.
  std::vector<const FunctionFact*> reached_as(const FunctionFact& function, const Event& event) const;
  /// Whether `function` leaves a thread running, itself or through its
  /// callees (a thread it joins before returning does not count).
  bool starts_threads(const FunctionFact& function) const;
  /// Whether `function` starts a thread it joins before returning (itself,
  /// or in an object it owns): its code in between runs alongside it.
  bool starts_scoped_threads(const FunctionFact& function) const { return !scopes_.scopes_in(function).empty(); }
  /// The threads `function` runs on when every one of them is scoped (its
  /// starter joins it before returning, ThreadScopes); empty when it runs on
  /// no thread, or on one that may outlive its starter.
  llvm::ArrayRef<const ThreadScope*> only_scoped_threads(const FunctionFact& function) const;
  /// Whether `function` (at `event`, when given) may run while the thread of
  /// `scope` runs: in its starter's region, called from there, on another
  /// thread that is not scoped, or because the starter may run twice at once.
  bool runs_during(const ThreadScope& scope, const FunctionFact& function, const Event* event) const;
  bool is_task(const FunctionFact& function) const;
  /// Whether a thread or a task starts at `function` (its entry).
  bool is_entry(const FunctionFact& function) const { return thread_started_at_.count(&function) != 0; }
  /// Whether `function` runs inside a signal handler the project installs,
  /// on a path that takes no lock (code the project keeps async-signal-safe):
  /// then what it calls must be async-signal-safe too.
  /// A specialization (ConstantArguments.cpp) runs where its original does.
  bool in_signal_handler(const FunctionFact& function) const {
    return signal_reached_.contains(&function) ||
           signal_reached_.contains(project_.function(project_.original(function.id)));
  }
  /// Whether the function pointer `call` (a foreign event of `function`)
  /// calls is a variable in static storage that such code also calls
  /// (`if (g_wake_hook) g_wake_hook ();` in the handler): every value it
  /// holds must be async-signal-safe, so takes no lock, wherever it is called.
  bool signal_safe_hook(const FunctionFact& function, const Event& call) const;
  /// An event of `main` that runs before `main` starts any thread.
  bool before_threads(const Event& event) const { return before_threads_.contains(&event); }
  /// An event of a function other than `main` that runs after that function
  /// started a thread itself: it runs alongside that thread.
  bool after_thread_start(const Event& event) const { return after_thread_start_.contains(&event); }
  /// Whether `function` (at `event`, when given) runs on the main thread only
  /// at points where `main` has started none of the threads that reach
  /// `other`: a program's start-up that goes on after a first thread (a
  /// logger) and before the thread that uses the object starts. False when
  /// that is not known (it runs on other threads, or from callers the
  /// project does not show).
  bool before_threads_reaching(const FunctionFact& function, const Event* event, const FunctionFact& other) const;
  /// Whether `function` runs only on a program's main thread: it is a
  /// `main` (a test program's too), or only `main` reaches it, through calls
  /// the project shows (not a thread or task, a library entry, a signal
  /// handler, or a callback run from where the project does not show). Two
  /// such uses never overlap.
  bool main_thread_only(const FunctionFact& function) const;

private:
  struct Edge {
    const FunctionFact* to;
    Loc at;
    uint32_t override_context;  ///< 0: the caller's contexts flow; else these
    uint32_t extra_context = 0; ///< added to what flows (main: after the caller started a thread)
  };
  void build_edges();
  void propagate();
  void flow(std::deque<const FunctionFact*>& worklist);
  void reach_from_signal_handlers();
  /// The functions events of `kind` install (`args[0]`: a thread's entry, a
  /// signal handler), also through a function that installs its parameter,
  /// with the call that installs each and the event of `kind` that does (for
  /// a parameter installed, the event in the function that installs it: a
  /// `run_joined (F f) { std::thread t (f); t.join (); }` scopes what its
  /// callers pass); a function may be found more than once.
  void for_each_installed(EventKind kind,
                          llvm::function_ref<void(const FunctionFact*, PathStep, const Event*)> found) const;
  void reach_scoped_threads();
  /// Walks the call edges on from `worklist` (functions already visited):
  /// `visit` sees each callee and says whether to walk on from it.
  void walk_calls(std::vector<const FunctionFact*> worklist,
                  llvm::function_ref<bool(const FunctionFact*)> visit) const;

  const Project& project_;
  const Callables& callables_;
  const LockFlow& locks_;
  llvm::StringSet<> task_types_;
  llvm::DenseMap<const FunctionFact*, std::vector<Edge>> edges_;
  /// Functions some call through a function pointer of the project may run.
  llvm::DenseSet<const FunctionFact*> pointer_called_;
  /// `function`, then each caller step in `parents` until one has none or
  /// `ends_at` the function it leads to; in call order.
  std::vector<PathStep> path_up(const FunctionFact& function,
                                const llvm::DenseMap<const FunctionFact*, PathStep>& parents,
                                llvm::function_ref<bool(const FunctionFact&)> ends_at) const;

  llvm::DenseMap<const FunctionFact*, uint32_t> contexts_;
  llvm::DenseMap<const FunctionFact*, PathStep> thread_parent_;  // caller step toward an entry
  llvm::DenseMap<const FunctionFact*, Loc> thread_started_at_;   // entries: where started
  llvm::DenseMap<const FunctionFact*, PathStep> external_parent_; // caller step toward a library entry
  llvm::DenseSet<const FunctionFact*> external_roots_;            // the library's entry points
  /// Functions whose address escapes to code the project does not show (a
  /// callback a public function stores per object, one queued or handed to a
  /// library), and what they call: they run wherever foreign code runs.
  llvm::DenseSet<const FunctionFact*> escaped_roots_;
  mutable std::optional<llvm::DenseSet<const FunctionFact*>> escaped_reached_;
  bool reached_from_escaped(const FunctionFact& function) const;
  llvm::DenseSet<const FunctionFact*> signal_reached_;
  /// The keys of the pointers in static storage that signal_reached_ code calls.
  llvm::StringSet<> signal_hooks_;
  llvm::DenseSet<const FunctionFact*> starts_threads_;
  llvm::DenseSet<const Event*> before_threads_;
  llvm::DenseSet<const Event*> after_thread_start_;
  ThreadScopes scopes_;
  /// Thread entries and the scoped starts of each; an entry also started
  /// some other way (not joined, through a function that starts its
  /// parameter, a task) is unscoped.
  llvm::DenseMap<const FunctionFact*, std::vector<const ThreadScope*>> entry_scopes_;
  llvm::DenseSet<const FunctionFact*> unscoped_entries_;
  llvm::DenseSet<const FunctionFact*> unscoped_reached_;  // what unscoped entries reach
  llvm::DenseMap<const FunctionFact*, std::vector<const ThreadScope*>> scoped_threads_;
  /// What runs while a scoped thread runs (computed on demand).
  struct Region {
    llvm::DenseSet<const FunctionFact*> reached;
    bool runs_foreign_code = false;
    /// Foreign code runs in a function the region reaches (a thread it
    /// starts calls an unknown function pointer): it may call back any
    /// function whose address escaped. Asked only for such functions.
    std::optional<bool> reaches_foreign_code;
  };
  mutable llvm::DenseMap<const ThreadScope*, Region> during_;

  /// The threads `main` has started (their entries) where it runs an event
  /// or calls into a function: known sets only; nullopt where not known.
  /// Each program's `main` is followed in its own order; a function several
  /// programs call has what any of them started there.
  using Started = std::optional<llvm::SmallVector<const FunctionFact*, 4>>;
  void compute_started_on_main();
  /// Where each function's events start threads, and which entries.
  using InstalledAt = std::map<std::pair<const FunctionFact*, Loc>, llvm::SmallVector<const FunctionFact*, 2>>;
  /// One program's `main`: the threads started on some path to each of its
  /// events (`leaves_of`: what a callee leaves running), then `reach` of
  /// each function it calls with the threads started there.
  void follow_main(const FunctionFact& main, const InstalledAt& installed_at,
                   llvm::function_ref<const Started&(const FunctionFact*)> leaves_of,
                   llvm::function_ref<void(const FunctionFact*, const Started&)> reach);
  llvm::DenseMap<const Event*, Started> started_at_main_event_;
  llvm::DenseMap<const FunctionFact*, Started> started_on_main_;
  void compute_main_thread_only();
  /// What a `main` reaches through the project's calls, and what a function
  /// no `main` reaches (or whose address escapes) reaches.
  llvm::DenseSet<const FunctionFact*> reached_from_main_;
  llvm::DenseSet<const FunctionFact*> reached_off_main_;
  /// Functions a thread started from `entry` runs, threads it starts in turn included.
  const llvm::DenseSet<const FunctionFact*>& reached_from_entry(const FunctionFact& entry) const;
  mutable llvm::DenseMap<const FunctionFact*, llvm::DenseSet<const FunctionFact*>> entry_reach_;
  /// Entries installed by each function's own events.
  llvm::DenseMap<const FunctionFact*, llvm::SmallVector<const FunctionFact*, 2>> installs_;
};

}  // namespace concur::analyzer_internal

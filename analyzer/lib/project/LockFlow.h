// The one lock-set analysis every check asks "which locks are held here".
//
// A forward dataflow over each function's event graph. It understands RAII
// guards (std guards with defer/adopt/try_to_lock, unique_lock's
// lock/unlock/release, moves), explicit lock()/unlock(), pthread/C11 calls
// and std::lock, and, through summaries computed over the whole project, any
// function that returns holding a lock or releases one (a home-made mutex's
// methods, a C `lock_lock(lock_t*)`, a helper in another file) and any class
// whose constructor locks and whose destructor unlocks (a guard).
//
// Summaries are computed in rounds, each from the previous round's results,
// until nothing changes: the result does not depend on the order in which
// functions are defined or TUs are given.
//
// Each held lock is either *definitely* held (on every path) or *maybe* held
// (on some path). Checks that report missing locks stay quiet when a lock is
// maybe held; checks that report work done under a lock fire only when it is
// definitely held. A function whose every caller holds a lock holds it too
// (its entry context); a function handed to the project's own function that
// calls it is called there, under the locks held at the hand-over and at the
// call.
#pragma once

#include "project/Project.h"

#include "llvm/ADT/STLFunctionalExtras.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <map>
#include <memory>
#include <optional>

namespace concur::analyzer_internal {

struct HeldLock {
  std::string key;      ///< canonical_key of the lock
  std::string display;  ///< "mu_", "srv->lock"
  /// Set when the lock is shown by a name composed through wrappers
  /// ("srv->lock" taken by `server_lock (srv)`): the name findings are
  /// fingerprinted by ("srv", as in earlier releases). Empty: the display.
  std::string symbol;
  const std::string& fingerprint_name() const { return symbol.empty() ? display : symbol; }
  Loc acquired_at;
  bool definitely = true;
  bool recursive = false;
  bool shared = false;        ///< taken in shared (reader) mode on some path: others may hold it too
  bool from_callers = false;  ///< held by every caller (entry context), not taken here
  bool restored = false;      ///< a caller's lock this function released and took back
  /// As the function spells it (parameter/this-relative). Shared: lock sets
  /// are copied at every event of the flow, and a Ref is several strings.
  std::shared_ptr<const Ref> ref_data;
  const Ref& ref() const { return ref_data ? *ref_data : empty_ref(); }
  /// The same lock of other objects, also held (`std::scoped_lock both (mu_,
  /// other.mu_)`): the key names the field of any object, the references
  /// say which objects. Null when there is none.
  std::shared_ptr<const std::vector<Ref>> other_refs;

private:
  static const Ref& empty_ref();
};

/// Meets `here` into `into` (a meet over call sites): the first meet takes
/// `here`, later ones keep only the locks, by key, that `here` holds too.
void meet_locks(std::optional<std::vector<HeldLock>>& into, std::vector<HeldLock> here);
/// The sorted keys of `locks` (none when unset): whether a meet changed
/// from one round to the next.
std::vector<std::string> lock_keys(const std::optional<std::vector<HeldLock>>& locks);

/// The locks held at one point, sorted by key.
struct LockSet {
  llvm::SmallVector<HeldLock, 2> locks;
  /// Keys of the callers' locks this function released on every path to this
  /// point and has not taken back (sorted): not held here, whatever the callers hold.
  llvm::SmallVector<std::string, 1> dropped;
  const HeldLock* definitely_held() const;
  /// A lock held in exclusive mode (not only as a reader): it keeps other
  /// threads' writes out.
  const HeldLock* exclusive() const;
  const HeldLock* find(llvm::StringRef key) const;
  bool drops(llvm::StringRef key) const;
  bool any() const { return !locks.empty(); }
};

/// A lock a function leaves acquired or released when it returns, relative
/// to its parameters and `this`.
struct LockEffect {
  Ref ref;
  bool acquire = true;
  bool definitely = true;
  bool recursive = false;
  Loc at;
  /// Left held in shared (reader) mode on some path: a home-made reader
  /// lock's `ReadLock ()`, a `ReadGuard`'s constructor.
  bool shared = false;
  friend bool operator==(const LockEffect&, const LockEffect&) = default;
};

class LockFlow {
public:
  /// `jobs`: threads for the per-function flows (0 = one per core).
  explicit LockFlow(const Project& project, unsigned jobs = 1);

  /// The locks held just before `event` runs, entry context included.
  LockSet held_at(const FunctionFact& function, const Event& event) const;
  /// Keys of the callers' locks the function of `event` released on every path
  /// to it and has not taken back (LockSet::dropped, without building the set).
  llvm::ArrayRef<std::string> dropped_at(const Event& event) const;
  /// Locks every caller of `function` holds when calling it.
  const std::vector<HeldLock>& entry_context(const FunctionFact& function) const;
  /// What calling `function` does to the caller's locks.
  const std::vector<LockEffect>& effects(llvm::StringRef function) const;
  /// Whether the class whose constructor is `ctor` is a guard (its
  /// constructor takes a lock it was given, its destructor releases).
  bool is_guard_constructor(llvm::StringRef ctor) const;
  /// Whether the guard construction `guard_begin` takes a reader's lock: a
  /// listed reader guard (`std::shared_lock`), or a guard class of the
  /// project whose constructor takes only readers' locks (`ReadGuard`).
  bool takes_reader_lock(const Event& guard_begin) const;
  /// Canonical keys of the locks `function` takes, itself or through callees.
  const std::vector<std::string>& acquires(const FunctionFact& function) const;
  /// Whether `function` takes the lock `key` itself (not only through a callee).
  bool acquires_itself(const FunctionFact& function, llvm::StringRef key) const;
  /// The locks `event` takes and leaves taken, as its function spells them:
  /// an acquisition, an owning guard's, or a call's that returns holding
  /// them (`latch_.Hold ()`, `lock_lock (l)`).
  llvm::SmallVector<Ref, 2> taken_at(const Event& event) const;
  /// Where `function` (or a callee) takes the lock `key`, if it does.
  std::optional<Loc> acquisition_of(const FunctionFact& function, llvm::StringRef key) const;
  /// Records (by identity) that are locks by what their functions do.
  bool is_lock_type(llvm::StringRef record) const;
  /// Canonical keys of `ref` as `function` spells it.
  std::string key_of(const FunctionFact& function, const Ref& ref) const;
  /// The locks the guard parameter `index` of `function` holds on entry:
  /// those every caller's guard handed to it holds.
  llvm::ArrayRef<Ref> guard_param_locks(const FunctionFact& function, uint32_t index) const;

  /// What a call through a function pointer may run, when the project sets
  /// that pointer only to its own functions (Callables::pointer_targets).
  using PointerTargets =
      llvm::function_ref<std::optional<std::vector<const FunctionFact*>>(const FunctionFact&, const Event&)>;
  /// Whether the project's own calls through its pointers are the only way
  /// a function handed over or stored runs (its value goes nowhere else).
  using RunsOnlyThroughPointers = llvm::function_ref<bool(const FunctionFact&)>;
  /// Makes the calls through function pointers call sites of the functions
  /// they run (`user_callback (event)` under a lock, where the project set
  /// `user_callback` only to `on_event`), and computes the callers' lock
  /// contexts again with them. Called once Callables knows the pointers.
  void add_pointer_callers(PointerTargets targets, RunsOnlyThroughPointers only_through_pointers);

  class State;

private:
  void compute_effects();
  /// compute_effects' worklist: every summary to its fixpoint, callees first.
  void summarize(const std::vector<const FunctionFact*>& by_id,
                 const llvm::DenseMap<const FunctionFact*, unsigned>& rank);
  /// Home-made guard classes and lock types, from the current summaries.
  void classify_guards_and_lock_types();
  void compute_states();
  void compute_entry_contexts();
  void compute_acquires();
  std::vector<LockEffect> effects_from(const FunctionFact& function) const;
  void compute_guard_params();
  /// The locks the guard local `local` of `function` was constructed over.
  static std::vector<Ref> guard_locks_of(const FunctionFact& function, uint32_t local);

  const Project& project_;
  unsigned jobs_ = 1;
  llvm::DenseMap<const FunctionFact*, std::vector<LockEffect>> effects_;
  std::map<std::pair<const FunctionFact*, uint32_t>, std::vector<Ref>> guard_params_;
  llvm::StringMap<std::vector<LockEffect>> effects_by_id_;
  /// Every function, callees before callers (a post-order of the call graph,
  /// roots by identity): summaries that flow up the call graph settle in one
  /// pass in this order.
  std::vector<const FunctionFact*> callee_first_;
  llvm::StringMap<char> guard_constructors_;
  llvm::StringMap<char> lock_types_;
  llvm::StringMap<char> recursive_holders_;  ///< keys of holders of locks made recursive
  bool recursive_holder(const FunctionFact& function, const Ref& lock) const;
  /// Keys of holders every creation into which is a factory's plain lock
  /// (`z->lock = zlock_alloc ()`): not recursive by the lock's type.
  llvm::StringMap<char> plain_holders_;
  bool plain_holder(const FunctionFact& function, const Ref& lock) const;
  llvm::DenseMap<const Event*, LockSet> states_;  // only where something is held
  llvm::DenseMap<const FunctionFact*, std::vector<HeldLock>> entry_;
  /// Calls through function pointers, by the function they may run; only
  /// for functions that run nowhere else than there and where the project calls them.
  llvm::DenseMap<const FunctionFact*, std::vector<CallSite>> pointer_callers_;
  llvm::DenseMap<const FunctionFact*, std::vector<std::string>> acquires_;
  llvm::DenseMap<const FunctionFact*, llvm::StringMap<Loc>> acquisition_sites_;
  llvm::DenseMap<const FunctionFact*, llvm::StringMap<char>> own_acquisitions_;
};

}  // namespace concur::analyzer_internal

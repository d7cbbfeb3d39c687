// concur-shared-global-cache: an object with static storage duration is
// mutated with no lock held, where there is evidence that it runs
// concurrently (RacerD's rule: no report without evidence):
//   - the same object (the same field) is used under a lock elsewhere;
//   - the mutating function is reachable from a thread or task entry;
//   - or it can run while a thread touches the same object (the program's
//     main thread, a library's entry points in a project that uses locks).
// Code reached only during start-up, once-only initialization, and test code
// that starts no thread is serial. Containers and caches are reported on any
// such mutation; plain scalars only in the two patterns that are almost
// always bugs (save/flip/restore of a global flag, and a variable used under
// a lock elsewhere but not here).
#include "checks/Check.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSet.h"

#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <utility>

namespace concur::analyzer_internal {
namespace {

const CheckSpec& spec();

/// How many helpers deep a container handed by reference is followed.
constexpr unsigned kMaxRounds = 8;

/// One use of static storage, resolved to its variable.
struct Access {
  const FunctionFact* function = nullptr;
  const Event* event = nullptr;
  /// Through a helper handed the object (`append_line (g_log, s)`): `event`
  /// is the call, `operation` what the helper does to it and `helper` the
  /// function that does it. Otherwise both null.
  const Event* operation = nullptr;
  const FunctionFact* helper = nullptr;
  const FunctionFact* handed_to = nullptr;  ///< the function called, when it passes the object on to `helper`
  const Event& op() const { return operation ? *operation : *event; }
  const VariableFact* variable = nullptr;
  std::vector<std::string> path;  ///< fields below the variable
  const FunctionFact* accessor = nullptr;  ///< reached through this accessor, if any
  bool through_pointer = false;   ///< the object a pointer variable points to (`*p`)
  bool locked = false;            ///< a lock is (maybe) held there
  /// Every lock held there is held in shared (reader) mode: other threads
  /// may hold it at once, so it does not protect a write. The first of them.
  std::optional<HeldLock> only_shared;
  bool definitely_locked = false; ///< a lock is held there on every path
  /// The locks held there on every path (exclusive ones).
  std::vector<HeldLock> definite_locks;
  /// A lock is held there on every path that the function takes itself
  /// (not only its callers).
  bool locked_here = false;
};

enum class Kind { none, mutation, maybe_mutation, check, scalar_write, save, restore };

class SharedGlobalCacheCheck : public Check {
public:
  explicit SharedGlobalCacheCheck(const CheckOptions& options) {
    for (const auto& name : options.list("mutatingMethods")) mutators_.insert(name);
    for (const auto& name : options.list("mutatingFunctions")) {
      mutators_.insert(name);
      container_functions_.insert(name);
    }
    for (const auto& name : options.list("checkMethods")) checks_.insert(name);
    for (const auto& name : options.list("checkFunctions")) {
      checks_.insert(name);
      container_functions_.insert(name);
    }
  }

  void run(CheckContext& context) override {
    context_ = &context;
    collect();
    for (const auto& [function, accesses] : by_function_) examine(*function, accesses);
  }

private:
  /// The variable an access names: directly, or through accessors that
  /// return a reference to static storage (`static T* p = new T; return *p;`).
  struct Resolved {
    const VariableFact* variable;
    std::vector<std::string> path;
    const FunctionFact* accessor;
    bool through_pointer = false;
  };
  /// Whether `path` below a variable reaches what a pointer field points to
  /// (`db.retained`, a `GHashTable *` field of a global struct): it ends in
  /// the field, then "*", and goes through no other pointer.
  static bool pointee_of_field(const std::vector<std::string>& path) {
    return path.size() >= 2 && path.back() == "*" && is_field_element(path[path.size() - 2]) &&
           llvm::count(path, "*") == 1;
  }
  std::optional<Resolved> resolve(const Ref& ref) const {
    Ref current = ref;
    std::vector<std::string> tail;
    const FunctionFact* first_accessor = nullptr;
    for (int depth = 0; depth < 6; ++depth) {
      if (current.root == RefRoot::global) {
        const VariableFact* variable = context_->project.variable(current.base);
        if (!variable) return std::nullopt;
        std::vector<std::string> path = current.path;
        path.insert(path.end(), tail.begin(), tail.end());
        // Through the accessor's `*p` of a static pointer (the singleton
        // itself), or through a global pointer used directly
        // (`g_ids->push_back (id)` where `std::vector<int>* g_ids = new ...`).
        const bool through_pointer = !path.empty() && path.front() == "*" && (depth > 0 || variable->pointer);
        if (through_pointer) path.erase(path.begin());
        if (llvm::is_contained(path, "*") && !pointee_of_field(path)) return std::nullopt;
        return Resolved{variable, path, first_accessor, through_pointer};
      }
      if (current.root != RefRoot::call_result) return std::nullopt;
      const FunctionFact* accessor = context_->project.function(current.base);
      if (!accessor || accessor->returns.empty()) return std::nullopt;
      if (!first_accessor) first_accessor = accessor;
      tail.insert(tail.begin(), current.path.begin(), current.path.end());
      current = accessor->returns;
    }
    return std::nullopt;
  }

  /// Whether an access reaches a container or a cache-like object. A pointer
  /// variable's facts describe the object it points to, which only its
  /// accessor's `*p` reaches; the pointer itself is a scalar.
  static bool is_container(const Access& access) {
    if (pointee_of_field(access.path)) return true;
    if (access.variable->pointer && !access.through_pointer) return false;
    if (access.variable->container) return true;
    // A container field of a global struct (`g_state.history`).
    const auto field = llvm::find_if(llvm::reverse(access.path), is_field_element);
    return field != access.path.rend() && llvm::is_contained(access.variable->container_fields, *field);
  }

  /// A change a method makes to a container of the object it runs on
  /// (`values_` in `Config::set`), lifted to a call on a global object.
  static bool through_receiver(const Access& access) {
    return access.helper && access.op().ref.root == RefRoot::this_object;
  }

  /// Whether a lock the function takes itself (not only its callers) may be
  /// held: it serializes a helper's change for the function's callers.
  static bool takes_own_lock(const LockSet& held) {
    return llvm::any_of(held.locks, [](const HeldLock& lock) { return !lock.from_callers; });
  }

  /// An element a thread entry picks with what its starter handed it
  /// (`g_slots[id]` in `Worker (int id)`, `results[i]` in `[i] { ... }`):
  /// each thread its own slot, the per-thread idiom. Started with the same
  /// index twice it would race, which the facts cannot tell apart.
  bool is_own_slot(const Access& access) const {
    if (!access.event->has(event_flags::own_slot) || access.helper) return false;
    if (context_->reach.is_entry(*access.function)) return true;
    // Picked by a parameter of a helper (`g_scale[id]` in `MakeThumbnail (int
    // id)`) that every call hands a thread entry's own value: the task's
    // `[i] { MakeThumbnail (i); }`, or a parameter passed down unchanged.
    const uint32_t source = access.event->other;
    if (source < kOwnFromParam) return false;
    llvm::DenseMap<std::pair<const FunctionFact*, uint32_t>, bool> memo;
    return owned_by_every_caller(*access.function, source - kOwnFromParam, 0, memo);
  }

  /// Whether every call of `function` passes, as its parameter `index`, a
  /// value a thread entry owns: the entry's own parameter or a copy it
  /// captured, or a parameter of a caller that every call gives one.
  bool owned_by_every_caller(const FunctionFact& function, uint32_t index, unsigned depth,
                             llvm::DenseMap<std::pair<const FunctionFact*, uint32_t>, bool>& memo) const {
    constexpr unsigned kMaxDepth = 8;
    if (auto it = memo.find({&function, index}); it != memo.end()) return it->second;
    if (depth > kMaxDepth) return false;
    memo[{&function, index}] = false;  // while in progress: a recursion proves nothing
    const auto& sites = context_->project.callers(function.id);
    bool owned = !sites.empty();
    for (const CallSite& site : sites) {
      const uint32_t source = index < site.event->args.size() ? site.event->args[index].own_source : 0;
      owned = source != 0 &&
              (context_->reach.is_entry(*site.caller) ||
               (source >= kOwnFromParam &&
                owned_by_every_caller(*site.caller, source - kOwnFromParam, depth + 1, memo)));
      if (!owned) break;
    }
    memo[{&function, index}] = owned;
    return owned;
  }

  /// Whether the method an access calls takes a lock of the object it runs
  /// on (`std::lock_guard<std::mutex> hold (mu_);` in ActionCache::Put).
  bool locks_its_object(const Access& access) const {
    const Event& event = access.op();
    for (const auto& block : access.function->blocks)
      for (const auto& call : block.events) {
        if (call.kind != EventKind::call || call.loc != event.loc || !call.has(event_flags::method_call) ||
            call.has(event_flags::virtual_call))
          continue;
        const FunctionFact* method = context_->project.function(call.callee);
        if (!method || method->name.empty() || !llvm::StringRef(method->name).ends_with("::" + event.text)) continue;
        // Directly, through a guard (a project's own too: `Pin pin (latch_);`
        // whose constructor calls `latch_.Close ()`), or a call that returns
        // holding it.
        for (const auto& method_block : method->blocks)
          for (const auto& taken : method_block.events) {
            if (taken.kind == EventKind::acquire && taken.ref.root == RefRoot::this_object) return true;
            if (taken.kind == EventKind::guard_begin &&
                llvm::any_of(taken.refs, [](const Ref& ref) { return ref.root == RefRoot::this_object; }))
              return true;
            if (llvm::any_of(context_->locks.taken_at(taken),
                             [](const Ref& ref) { return ref.root == RefRoot::this_object; }))
              return true;
          }
      }
    return false;
  }

  Kind kind_of(const Access& access) const {
    const Event& event = access.op();
    if (event.op != AccessOp::read && is_own_slot(access)) return Kind::none;
    switch (event.op) {
      case AccessOp::write: return is_container(access) ? Kind::mutation : Kind::scalar_write;
      case AccessOp::subscript: return Kind::mutation;
      case AccessOp::maybe_subscript: return Kind::maybe_mutation;
      case AccessOp::save: return Kind::save;
      case AccessOp::restore: return Kind::restore;
      case AccessOp::read: return Kind::none;
      case AccessOp::method: break;
    }
    if (checks_.contains(event.text)) return Kind::check;
    if (event.has(event_flags::const_method)) return Kind::none;
    // `g_cache.Put (k, v)` where Put locks the cache's own mutex: the class
    // keeps its state consistent itself.
    if (locks_its_object(access)) return Kind::none;
    // A method that changes an object which is not a container is like a
    // scalar write: reported only with a lock elsewhere.
    if (mutators_.contains(event.text))
      return is_container(access) ? Kind::mutation : Kind::scalar_write;
    // A cache-like class of the project: its non-const methods change it.
    const llvm::StringRef name(event.text);
    if (is_container(access) && !access.variable->listed_container &&
        !name.starts_with("begin") && !name.starts_with("end") && !name.starts_with("operator"))
      return Kind::mutation;
    return Kind::none;
  }

  void collect() {
    for (const FunctionFact* function : context_->project.functions())
      if (!function->has(function_flags::specialization))
        for (const auto& block : function->blocks)
          for (const auto& event : block.events)
            if (event.kind == EventKind::access) add_access(*function, event, event.ref, nullptr, nullptr, nullptr);
    collect_handed();
  }

  /// A use of `ref` at `event` in `function`, when `ref` is static storage.
  void add_access(const FunctionFact& function, const Event& event, const Ref& ref, const Event* operation,
                  const FunctionFact* helper, const FunctionFact* handed_to) {
    auto resolved = resolve(ref);
    if (!resolved) return;
    // What a pointer field points to is followed where a C container function
    // is handed it (`g_hash_table_insert (db.retained, k, v)`): the vocabulary
    // says that argument is a container.
    const Event& op = operation ? *operation : event;
    if (pointee_of_field(resolved->path) && !(op.op == AccessOp::method && container_functions_.contains(op.text)))
      return;
    Access access;
    access.function = &function;
    access.event = &event;
    access.operation = operation;
    access.helper = helper;
    access.handed_to = handed_to;
    access.variable = resolved->variable;
    access.path = std::move(resolved->path);
    access.through_pointer = resolved->through_pointer;
    access.accessor = resolved->accessor;
    const LockSet held = context_->locks.held_at(function, event);
    access.locked = held.any();
    access.definitely_locked = held.definitely_held() != nullptr;
    for (const HeldLock& lock : held.locks)
      if (lock.definitely && !lock.shared) access.definite_locks.push_back(lock);
    access.locked_here = llvm::any_of(held.locks, [](const HeldLock& l) { return l.definitely && !l.from_callers; });
    if (held.any() && !held.exclusive()) access.only_shared = held.locks.front();
    by_variable_[access.variable].push_back(access);
    by_function_[&function].push_back(access);
  }

  /// Containers handed to helpers: `append_line (g_log, s)` where
  /// `append_line (std::vector<std::string>& out, ...)` calls `out.push_back`
  /// with no lock of its own is a push_back on g_log at the call, under the
  /// caller's locks. Through any number of helpers that pass it on. A method
  /// is handed the object it runs on: `Config::instance ().set (k, v)`, where
  /// `set` assigns `values_[k]` with no lock of its own, changes the global
  /// Config's map at the call.
  void collect_handed() {
    struct Handed {
      Ref ref;  ///< in the function's terms: one of its parameters
      const Event* operation;
      const FunctionFact* helper;
    };
    const Project& project = context_->project;
    llvm::DenseMap<const FunctionFact*, std::vector<Handed>> handed;
    std::set<std::tuple<const FunctionFact*, std::string, const Event*>> known;
    for (const FunctionFact* function : project.functions())
      for (const auto& block : function->blocks)
        for (const auto& event : block.events) {
          if (event.kind != EventKind::access || event.op == AccessOp::read ||
              (event.ref.root != RefRoot::param && event.ref.root != RefRoot::this_object))
            continue;
          // A helper that takes a lock of its own around the change serializes it.
          if (takes_own_lock(context_->locks.held_at(*function, event))) continue;
          if (known.emplace(function, canonical_key(event.ref, function->id), &event).second)
            handed[function].push_back({event.ref, &event, function});
        }
    std::set<std::pair<const Event*, const Event*>> lifted;
    for (unsigned round = 0; round < kMaxRounds && !handed.empty(); ++round) {
      std::vector<std::pair<const FunctionFact*, Handed>> added;
      for (const FunctionFact* function : project.functions())
        project.for_each_direct_call(*function, [&](const Event& event, const FunctionFact& callee) {
          auto it = &callee == function ? handed.end() : handed.find(&callee);
          if (it == handed.end()) return;
          for (const Handed& inner : it->second) {
            const Ref here = substitute(inner.ref, event.ref, event.args);
            if (here.empty()) continue;
            if (here.root == RefRoot::param || here.root == RefRoot::this_object) {
              // A function that calls the helper under a lock of its own
              // serializes the change for its callers (spdlog's
              // `initialize_logger` locks the registry's mutex, then calls
              // `register_logger_`, which changes `loggers_`).
              if (takes_own_lock(context_->locks.held_at(*function, event))) continue;
              if (known.emplace(function, canonical_key(here, function->id), inner.operation).second)
                added.push_back({function, {here, inner.operation, inner.helper}});
            } else if (lifted.emplace(&event, inner.operation).second) {
              add_access(*function, event, here, inner.operation, inner.helper,
                         &callee != inner.helper ? &callee : nullptr);
            }
          }
        });
      if (added.empty()) break;
      for (auto& [function, entry] : added) handed[function].push_back(std::move(entry));
    }
  }

  /// Two lock keys that cannot name one mutex: two different variables in
  /// static storage (or fields of them), reached through no pointer. A field
  /// of some object, or a lock reached through a pointer, may be either.
  static bool plain_global(llvm::StringRef key) {
    if (!key.starts_with("g:")) return false;
    llvm::SmallVector<llvm::StringRef, 4> steps;
    key.split(steps, '/');
    return llvm::none_of(steps, [](llvm::StringRef step) { return step == "*"; });
  }
  static bool certainly_different(llvm::StringRef a, llvm::StringRef b) {
    if (!plain_global(a) || !plain_global(b) || a == b) return false;
    auto within = [](llvm::StringRef outer, llvm::StringRef inner) {
      return inner.starts_with(outer) && inner.size() > outer.size() && inner[outer.size()] == '/';
    };
    return !within(a, b) && !within(b, a);
  }

  /// A change of the same object elsewhere made under a lock that `access`,
  /// which holds locks of its own, certainly does not hold (`g_routes` changed
  /// under `g_a` here and under `g_b` there): the two exclude nothing.
  const Access* use_under_another_lock(const Access& access) const {
    if (access.definite_locks.empty() ||
        !llvm::all_of(access.definite_locks, [](const HeldLock& lock) { return plain_global(lock.key); }))
      return nullptr;
    for (const Access* other : witnesses(access.variable).locked) {
      if (other->function == access.function || !same_object(*other, access) || !shares_with(*other, access) ||
          other->definite_locks.empty())
        continue;
      const bool disjoint = llvm::all_of(access.definite_locks, [&](const HeldLock& mine) {
        return llvm::all_of(other->definite_locks,
                            [&](const HeldLock& theirs) { return certainly_different(mine.key, theirs.key); });
      });
      if (disjoint) return other;
    }
    return nullptr;
  }

  static bool same_object(const Access& a, const Access& b) {
    if (a.variable != b.variable) return false;
    // One path is a prefix of the other: the same field, or the whole object.
    const size_t n = std::min(a.path.size(), b.path.size());
    return std::equal(a.path.begin(), a.path.begin() + static_cast<long>(n), b.path.begin());
  }

  /// Why this mutation may run concurrently with another use, or "".
  struct Evidence {
    const Access* locked_elsewhere = nullptr;
    /// The mutation holds a lock too, and locked_elsewhere holds another one.
    bool other_lock = false;
    std::vector<PathStep> thread_path;
    const Access* thread_access = nullptr;  // another use on a thread
    bool library_entry = false;
    /// On threads their starters join before returning: the scope that
    /// still races, and the use (or the mutation itself, run again) that
    /// runs while its thread runs; none when the starter itself may run on
    /// several threads at once.
    const Access* alongside = nullptr;
    const ThreadScope* scope = nullptr;
  };

  /// Per variable, the uses that can be evidence: under a lock held on every
  /// path there (not plain reads), or in code that runs on a thread. A lock
  /// held on some paths only says nothing about this object: it is what a
  /// callee that sometimes returns holding some lock leaves behind. Computed
  /// once per variable.
  struct Witnesses {
    std::vector<const Access*> locked;
    std::vector<const Access*> on_thread;
  };
  const Witnesses& witnesses(const VariableFact* variable) const {
    auto [it, inserted] = witnesses_.try_emplace(variable);
    if (inserted)
      for (const Access& access : by_variable_.at(variable)) {
        // A change made by a method of a global object, where only the
        // callers hold the lock, is no evidence either (see evidence_for).
        if (access.definitely_locked && access.op().op != AccessOp::read &&
            (!through_receiver(access) || access.locked_here))
          it->second.locked.push_back(&access);
        if (context_->reach.contexts_of(*access.function) & contexts::thread)
          it->second.on_thread.push_back(&access);
      }
    return it->second;
  }

  /// `reached`: the function whose reach is where the mutation runs (its
  /// own, or a specialization of it: Reach::reached_as).
  Evidence evidence_for(const Access& mutation, const FunctionFact& reached) const {
    Evidence evidence;
    const Reach& reach = context_->reach;
    const Project& project = context_->project;
    const Witnesses& seen = witnesses(mutation.variable);
    // A locked use only on threads joined before this mutation runs (or
    // after it) is not shared with it: the workers lock, the starter reads
    // the totals after joining them all.
    // A change a method of a global object makes to its own container: a
    // use of that object where only the callers' callers hold a lock, for
    // their own reasons (a dialog built under its owner's mutex calls
    // `icons ().icon (...)`), says nothing about the object. Such a use is
    // evidence only under a lock its own function takes.
    for (const Access* other : seen.locked)
      if (other->function != mutation.function && same_object(*other, mutation) && shares_with(*other, mutation) &&
          (!through_receiver(mutation) || other->locked_here)) {
        evidence.locked_elsewhere = other;
        break;
      }
    for (const Access* other : seen.on_thread)
      if (other->function != mutation.function && same_object(*other, mutation) && shares_with(*other, mutation)) {
        evidence.thread_access = other;
        break;
      }
    evidence.thread_path = reach.thread_path(reached);
    // A thread joined by its starter runs alongside that region only: the
    // mutation races only with a use that runs there (or on another thread).
    if (!evidence.thread_path.empty())
      if (llvm::ArrayRef<const ThreadScope*> scopes = reach.only_scoped_threads(reached); !scopes.empty()) {
        std::tie(evidence.alongside, evidence.scope) = use_alongside(mutation, scopes);
        if (!evidence.scope) evidence.thread_path.clear();
      }
    const uint32_t bits = reach.contexts_of(reached);
    evidence.library_entry = (bits & contexts::external) &&
                             (project.starts_threads() || project.uses_locks());
    return evidence;
  }

  /// Whether `other` may run while `on_thread`, a use on a thread, runs:
  /// always, unless every thread it runs on is joined by its starter, and
  /// then only in the region between start and join.
  bool overlaps(const Access& on_thread, const Access& other) const {
    const Reach& reach = context_->reach;
    // Two uses on the main thread alone run one after the other.
    if (reach.main_thread_only(*on_thread.function) && reach.main_thread_only(*other.function)) return false;
    // Start-up code on the main thread that runs before `main` starts any
    // thread reaching the use (after a logger thread, before the workers).
    if (reach.before_threads_reaching(*other.function, other.event, *on_thread.function)) return false;
    const llvm::ArrayRef<const ThreadScope*> scopes = reach.only_scoped_threads(*on_thread.function);
    if (scopes.empty()) return true;
    return llvm::any_of(scopes, [&](const ThreadScope* scope) {
      return reach.runs_during(*scope, *other.function, other.event);
    });
  }

  /// Whether a use says the object `mutation` changes is shared with it:
  /// unless every thread the use runs on is joined by its starter and the
  /// mutation runs neither in that region nor on a joined thread that runs
  /// alongside the use's (two joined threads overlap when either starts
  /// while the other runs, whichever of them started first).
  bool shares_with(const Access& use, const Access& mutation) const {
    return overlaps(use, mutation) || (on_joined_threads(use) && on_joined_threads(mutation) && overlaps(mutation, use));
  }

  /// Whether every thread `access` runs on is joined by its starter.
  bool on_joined_threads(const Access& access) const {
    return !context_->reach.only_scoped_threads(*access.function).empty();
  }

  /// Whether `a` and `b` may run at the same time, as far as scoped threads
  /// tell. Two uses on scoped threads overlap when either runs while the
  /// other's thread runs (the one started first sees the other start); a use
  /// on a scoped thread and one that is not overlap only where the thread's
  /// region holds the other.
  bool may_overlap(const Access& a, const Access& b) const {
    if (on_joined_threads(a) && on_joined_threads(b)) return overlaps(a, b) || overlaps(b, a);
    return overlaps(a, b) && overlaps(b, a);
  }

  /// A use of the mutated object that runs while one of `scopes` runs the
  /// mutation, with that scope; the mutation itself when its function also
  /// runs there; {nullptr, scope} when that scope's starter may itself run
  /// on several threads at once. {nullptr, nullptr}: none.
  std::pair<const Access*, const ThreadScope*> use_alongside(const Access& mutation,
                                                             llvm::ArrayRef<const ThreadScope*> scopes) const {
    const Reach& reach = context_->reach;
    for (const ThreadScope* scope : scopes) {
      // The starter on several threads at once: as many such threads.
      if (reach.contexts_of(*scope->function) & (contexts::thread | contexts::external)) return {nullptr, scope};
      // A pool runs the tasks handed to it on several threads at once.
      if (scope->several) return {&mutation, scope};
      if (reach.runs_during(*scope, *mutation.function, nullptr)) return {&mutation, scope};
      for (const Access& other : by_variable_.at(mutation.variable))
        if (&other != &mutation && other.function != mutation.function && same_object(other, mutation) &&
            reach.runs_during(*scope, *other.function, other.event))
          return {&other, scope};
    }
    return {nullptr, nullptr};
  }

  /// A locked use elsewhere says the object is meant to be shared; it is
  /// evidence of a race by itself only when it can run while the mutation
  /// does: not for a mutation on a thread joined before it (`std::thread pre
  /// (Preload); pre.join (); Init ();`), when nothing else runs alongside.
  bool concurrent(const Evidence& evidence, uint32_t bits, const Access& mutation) const {
    if (!evidence.thread_path.empty() || evidence.library_entry) return true;
    if (evidence.locked_elsewhere && may_overlap(*evidence.locked_elsewhere, mutation)) return true;
    return evidence.thread_access &&
           (bits & (contexts::main | contexts::external | contexts::thread));
  }

  void examine(const FunctionFact& function, const std::vector<Access>& accesses) {
    if (function.has(function_flags::constructor) || function.has(function_flags::destructor) ||
        function.has(function_flags::runs_once) || context_->project.runs_once(function.id) ||
        context_->project.never_runs(function))
      return;
    const Reach& reach = context_->reach;
    // A start-up function that starts threads runs alongside them after that
    // (until it joins them, for the threads it joins).
    const bool startup_only = reach.startup_only(function);
    // A serial executable's code (a test binary that starts no thread) runs
    // alone, whatever locks it takes.
    if ((startup_only && !reach.starts_threads(function) && !reach.starts_scoped_threads(function)) ||
        reach.serial_test_only(function) || context_->project.in_serial_executable(function))
      return;
    const uint32_t function_bits = reach.contexts_of(function);

    // Definite mutations first: they tell the story better than an
    // operator[] used as a read.
    // Each group in source order: the first change is where the story
    // starts (`float& peak = g_peaks[node];` inserts before `peak = v;`).
    std::vector<const Access*> order;
    for (const Access& access : accesses)
      if (kind_of(access) != Kind::maybe_mutation) order.push_back(&access);
    const size_t definite = order.size();
    for (const Access& access : accesses)
      if (kind_of(access) == Kind::maybe_mutation) order.push_back(&access);
    auto earlier = [](const Access* a, const Access* b) { return a->event->loc < b->event->loc; };
    std::stable_sort(order.begin(), order.begin() + definite, earlier);
    std::stable_sort(order.begin() + definite, order.end(), earlier);

    // One finding per object: a field is an object of its own
    // (`g_stats.requests` and `g_stats.errors`).
    std::set<std::pair<const VariableFact*, std::string>> reported;
    for (const Access* access : order) {
      const Kind kind = kind_of(*access);
      if (kind != Kind::mutation && kind != Kind::maybe_mutation && kind != Kind::scalar_write)
        continue;
      if (reported.count({access->variable, name_of(*access)})) continue;
      // A change under a lock races only with uses under another lock.
      const Access* other_lock = nullptr;
      if (access->locked && !access->only_shared) {
        other_lock = use_under_another_lock(*access);
        // One finding for the pair: the first side reported names the other.
        if (!other_lock || under_two_locks_.count({access->variable, name_of(*access)})) continue;
      }
      if (reach.before_threads(*access->event)) continue;  // main, before any thread exists
      if (!other_lock && !access->only_shared && locked_wherever_concurrent(*access)) continue;
      const bool after_start = reach.after_thread_start(*access->event);
      // Where the access runs: the function, or the copies of it its
      // callers' constants run (Reach::reached_as), any one of which races.
      // A reader lock held for the write says the code expects other
      // threads to hold it at the same time.
      std::optional<Evidence> evidence;
      for (const FunctionFact* reached : reach.reached_as(function, *access->event)) {
        const bool own = reached == &function;
        if ((own ? startup_only : reach.startup_only(*reached)) && !after_start) continue;
        const uint32_t bits = (own ? function_bits : reach.contexts_of(*reached)) | (after_start ? contexts::main : 0);
        Evidence candidate = evidence_for(*access, *reached);
        if (other_lock) {
          candidate.locked_elsewhere = other_lock;
          candidate.other_lock = true;
        }
        if (access->only_shared || concurrent(candidate, bits, *access)) {
          evidence = std::move(candidate);
          break;
        }
      }
      if (!evidence) continue;
      const Access* flipped_from = kind == Kind::scalar_write ? saved_before(*access, accesses) : nullptr;
      if (kind == Kind::scalar_write && !evidence->locked_elsewhere && !flipped_from && !access->only_shared) continue;
      reported.insert({access->variable, name_of(*access)});
      if (evidence->other_lock) under_two_locks_.insert({access->variable, name_of(*access)});
      report(*access, kind, *evidence, flipped_from, accesses);
    }
  }

  /// For a scalar write between a save into a local and a restore from it
  /// (save/flip/restore), the save.
  const Access* saved_before(const Access& write, const std::vector<Access>& accesses) const {
    const Project& project = context_->project;
    const FunctionFact& function = *write.function;
    for (const Access& save : accesses) {
      if (save.op().op != AccessOp::save || save.variable != write.variable || save.path != write.path) continue;
      if (!project.reaches(function, save.event, write.event)) continue;
      for (const Access& restore : accesses)
        if (restore.op().op == AccessOp::restore && restore.variable == write.variable && restore.path == write.path &&
            restore.event->index == save.event->index &&
            project.reaches(function, write.event, restore.event))
          return &save;
    }
    return nullptr;
  }

  /// A lookup of the same container that runs before `mutation` on some
  /// path. The same container, not one inside it: `it->second.push_back (x)`
  /// after `g_routes.find (r)` changes an element the lookup found, and a
  /// range-for's implicit `end ()` looks nothing up.
  const Access* check_before(const Access& mutation, const std::vector<Access>& accesses) const {
    for (const Access& check : accesses)
      if (kind_of(check) == Kind::check && check.variable == mutation.variable && check.path == mutation.path &&
          context_->project.reaches(*mutation.function, check.event, mutation.event))
        return &check;
    return nullptr;
  }

  /// "g_stats.requests" for a field, the variable's name otherwise.
  static std::string name_of(const Access& access) {
    std::string name = access.accessor ? access.accessor->name + "()" : access.variable->name;
    for (const auto& element : access.path) {
      // A map element's `second` is the element itself: "g_routes", not "g_routes.second".
      if (!is_field_element(element) || llvm::StringRef(element).starts_with("std::")) continue;
      name += ".";
      name += field_name(element);
    }
    return name;
  }

  void report(const Access& access, Kind kind, const Evidence& evidence, const Access* flipped_from,
              const std::vector<Access>& accesses) {
    const std::string name = name_of(access);
    const std::string operation =
        access.helper ? access.op().text + " in '" + access.helper->name + "'" : access.op().text;
    const Access* check = kind == Kind::scalar_write ? nullptr : check_before(access, accesses);
    std::string message, explanation;
    if (access.only_shared) {
      message = "'" + name + "' is modified here (" + operation + ") under only a shared lock on '" +
                access.only_shared->display + "'";
      explanation = "other threads hold that lock in shared mode at the same time: the write races with "
                    "their reads and writes";
    } else if (flipped_from) {
      message = "global flag '" + name + "' is switched and restored without a lock";
      explanation = "other threads see the switched value meanwhile, and two overlapping "
                    "save/switch/restore sequences can leave it switched for good";
    } else if (evidence.other_lock) {
      message = "'" + name + "' is modified here (" + operation + ") under lock '" +
                access.definite_locks.front().display + "', but under '" +
                evidence.locked_elsewhere->definite_locks.front().display + "' in '" +
                evidence.locked_elsewhere->function->name + "'";
      explanation = "the two locks do not exclude each other: the write races with the uses under the other lock";
    } else if (evidence.locked_elsewhere) {
      message = "'" + name + "' is modified here (" + operation + ") without a lock, but under one in '" +
                evidence.locked_elsewhere->function->name + "'";
      explanation = "the unlocked write races with the locked uses";
    } else if (check) {
      message = "check-then-act on global cache '" + name + "' without a lock";
      explanation = "two threads can both miss and both insert, racing on the container's internals";
    } else {
      message = "global " + std::string(is_container(access) ? "container" : "object") + " '" +
                name + "' is modified (" + operation + ") without a lock";
      explanation = "concurrent calls race on its internals and can corrupt it";
    }
    const char* fix =
        access.only_shared ? "take the lock in exclusive mode for the write (std::unique_lock, lock ()), "
                             "checking again after taking it"
        : flipped_from     ? "pass the setting as a parameter or make the flag thread_local instead of "
                             "switching shared state"
                           : "guard every use with one mutex, make it thread_local, or build it once at "
                             "start-up and only read it afterwards";
    Finding finding = context_->make(spec(), access.event->loc, std::move(message), fix);
    context_->note(finding, access.variable->loc,
                   "'" + access.variable->name + "' declared here with static storage" +
                       (access.accessor ? ", returned by '" + access.accessor->name + "'" : ""));
    if (flipped_from) context_->note(finding, flipped_from->event->loc, "saved here");
    if (access.only_shared)
      context_->note(finding, access.only_shared->acquired_at,
                     "'" + access.only_shared->display + "' taken here in shared mode");
    if (check)
      context_->note(finding, check->event->loc,
                     access.only_shared ? "looked up here, under the same shared lock" : "looked up here, with no lock held");
    if (access.helper && access.handed_to)
      context_->note(finding, access.event->loc,
                     "'" + access.function->name + "' hands it to '" + access.handed_to->name + "', which passes it on");
    if (access.helper)
      context_->note(finding, access.op().loc,
                     "'" + access.helper->name + "' modifies " +
                         (through_receiver(access) ? "the object it runs on" : "what it is handed") + " here (" +
                         access.op().text + "), with no lock of its own");
    if (evidence.other_lock) {
      context_->note(finding, access.definite_locks.front().acquired_at,
                     "lock '" + access.definite_locks.front().display + "' acquired here");
      context_->note(finding, evidence.locked_elsewhere->event->loc,
                     "used under '" + evidence.locked_elsewhere->definite_locks.front().display + "' here");
    } else if (evidence.locked_elsewhere && !flipped_from) {
      context_->note(finding, evidence.locked_elsewhere->event->loc, "used under a lock here");
    }
    add_unlocked_caller_note(finding, access, evidence);
    add_evidence_notes(finding, access, evidence);
    context_->note(finding, access.event->loc, explanation);
    finding.symbol = name;
    finding.function = access.function->name;
    context_->report(std::move(finding));
  }

  /// Whether the function of an unlocked `mutation` holds a lock wherever it
  /// can run alongside another use of the object: every way it is reached
  /// holds one on every path, or is start-up that no running thread can
  /// overlap (`main` calls it before it starts any thread that reaches a use
  /// of the object: memcached's `item_stats_sizes_init` from option parsing,
  /// whose other caller holds `stats_sizes_lock`). At least one way holds one.
  /// The locked ways must hold one lock in common (by key): two callers
  /// under two different locks still race.
  bool locked_wherever_concurrent(const Access& mutation) const {
    std::optional<std::vector<std::string>> common;
    llvm::SmallPtrSet<const FunctionFact*, 8> seen;
    return serial_or_locked(*mutation.function, mutation, 0, seen, common) && common && !common->empty();
  }

  bool serial_or_locked(const FunctionFact& function, const Access& mutation, unsigned depth,
                        llvm::SmallPtrSet<const FunctionFact*, 8>& seen,
                        std::optional<std::vector<std::string>>& common) const {
    const Project& project = context_->project;
    const Reach& reach = context_->reach;
    if (depth > 4 || !seen.insert(&function).second || project.address_escapes(function.id)) return false;
    const std::vector<Arrival> ways = arrivals(function);
    if (ways.empty()) return false;  // a root: called from where the project does not show
    for (const Arrival& arrival : ways) {
      // A function handed over runs where its runner calls it, which may
      // release the caller's locks first (walk_dirs_unlocked): not judged here.
      if (arrival.handed_as >= 0) return false;
      const LockSet held = context_->locks.held_at(*arrival.caller, *arrival.event);
      if (runs_there(arrival) && held.definitely_held()) {  // locked_at, with the locks kept
        std::vector<std::string> keys;
        for (const HeldLock& lock : held.locks)
          if (lock.definitely && !lock.key.empty()) keys.push_back(lock.key);
        if (!common) common = std::move(keys);
        else llvm::erase_if(*common, [&](const std::string& key) { return !llvm::is_contained(keys, key); });
        continue;
      }
      if (!runs_there(arrival) || reach.after_thread_start(*arrival.event)) return false;
      const FunctionFact& caller = *arrival.caller;
      if (caller.has(function_flags::main) && !caller.has(function_flags::test_code)) {
        if (reach.before_threads(*arrival.event)) continue;
        const bool alone = llvm::all_of(by_variable_.at(mutation.variable), [&](const Access& other) {
          return &other == &mutation || !same_object(other, mutation) ||
                 reach.before_threads_reaching(caller, arrival.event, *other.function);
        });
        if (alone) continue;
        return false;
      }
      if (reach.startup_only(caller)) continue;
      if (!serial_or_locked(caller, mutation, depth + 1, seen, common)) return false;
    }
    return true;
  }

  /// A way `function` is reached in the project: a call (or a call through a
  /// pointer to member) of it, or a call that hands it to a function of the
  /// project as argument `handed_as` (-1: not a hand-over).
  struct Arrival {
    const FunctionFact* caller = nullptr;
    const Event* event = nullptr;
    int handed_as = -1;
  };

  /// Whether the function runs where `arrival` hands it over: it is called
  /// there, or handed to a function of the project that calls it. Otherwise
  /// the function it is handed to keeps it, and it runs where the project
  /// does not show.
  bool runs_there(const Arrival& arrival) const {
    if (arrival.handed_as < 0) return true;
    const FunctionFact* runner = context_->project.function(arrival.event->callee);
    return runner && context_->callables.invokes(*runner, static_cast<uint32_t>(arrival.handed_as));
  }

  /// Whether a lock is held on every path where `arrival` runs the function.
  /// A lock held on some paths only is what a callee that sometimes returns
  /// holding some lock leaves behind (as for the witnesses): it does not
  /// make a caller a locked one. A function kept for later runs under no
  /// lock its keeper is known to hold.
  bool locked_at(const Arrival& arrival) const {
    return runs_there(arrival) &&
           context_->locks.held_at(*arrival.caller, *arrival.event).definitely_held() != nullptr;
  }

  std::vector<Arrival> arrivals(const FunctionFact& function) const {
    const Project& project = context_->project;
    std::vector<Arrival> out, kept;
    for (llvm::ArrayRef<CallSite> sites : {llvm::ArrayRef<CallSite>(project.callers(function.id)),
                                           project.member_pointer_callers(function)})
      for (const CallSite& site : sites) out.push_back({site.caller, site.event, -1});
    for (const HandOver& hand_over : project.hand_overs(function.id)) {
      const Arrival arrival{hand_over.caller, hand_over.call, static_cast<int>(hand_over.index)};
      (runs_there(arrival) ? out : kept).push_back(arrival);
    }
    // Keepers last: a path the project shows is better evidence.
    out.insert(out.end(), kept.begin(), kept.end());
    return out;
  }

  /// The note for `arrival` on the unlocked path to `function`; `first`: the
  /// arrival next to the write, where the other callers hold the lock.
  std::string arrives(const Arrival& arrival, const FunctionFact& function, bool first) const {
    const std::string caller = "'" + arrival.caller->name + "'";
    if (arrival.handed_as < 0)
      return caller + " calls '" + function.name + "'" +
             (arrival.event->kind == EventKind::foreign ? " through a pointer to member" : "") +
             (first ? " without the lock its other callers hold" : " here, with no lock held");
    const FunctionFact* runner = context_->project.function(arrival.event->callee);
    const std::string handed =
        caller + " hands '" + function.name + "' to '" + (runner ? runner->name : arrival.event->callee) + "'";
    if (!runs_there(arrival))
      return handed + " here, which keeps it: it runs where the project does not show, under no lock its "
                      "callers are known to hold";
    return handed + (first ? ", which calls it without the lock its other callers hold"
                           : " here, with no lock held, and that calls it");
  }

  /// When callers disagree (some hold a lock on every path, some do not), the
  /// unlocked path: the call that reaches the function with no lock held,
  /// then the calls above it that hold none either, up to where the path
  /// starts (a function nothing in the project calls, or one handed to a
  /// function that keeps it for later). A call the thread path of the
  /// evidence shows anyway is not noted twice.
  void add_unlocked_caller_note(Finding& finding, const Access& access, const Evidence& evidence) const {
    std::optional<Arrival> unlocked;
    bool some_locked = false;
    for (const Arrival& arrival : arrivals(*access.function)) {
      const bool locked = locked_at(arrival);
      some_locked = some_locked || locked;
      if (!locked && !unlocked) unlocked = arrival;
    }
    if (!some_locked || !unlocked) return;
    context_->note(finding, unlocked->event->loc, arrives(*unlocked, *access.function, true));
    // Up the path, while the function that arrives holds no lock on entry.
    llvm::SmallPtrSet<const FunctionFact*, 8> seen{access.function};
    constexpr unsigned kMaxSteps = 8;
    for (unsigned step = 0; step < kMaxSteps && runs_there(*unlocked); ++step) {
      const FunctionFact* function = unlocked->caller;
      if (!seen.insert(function).second || !context_->locks.entry_context(*function).empty()) return;
      std::optional<Arrival> above;
      for (const Arrival& arrival : arrivals(*function))
        if (!locked_at(arrival) && !seen.count(arrival.caller)) {
          above = arrival;
          break;
        }
      if (!above) return;
      const bool on_thread_path = llvm::any_of(evidence.thread_path, [&](const PathStep& step) {
        return step.function == above->caller && step.at == above->event->loc;
      });
      if (!on_thread_path) context_->note(finding, above->event->loc, arrives(*above, *function, false));
      unlocked = above;
    }
  }

  /// Another start of the same entry in `scope`'s region (a second
  /// `std::thread` on the same function before the first is joined).
  static const Event* start_of_same(const ThreadScope& scope) {
    if (scope.start->kind != EventKind::thread_start || scope.start->args.empty()) return nullptr;
    const Arg& entry = scope.start->args.front();
    const Event* first = nullptr;
    for (const Event* other : scope.region)
      if (other != scope.start && other->kind == EventKind::thread_start && !other->args.empty() &&
          other->args.front().kind == entry.kind && other->args.front().function == entry.function &&
          !entry.function.empty() && (!first || other->loc < first->loc))
        first = other;
    return first;
  }

  void add_evidence_notes(Finding& finding, const Access& access, const Evidence& evidence) const {
    if (!evidence.thread_path.empty()) {
      const auto& path = evidence.thread_path;
      const PathStep& start = path.front();
      const FunctionFact* entry = path.size() > 1 ? path[1].function : access.function;
      context_->note(finding, start.at,
                     entry == start.function ? "'" + entry->name + "' runs as a task on the event loop"
                     : !start.handed_to.empty()
                         ? "'" + start.function->name + "' hands '" + entry->name + "' to '" + start.handed_to.str() +
                               "' here, which runs it on another thread"
                         : "'" + start.function->name + "' starts '" + entry->name + "' on another thread here");
      for (size_t i = 1; i + 1 < path.size(); ++i) context_->note(finding, path[i].at, calls(path[i], *path[i + 1].function));
      if (evidence.scope) {
        const std::string joins = "'" + evidence.scope->function->name + "' joins that thread only at " +
                                  context_->short_location(evidence.scope->joined_at);
        if (evidence.scope->several && evidence.alongside == &access && !start.handed_to.empty())
          context_->note(finding, evidence.scope->start->loc,
                         "'" + evidence.scope->function->name + "' starts the pool's threads here, and they run the "
                         "tasks handed to it, several at once, until it joins them at " +
                             context_->short_location(evidence.scope->joined_at) + ": two run '" +
                             access.function->name + "' at once");
        else if (evidence.scope->several && evidence.alongside == &access)
          context_->note(finding, evidence.scope->start->loc,
                         "'" + evidence.scope->function->name + "' starts several threads running '" + entry->name +
                             "' here, until it joins them at " + context_->short_location(evidence.scope->joined_at) +
                             ": two run '" + access.function->name + "' at once");
        else if (!evidence.alongside)
          context_->note(finding, evidence.scope->start->loc,
                         "'" + evidence.scope->function->name + "' joins it before returning, but may itself "
                         "run on several threads at once, each starting one");
        else if (evidence.alongside == &access && evidence.scope->region.contains(evidence.scope->start))
          // A loop that starts workers, or hands tasks to a pool, before it joins them.
          context_->note(finding, evidence.scope->start->loc,
                         "'" + evidence.scope->function->name + "' starts that thread again before it joins them at " +
                             context_->short_location(evidence.scope->joined_at) + ": two run '" +
                             access.function->name + "' at once");
        else if (const Event* again = evidence.alongside == &access ? start_of_same(*evidence.scope) : nullptr)
          // `std::thread t1 (run, &a), t2 (run, &a);`: the second start, not the starter, runs it too.
          context_->note(finding, again->loc,
                         "'" + evidence.scope->function->name + "' starts '" + entry->name +
                             "' again here before it joins the first at " +
                             context_->short_location(evidence.scope->joined_at) + ": two run '" +
                             access.function->name + "' at once");
        else if (evidence.alongside == &access)
          context_->note(finding, evidence.scope->start->loc,
                         joins + ", and runs '" + access.function->name + "' itself meanwhile: two at once");
        else
          context_->note(finding, evidence.alongside->event->loc,
                         "'" + evidence.alongside->function->name + "' uses it here while that thread runs (" +
                             joins + ")");
      }
      return;
    }
    if (evidence.locked_elsewhere) return;
    if (evidence.thread_access) {
      context_->note(finding, evidence.thread_access->event->loc,
                     "'" + evidence.thread_access->function->name +
                         "' uses it too, on a thread: that use races with this one");
      return;
    }
    if (!evidence.library_entry) return;
    // The entry point itself, or the entry a caller chain reaches this
    // function from (a helper the library's users cannot name).
    const std::vector<PathStep> path = context_->reach.external_path(*access.function);
    if (path.size() <= 1) {
      context_->note(finding, access.function->loc,
                     "'" + access.function->name +
                         "' is an entry point of a library that uses locks: its users may call it "
                         "from several threads at once");
      return;
    }
    const FunctionFact& entry = *path.front().function;
    context_->note(finding, entry.loc,
                   "'" + entry.name + "' is an entry point of a library that uses locks, and it reaches '" +
                       access.function->name + "': its users may call it from several threads at once");
    for (size_t i = 0; i + 1 < path.size(); ++i) context_->note(finding, path[i].at, calls(path[i], *path[i + 1].function));
  }

  /// "'a' calls 'b' here", or "... through the function pointer 'ops->read'
  /// here" when the step is a call through a pointer the project stores `next` in.
  static std::string calls(const PathStep& step, const FunctionFact& next) {
    std::string through;
    for (const auto& block : step.function->blocks)
      for (const auto& event : block.events)
        if (event.loc == step.at && event.kind == EventKind::foreign && !event.has(event_flags::member_pointer)) {
          llvm::StringRef text(event.text);
          if (text.consume_front("calls ")) through = " through " + text.str();
        }
    return "'" + step.function->name + "' calls '" + next.name + "'" + through + " here";
  }

  CheckContext* context_ = nullptr;
  llvm::StringSet<> mutators_, checks_;
  /// The C functions of the vocabulary that take a container first.
  llvm::StringSet<> container_functions_;
  llvm::DenseMap<const VariableFact*, std::vector<Access>> by_variable_;
  mutable llvm::DenseMap<const VariableFact*, Witnesses> witnesses_;
  /// Objects reported as changed under two different locks (one finding a pair).
  std::set<std::pair<const VariableFact*, std::string>> under_two_locks_;
  std::map<const FunctionFact*, std::vector<Access>> by_function_;
};

std::unique_ptr<Check> make(const CheckOptions& options) {
  return std::make_unique<SharedGlobalCacheCheck>(options);
}

const CheckSpec& spec() {
  static const CheckSpec check = {
      "concur-shared-global-cache",
      "a static container, cache or flag mutated from concurrent code that holds no lock",
      Severity::warning,
      {
          {"mutatingMethods", OptionKind::list,
           {"insert", "emplace", "emplace_hint", "try_emplace", "insert_or_assign", "erase",
            "clear", "push_back", "emplace_back", "push_front", "emplace_front", "pop_back",
            "pop_front", "push", "pop", "resize", "assign", "swap", "merge", "extract", "append",
            "replace", "put", "set", "add", "remove", "Insert", "Put", "Set", "Add", "Erase",
            "Remove", "Clear", "store", "update", "Update", "prepend", "removeAll", "removeOne",
            "take", "takeFirst", "takeLast"},
           "Method names that change the container they are called on."},
          {"checkMethods", OptionKind::list,
           {"find", "count", "contains", "empty", "size", "end", "Find", "Contains", "Lookup",
            "lookup", "get", "Get", "value", "isEmpty"},
           "Method names that look a key up: the \"check\" of check-then-act when they run before "
           "an insert on the same path."},
          {"mutatingFunctions", OptionKind::list,
           {"g_hash_table_insert", "g_hash_table_replace", "g_hash_table_add", "g_hash_table_remove",
            "g_hash_table_remove_all", "g_hash_table_steal", "g_hash_table_steal_all",
            "g_hash_table_foreach_remove", "g_hash_table_foreach_steal", "g_ptr_array_add",
            "g_ptr_array_insert", "g_ptr_array_remove", "g_ptr_array_remove_index",
            "g_ptr_array_remove_index_fast", "g_ptr_array_remove_fast", "g_ptr_array_remove_range",
            "g_ptr_array_set_size", "g_ptr_array_sort", "g_ptr_array_extend", "g_array_append_vals",
            "g_array_prepend_vals", "g_array_insert_vals", "g_array_remove_index",
            "g_array_remove_index_fast", "g_array_remove_range", "g_array_set_size", "g_array_sort",
            "g_byte_array_append", "g_byte_array_prepend", "g_byte_array_remove_index",
            "g_byte_array_set_size", "g_queue_push_head", "g_queue_push_tail", "g_queue_push_nth",
            "g_queue_pop_head", "g_queue_pop_tail", "g_queue_pop_nth", "g_queue_remove",
            "g_queue_remove_all", "g_queue_clear", "g_queue_insert_sorted", "g_queue_sort",
            "g_tree_insert", "g_tree_replace", "g_tree_remove", "g_tree_steal", "g_tree_remove_all",
            "g_sequence_append", "g_sequence_prepend", "g_sequence_insert_sorted",
            "g_sequence_remove_range", "g_string_append", "g_string_append_len",
            "g_string_append_c", "g_string_append_printf", "g_string_prepend", "g_string_insert",
            "g_string_assign", "g_string_truncate", "g_string_erase", "g_string_set_size",
            "g_string_printf"},
           "C functions that change the container (a `containerTypes` C struct, such as glib's "
           "GHashTable) they are given as first argument."},
          {"checkFunctions", OptionKind::list,
           {"g_hash_table_lookup", "g_hash_table_lookup_extended", "g_hash_table_contains",
            "g_tree_lookup", "g_tree_lookup_extended"},
           "C functions that look a key up in the container they are given first: the \"check\" of "
           "check-then-act."},
      },
      &make,
  };
  return check;
}

}  // namespace

CheckSpec shared_global_cache_check() { return spec(); }

}  // namespace concur::analyzer_internal

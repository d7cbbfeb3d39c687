// concur-racy-lazy-init: `if (!mu_) mu_ = new std::mutex;` with no lock and
// no once-mechanism, where the created lock is then used. Two threads can
// both see the holder empty, each create a lock, and then lock different
// ones: the lock protects nothing.
//
// The test and the creation may be split across functions and files (an
// init helper, a `lock_new()` factory of a C lock wrapper), and the lock may
// be a class the project makes a lock by what its functions do. A creation
// reached only during start-up is not a hazard.
#include "checks/Check.h"

#include "llvm/ADT/STLExtras.h"

#include <map>
#include <optional>
#include <set>

namespace concur::analyzer_internal {
namespace {

const CheckSpec& spec();

constexpr unsigned kMaxRounds = 8;
/// How far up the callers a lock's use, or a constructor, is looked for.
constexpr unsigned kMaxCallerDepth = 3;

/// A function creating into a place, relative to its parameters and `this`.
struct Creation {
  Ref target;
  Loc at;                       ///< in this function: the creation or the call that creates
  Loc inner;                    ///< where the creation itself is (in a helper)
  const FunctionFact* helper = nullptr;
  std::string created_type;     ///< "type:<record>" when known, "lock:..." for a lock
  bool in_place = false;        ///< set up where it lies (`pthread_mutex_init (&g_lock, ...)`)
};

/// What a creation event says it creates: "type:<record>", or "lock:..."
/// for a lock the vocabulary knows.
std::string created_type_of(const Event& event) {
  llvm::StringRef callee(event.callee);
  return callee.starts_with("type:") || callee.starts_with("lock:") ? event.callee : "";
}

/// The locals that point into an object a caller passes: every store into
/// the local copies a parameter, a field reached from one, or a field of the
/// object a method runs on (`struct event_base *base = ev->ev_base;`). Not one
/// set from a call (`CRYPTO_RWLOCK *global = crypto_global_engine_lock ();`)
/// or from a global's address (`struct loop *l = &g_default_loop;`). Found by
/// where a lock on the local is taken; where each lock is taken is indexed
/// on the first such question, not for every project.
class PassedObjectLocals {
public:
  explicit PassedObjectLocals(const Project& project) : project_(project) {}

  bool points_into_passed_object(Loc acquired_at, uint32_t local) const {
    if (taken_in_.empty()) index();
    auto it = taken_in_.find(acquired_at);
    if (it == taken_in_.end()) return false;
    const std::vector<const Event*> stores = stores_into_local(*it->second, local);
    return !stores.empty() && llvm::all_of(stores, [](const Event* store) {
      if (store->text != "copy" || store->args.empty()) return false;
      const RefRoot from = store->args.front().ref.root;
      return from == RefRoot::param || from == RefRoot::this_object || from == RefRoot::object_field;
    });
  }

private:
  void index() const {
    for (const FunctionFact* function : project_.functions())
      for (const auto& block : function->blocks)
        for (const auto& event : block.events)
          if (event.kind == EventKind::acquire || event.kind == EventKind::call ||
              event.kind == EventKind::guard_begin)
            taken_in_.try_emplace(event.loc, function);
  }

  const Project& project_;
  mutable std::map<Loc, const FunctionFact*> taken_in_;  ///< where locks may be taken: in which function
};

/// Whether `lock` is one each object has its own of: a field of the object a
/// method runs on, or of one a caller passes (`ThumbCache::stats_cs_`,
/// `t->lock`), also through a local that points into such an object. Not a
/// global's (or a field of one), not one an accessor returns (a singleton's),
/// not one a local set any other way holds, which may be anything.
bool is_per_object_lock(const HeldLock& lock, const PassedObjectLocals& locals) {
  const llvm::StringRef key(lock.key);
  if (key.starts_with("g:") || key.starts_with("call:") || key.contains('#')) return false;
  const Ref& ref = lock.ref();
  if (ref.root == RefRoot::local) return locals.points_into_passed_object(lock.acquired_at, ref.index);
  return ref.root == RefRoot::this_object || ref.root == RefRoot::param || ref.root == RefRoot::object_field;
}

/// The lock held at a creation into `target` that keeps every other creator
/// out: held in exclusive mode (a reader lock lets every reader in), and the
/// same lock for every thread that can create there. An object's own lock (a
/// member, one reached through a parameter) is one lock per object: it keeps
/// apart the creations into that object, not into static storage, which
/// threads holding different objects' locks reach at once (two caches each
/// hold their own `stats_cs_` while calling the `emu_log` that sets up a
/// global). Null when there is none.
const HeldLock* excluding_lock(const LockSet& held, const Ref& target, const PassedObjectLocals& locals) {
  for (const HeldLock& lock : held.locks)
    if (!lock.shared && (target.root != RefRoot::global || !is_per_object_lock(lock, locals))) return &lock;
  return nullptr;
}

/// An exclusive lock held at a creation into static storage that is one
/// lock per object (see excluding_lock), for the note that says so.
const HeldLock* per_object_lock(const LockSet& held, const Ref& target, const PassedObjectLocals& locals) {
  if (target.root != RefRoot::global) return nullptr;
  for (const HeldLock& lock : held.locks)
    if (!lock.shared && is_per_object_lock(lock, locals)) return &lock;
  return nullptr;
}

class RacyLazyInitCheck : public Check {
public:
  explicit RacyLazyInitCheck(const CheckOptions&) {}

  void run(CheckContext& context) override {
    context_ = &context;
    locals_.emplace(context.project);
    quiet_scopes_.clear();
    compute_creations();
    for (const FunctionFact* function : context.project.functions())
      if (!function->has(function_flags::specialization))
        for (const LazyCandidate& candidate : function->lazy) examine(*function, candidate);
  }

private:
  static bool creates_root(RefRoot root) {
    return root == RefRoot::this_object || root == RefRoot::param || root == RefRoot::global ||
           root == RefRoot::object_field;
  }

  /// What each function creates without holding a lock, itself or through
  /// helpers (rounds: independent of definition order).
  void compute_creations() {
    const Project& project = context_->project;
    // What each function already has, by target and place: a creation seen
    // again (another round, another path) adds nothing. A set, not a scan of
    // the list: a C allocator wrapper's creations reach thousands of callers.
    llvm::DenseMap<const FunctionFact*, std::set<std::pair<Ref, Loc>>> known;
    auto first_time = [&](const FunctionFact* function, const Ref& target, const Loc& at) {
      return known[function].emplace(target, at).second;
    };
    for (const FunctionFact* function : project.functions())
      for (const auto& block : function->blocks)
        for (const auto& event : block.events)
          if (event.kind == EventKind::create && creates_root(event.ref.root) &&
              !excluding_lock(context_->locks.held_at(*function, event), event.ref, *locals_)) {
            first_time(function, event.ref, event.loc);
            creations_[function].push_back(
                {event.ref, event.loc, event.loc, nullptr, created_type_of(event), event.text == "init"});
          }
    for (unsigned round = 0; round < kMaxRounds; ++round) {
      std::vector<std::pair<const FunctionFact*, Creation>> added;
      for (const FunctionFact* function : project.functions())
        project.for_each_direct_call(*function, [&](const Event& event, const FunctionFact& callee) {
          auto it = &callee == function ? creations_.end() : creations_.find(&callee);
          if (it == creations_.end()) return;
          const LockSet& held = context_->locks.held_at(*function, event);
          for (const Creation& inner : it->second) {
            Ref here = substitute(inner.target, event.ref, event.args);
            if (here.empty() || !creates_root(here.root) || excluding_lock(held, here, *locals_)) continue;
            if (!first_time(function, here, event.loc)) continue;
            added.push_back({function, {here, event.loc, inner.inner, inner.helper ? inner.helper : &callee,
                                        inner.created_type, inner.in_place}});
          }
        });
      if (added.empty()) break;
      for (auto& [function, creation] : added) creations_[function].push_back(std::move(creation));
    }
  }

  /// Whether what `creation` stores is a lock.
  bool creates_lock(const LazyCandidate& candidate, const Creation& creation) const {
    const LockFlow& locks = context_->locks;
    if (candidate.target_is_lock) return true;
    if (!candidate.pointee_type.empty() && locks.is_lock_type(candidate.pointee_type)) return true;
    llvm::StringRef type(creation.created_type);
    if (type.starts_with("lock:")) return true;
    if (type.consume_front("type:") && locks.is_lock_type(type)) return true;
    return false;
  }

  /// Where the created lock is then locked: on that path in `function`
  /// itself, or by a caller after the call (`EnsureLock (); std::lock_guard<std::mutex> hold (*mu_);`).
  /// A lock handed to the caller (returned) counts as used, where it is returned.
  struct Use {
    const FunctionFact* function = nullptr;
    const Event* event = nullptr;  ///< null: returned to the caller
  };
  std::optional<Use> used_after(const FunctionFact& function, const Event& creation, const Ref& target,
                                unsigned depth = 0) const {
    if (!function.returns.empty() && (ref_prefix(target, function.returns) || returns_holder_of(function, target)))
      return Use{&function, nullptr};
    if (const Event* use = used_later_in(function, creation, target)) return Use{&function, use};
    if (depth >= kMaxCallerDepth) return std::nullopt;
    for (const CallSite& site : context_->project.callers(function.id)) {
      if (site.event->kind != EventKind::call || site.event->callee != function.id ||
          site.event->has(event_flags::virtual_call))
        continue;
      const Ref here = substitute(target, site.event->ref, site.event->args);
      if (here.empty()) continue;
      if (auto use = used_after(*site.caller, *site.event, here, depth + 1)) return use;
    }
    return std::nullopt;
  }

  /// Whether `function` returns the address of the object that holds
  /// `target` (`return &g_mutexes[id];` after setting up `g_mutexes[i].mutex`
  /// in place): its caller gets the lock with it, to lock it.
  static bool returns_holder_of(const FunctionFact& function, const Ref& target) {
    Ref holder = function.returns;
    if (holder.path.empty() || holder.path.back() != "&") return false;
    holder.path.pop_back();
    return holder.path.size() < target.path.size() && ref_prefix(holder, target);
  }

  /// The first lock taken on `target` after `creation` in `function` itself.
  const Event* used_later_in(const FunctionFact& function, const Event& creation, const Ref& target) const {
    const Project& project = context_->project;
    for (const auto& block : function.blocks)
      for (const auto& event : block.events) {
        if (&event == &creation || !project.reaches(function, &creation, &event)) continue;
        if (event.kind == EventKind::acquire && ref_prefix(target, event.ref)) return &event;
        if (event.kind == EventKind::guard_begin)
          for (const Ref& ref : event.refs)
            if (ref_prefix(target, ref)) return &event;
        for (const HeldLock& lock : context_->locks.held_at(function, event).locks)
          if (ref_prefix(target, lock.ref())) return &event;
        // Passed to a function that locks what it is given.
        if (event.kind == EventKind::call)
          for (const LockEffect& effect : context_->locks.effects(event.callee))
            if (effect.acquire) {
              const Ref locked = substitute(effect.ref, event.ref, event.args);
              if (!locked.empty() && ref_prefix(target, locked)) return &event;
            }
      }
    return nullptr;
  }

  /// Whether `function` runs only while the object it runs on is being
  /// built, before anyone else can see it: a constructor, or a method that
  /// is called only on `this` from such functions (a private `Init ()`).
  bool during_construction(const FunctionFact& function, unsigned depth = 0) const {
    if (function.has(function_flags::constructor)) return true;
    const Project& project = context_->project;
    const std::vector<CallSite>& sites = project.callers(function.id);
    if (depth >= kMaxCallerDepth || sites.empty() || function.has(function_flags::virtual_method) ||
        project.address_taken(function.id))
      return false;
    return llvm::all_of(sites, [&](const CallSite& site) {
      return site.event->kind == EventKind::call && project.original(site.event->callee) == function.id &&
             site.event->ref.root == RefRoot::this_object && site.event->ref.path.empty() &&
             during_construction(*site.caller, depth + 1);
    });
  }

  /// Whether every run of `function` is alone: it runs only on threads
  /// their starters join (a warm-up thread `main` starts and joins before
  /// it starts the workers), none of them a pool's or started by code that
  /// may itself run on several threads, no library user can call it, and
  /// nothing that tests and creates lazily (this function included) runs
  /// while one of those threads runs. No second thread can see the holder
  /// empty at the same time.
  bool runs_alone(const FunctionFact& function) const {
    const Reach& reach = context_->reach;
    const llvm::ArrayRef<const ThreadScope*> scopes = reach.only_scoped_threads(function);
    if (scopes.empty() || (reach.contexts_of(function) & contexts::external)) return false;
    return llvm::all_of(scopes, [&](const ThreadScope* scope) { return creates_nothing_during(*scope); });
  }

  /// Whether `scope`'s thread runs alone as far as lazy creation goes: not a
  /// pool's, its starter on one thread only, and no lazy creation of the
  /// project may run while it runs. Asked once per scope.
  bool creates_nothing_during(const ThreadScope& scope) const {
    auto [known, fresh] = quiet_scopes_.try_emplace(&scope, false);
    if (!fresh) return known->second;
    const Reach& reach = context_->reach;
    if (scope.several || (reach.contexts_of(*scope.function) & (contexts::thread | contexts::external))) return false;
    for (const FunctionFact* other : context_->project.functions())
      for (const LazyCandidate& candidate : other->lazy)
        for (uint32_t id : candidate.creations)
          if (const Event* creation = context_->project.event(*other, id);
              creation && reach.runs_during(scope, *other, creation))
            return false;
    known->second = true;  // runs_during does not touch quiet_scopes_: `known` is still valid
    return true;
  }

  void examine(const FunctionFact& function, const LazyCandidate& candidate) {
    if (function.has(function_flags::constructor) || function.has(function_flags::destructor) ||
        function.has(function_flags::runs_once) || context_->project.runs_once(function.id))
      return;
    if (candidate.target.root == RefRoot::this_object && during_construction(function)) return;
    // Start-up, and a test program's `main` that starts no thread (its code
    // runs before any thread, as a program's `main` before its first one).
    if (context_->reach.serial_only(function) || runs_alone(function)) return;
    // A serial executable (a test binary that starts no thread, linking no
    // code that does): no other thread can test the holder at the same time.
    if (context_->project.in_serial_executable(function)) return;
    const Project& project = context_->project;
    const std::string target_key = canonical_key(candidate.target, function.id);
    // What the test guards: the holder it tests, or, behind a flag, any
    // place the guarded code creates into.
    auto guarded = [&](const Ref& target) {
      return candidate.flag ? creates_root(target.root) : canonical_key(target, function.id) == target_key;
    };
    for (uint32_t id : candidate.creations) {
      const Event* event = project.event(function, id);
      if (!event) continue;
      std::optional<Creation> creation;
      if (event->kind == EventKind::create && guarded(event->ref)) {
        creation = Creation{event->ref, event->loc, event->loc, nullptr, created_type_of(*event), event->text == "init"};
      } else if (event->kind == EventKind::call) {
        if (auto it = creations_.find(&function); it != creations_.end())
          for (const Creation& c : it->second)
            if (c.at == event->loc && c.helper && guarded(c.target)) creation = c;
      }
      if (!creation) continue;
      // A reader lock keeps out writers only: every reader can create.
      const LockSet& held = context_->locks.held_at(function, *event);
      if (excluding_lock(held, creation->target, *locals_)) return;
      if (!creates_lock(candidate, *creation)) continue;
      const std::optional<Use> use = used_after(function, *event, candidate.flag ? creation->target : candidate.target);
      if (!use) continue;
      if (!reported_.insert({creation->at.file, creation->at.line}).second) return;
      report(function, candidate, *creation, use->function != &function ? use->event : nullptr,
             use->function, held);
      return;
    }
  }

  /// `caller_use`: where a caller locks what `function` created, when not `function` itself.
  /// `held`: the locks held where it is created, none of which keeps other
  /// creators out (a reader lock, or one lock per object).
  void report(const FunctionFact& function, const LazyCandidate& candidate, const Creation& creation,
              const Event* caller_use, const FunctionFact* user, const LockSet& held) {
    // Behind a flag the created place is named by the creation; a helper's,
    // substituted at the call, may have no name.
    const bool unnamed = candidate.flag && creation.target.display.empty();
    const std::string name = unnamed ? "the lock" : candidate.flag ? creation.target.display : candidate.target.display;
    const std::string empty = candidate.flag ? "unset" : candidate.tested_for_empty_optional ? "empty" : "null";
    const std::string quoted = unnamed ? name : "'" + name + "'";
    std::string message =
        creation.helper ? "'" + creation.helper->name + "' " + (creation.in_place ? "sets up " : "creates ") + quoted +
                              " lazily without synchronization"
                        : quoted + (creation.in_place ? " is set up" : " is created") + " lazily without synchronization";
    Finding finding = context_->make(
        spec(), creation.at, std::move(message),
        creation.in_place ? "set the lock up before any thread can reach it: statically (PTHREAD_MUTEX_INITIALIZER) "
                            "or once (pthread_once, std::call_once)"
                          : "create the lock eagerly (a plain member or a function-local static) or guard the "
                            "creation with std::call_once");
    if (candidate.flag)
      context_->note(finding, candidate.test,
                     "'" + candidate.target.display + "' is tested here and set by the code it guards: it says whether " +
                         quoted + " is set up");
    else
      context_->note(finding, candidate.test, "'" + name + "' is tested for " + empty + " here");
    if (creation.helper) context_->note(finding, creation.inner, "the helper creates it here");
    if (const HeldLock* own = per_object_lock(held, creation.target, *locals_))
      context_->note(finding, own->acquired_at,
                     "'" + own->display + "' is held here" + (own->from_callers ? " by every caller" : "") +
                         ", but it is one lock per object: threads holding different objects' locks can be "
                         "creating at once");
    else if (held.any())
      context_->note(finding, held.locks.front().acquired_at,
                     "'" + held.locks.front().display +
                         "' is held here only as a reader lock: every reader can be creating at once");
    if (caller_use && user)
      context_->note(finding, caller_use->loc, "'" + user->name + "' locks it here, after calling '" + function.name + "'");
    const std::string seen = candidate.flag ? "'" + candidate.target.display + "' " + empty : "it " + empty;
    if (creation.in_place)
      context_->note(finding, creation.at,
                     "two threads can both see " + seen +
                         " and both set the lock up: one can set it up again while the other holds it, and the "
                         "lock protects nothing");
    else
      context_->note(finding, creation.at,
                     "two threads can both see " + seen +
                         ", each create a lock, and then lock different ones: the lock protects nothing");
    finding.symbol = name;
    finding.function = function.name;
    context_->report(std::move(finding));
  }

  CheckContext* context_ = nullptr;
  std::optional<PassedObjectLocals> locals_;
  llvm::DenseMap<const FunctionFact*, std::vector<Creation>> creations_;
  std::set<std::pair<uint32_t, uint32_t>> reported_;
  /// creates_nothing_during, per thread scope of this run.
  mutable llvm::DenseMap<const ThreadScope*, bool> quiet_scopes_;
};

std::unique_ptr<Check> make(const CheckOptions& options) {
  return std::make_unique<RacyLazyInitCheck>(options);
}

const CheckSpec& spec() {
  static const CheckSpec check = {
      "concur-racy-lazy-init",
      "a mutex (or other lock) created lazily on first use without synchronization",
      Severity::warning,
      {},
      &make,
  };
  return check;
}

}  // namespace

CheckSpec racy_lazy_init_check() { return spec(); }

}  // namespace concur::analyzer_internal

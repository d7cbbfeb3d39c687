// concur-self-deadlock: a thread that holds a non-recursive lock calls code
// of the project that takes the same lock, on the same object, with an
// acquisition that waits. The thread waits for itself: the program hangs the
// first time that path runs (an error branch, a rarely used overload, a
// helper that was lock-free until someone added a guard to it).
//
// The facts say it without annotations: the locks held at each call (the
// shared lock flow), and, per function, the locks it takes as its own frame
// names them (`this->mu_`, its parameter's `->lock`, a global), carried up
// direct calls by substituting the receiver and arguments. Equal references
// after substitution are the same object; a lock reached through another
// object (`other.Get ()`, `parent_->Lock ()`) is not.
#include "checks/Check.h"

#include "facts/RefKeys.h"

#include "llvm/ADT/DenseMap.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>

namespace concur::analyzer_internal {
namespace {

const CheckSpec& spec();

constexpr unsigned kMaxRounds = 32;
/// Acquisitions kept per function: a bound for recursive code whose
/// substituted references could otherwise grow.
constexpr size_t kMaxTakes = 64;

/// One way a function takes a lock: the lock as the function's frame names
/// it, and the calls from the function down to the acquisition.
struct Take {
  Ref lock;
  std::vector<std::pair<const FunctionFact*, Loc>> calls;  ///< from this function down, each call's place
  Loc at;                                                  ///< the acquisition itself
  const FunctionFact* taker = nullptr;                     ///< the function that acquires
  /// A writer's acquisition (a lock (), a std::unique_lock of a shared
  /// mutex): it waits for readers too, the holder's shared lock among them.
  bool exclusive = false;
};

/// The same object: the same root, identity and path (not how it is spelled).
bool same_lock(const Ref& a, const Ref& b) {
  return a.root == b.root && a.base == b.base && a.index == b.index && a.path == b.path;
}

std::string lock_identity(const Ref& r) {
  std::string out = std::to_string(static_cast<int>(r.root)) + "|" + r.base + "|" + std::to_string(r.index);
  for (const auto& element : r.path) out += "|" + element;
  return out;
}

class SelfDeadlockCheck : public Check {
public:
  explicit SelfDeadlockCheck(const CheckOptions&) {}

  void run(CheckContext& context) override {
    context_ = &context;
    compute_takes();
    // The originals first; then their specializations (a function as a
    // caller's constants run it: ConstantArguments.cpp), whose re-locks
    // happen only for those constants. Such a re-lock is reported where
    // the original spells the call, once, naming the caller that passes
    // them; what the original reports itself is not repeated.
    for (bool specializations : {false, true})
      for (const FunctionFact* function : context.project.functions()) {
        if (function->has(function_flags::specialization) != specializations) continue;
        for (const auto& block : function->blocks)
          for (const auto& event : block.events)
            for (const CallOf& call : calls_of(*function, event)) examine(*function, event, call);
      }
  }

private:
  /// A lock a function's frame can name across a call: through `this`, a
  /// parameter or static storage (not a local, which no callee shares).
  static bool nameable(const Ref& r) {
    return r.root == RefRoot::this_object || r.root == RefRoot::param || r.root == RefRoot::global;
  }

  /// The project's code `event` runs before it returns, and what that
  /// code's `this` and parameters are at the call.
  struct CallOf {
    const FunctionFact* callee = nullptr;
    Ref receiver;
    const std::vector<Arg>* args = nullptr;
  };

  /// `event`'s callee, when it is the project's and not called virtually
  /// (or virtually, where the project defines it once: Project::sole_definition),
  /// and the lambdas (or functions) the event hands to a standard algorithm
  /// that calls them before returning (`std::for_each (v.begin (), v.end (),
  /// [this] (int x) { ... })`). A lambda's `this` is the one of the function
  /// that wrote it: handed over from `caller`, or called on a closure that is
  /// `caller`'s own local (`auto full = [this] { ... }; full ();`), it names
  /// `caller`'s `this`. Handed over, its parameters are what the algorithm
  /// passes: unknown.
  std::vector<CallOf> calls_of(const FunctionFact& caller, const Event& event) const {
    static const std::vector<Arg> no_args;
    std::vector<CallOf> out;
    if (event.kind != EventKind::call) return out;
    const Project& project = context_->project;
    Ref callers_this;  // none in a free function
    if (caller.has(function_flags::method) || caller.has(function_flags::lambda)) {
      callers_this.root = RefRoot::this_object;
      callers_this.display = "this";
    }
    // A lazy task's body runs where the task is awaited, not at the call
    // that makes it (`deps.push_back (Build (ctx, d));` under a lock).
    // A virtual call that only one definition of the project answers (the
    // class calls a method it implements and nothing overrides) runs it.
    if (const FunctionFact* callee = event.has(event_flags::virtual_call) ? project.sole_definition(event)
                                                                            : project.function(event.callee);
        callee && !callee->has(function_flags::starts_suspended)) {
      const bool local_closure = callee->has(function_flags::lambda) &&
                                 (event.ref.empty() || event.ref.root == RefRoot::local);
      out.push_back({callee, local_closure ? callers_this : event.ref, &event.args});
    }
    // Handed to a standard algorithm (std::for_each, std::any_of, std::sort),
    // a lambda runs for each element, as in a loop the caller wrote; a named
    // function handed over (`std::for_each (..., tally)`) has no `this` the
    // caller knows: only its global locks carry over. A lambda handed to a
    // function of the project that calls it under a lock it holds is
    // concur-locked-callback's finding (at the caller, with the chain).
    if (event.has(event_flags::virtual_call) || !event.has(event_flags::system)) return out;
    for (const Arg* arg : context_->callables.invoked_args(event)) {
      if (arg->kind != ArgKind::lambda && arg->kind != ArgKind::function) continue;
      if (const FunctionFact* handed = project.function(arg->function))
        out.push_back({handed, arg->kind == ArgKind::lambda ? callers_this : Ref(), &no_args});
    }
    return out;
  }

  void add(const FunctionFact* function, Take take, bool& changed) {
    auto& mine = takes_[function];
    if (mine.size() >= kMaxTakes) return;
    // One acquisition per lock, and one more where the lock is also taken as a writer.
    const std::string key = lock_identity(take.lock) + (take.exclusive ? "|writer" : "");
    if (mine.try_emplace(key, std::move(take)).second) changed = true;
  }

  /// The blocks every path from the function's entry to its return passes
  /// through. Only there is an acquisition certain: `if (!have_lock) LOCK
  /// (ctx);` (glib's g_source_destroy_internal) takes the lock only for
  /// callers that do not hold it, and a callee that returns early before
  /// locking does not always lock.
  /// `cut_null_edges`: paths that leave a test where a pointer is null
  /// (`if (m == NULL) return;`) are not counted (see compute_takes).
  static std::vector<bool> on_every_path(const FunctionFact& function, bool cut_null_edges = false) {
    // The blocks that dominate the exit, over the graph without the blocks
    // that never return: the exit's chain of immediate dominators (Cooper,
    // Harvey and Kennedy's iteration over reverse postorder): a few passes
    // over the blocks, where trying each block's removal in turn walked the
    // whole graph once per block.
    const size_t count = function.blocks.size();
    std::vector<bool> must(count, false);
    if (function.entry_block >= count || function.exit_block >= count) return must;
    auto usable_block = [&](uint32_t next) { return next < count && !function.blocks[next].no_return; };
    auto usable = [&](uint32_t from, uint32_t next) {
      return usable_block(next) && !(cut_null_edges && function.blocks[from].null_successor == next);
    };
    // Reverse postorder from the entry, iteratively.
    std::vector<uint32_t> order;
    std::vector<uint32_t> rank(count, UINT32_MAX);
    {
      std::vector<bool> seen(count, false);
      std::vector<std::pair<uint32_t, size_t>> stack{{function.entry_block, 0}};
      seen[function.entry_block] = true;
      while (!stack.empty()) {
        auto& [block, next_successor] = stack.back();
        const auto& successors = function.blocks[block].successors;
        if (next_successor < successors.size()) {
          const uint32_t next = successors[next_successor++];
          if (usable(block, next) && !seen[next]) {
            seen[next] = true;
            stack.emplace_back(next, 0);
          }
          continue;
        }
        order.push_back(block);
        stack.pop_back();
      }
      std::reverse(order.begin(), order.end());
      for (uint32_t i = 0; i < order.size(); ++i) rank[order[i]] = i;
    }
    // No path reaches the exit: every block is on all (none) of them.
    if (rank[function.exit_block] == UINT32_MAX) return std::vector<bool>(count, true);
    std::vector<std::vector<uint32_t>> predecessors(count);
    for (uint32_t block : order)
      for (uint32_t next : function.blocks[block].successors)
        if (usable(block, next) && rank[next] != UINT32_MAX) predecessors[next].push_back(block);
    std::vector<uint32_t> dominator(count, UINT32_MAX);
    dominator[function.entry_block] = function.entry_block;
    auto intersect = [&](uint32_t a, uint32_t b) {
      while (a != b) {
        while (rank[a] > rank[b]) a = dominator[a];
        while (rank[b] > rank[a]) b = dominator[b];
      }
      return a;
    };
    for (bool changed = true; changed;) {
      changed = false;
      for (uint32_t block : order) {
        if (block == function.entry_block) continue;
        uint32_t candidate = UINT32_MAX;
        for (uint32_t pred : predecessors[block]) {
          if (dominator[pred] == UINT32_MAX) continue;
          candidate = candidate == UINT32_MAX ? pred : intersect(pred, candidate);
        }
        if (candidate != UINT32_MAX && dominator[block] != candidate) {
          dominator[block] = candidate;
          changed = true;
        }
      }
    }
    for (uint32_t block = function.exit_block;; block = dominator[block]) {
      must[block] = true;
      if (block == function.entry_block) break;
    }
    return must;
  }

  /// A lock function that tolerates a null handle (`if (m == NULL) return;
  /// pthread_mutex_lock (&m->m);`, SQLite's `sqlite3_mutex_enter`) takes the
  /// lock wherever the handle exists: where a caller holds that lock, the
  /// handle is not null. So an acquisition counts as always made when every
  /// path that skips it leaves a test that found a pointer the lock lives
  /// under null.
  void note_null_tests(const FunctionFact& function) {
    std::vector<Ref>& tested = null_tested_[&function];
    for (uint32_t b = 0; b < function.blocks.size(); ++b) {
      const Block& block = function.blocks[b];
      if (block.null_successor != kNoBlock && !block.null_pointer.empty() &&
          !llvm::is_contained(tested, block.null_pointer))
        tested.push_back(block.null_pointer);
    }
    if (tested.empty()) return;
    const std::vector<bool> must = on_every_path(function, /*cut_null_edges=*/true);
    llvm::DenseSet<uint32_t>& blocks = unless_null_[&function];
    for (uint32_t b = 0; b < must.size(); ++b)
      if (must[b]) blocks.insert(b);
  }

  /// Whether block `b` of `function` is on every path that does not leave a
  /// null test (note_null_tests).
  bool on_every_path_unless_null(const FunctionFact& function, uint32_t b) const {
    auto blocks = unless_null_.find(&function);
    return blocks != unless_null_.end() && blocks->second.count(b);
  }

  /// Whether block `b` of `function` is on every path where every pointer the
  /// function tests for null exists, and `lock` lives under each of them.
  bool always_unless_null(const FunctionFact& function, uint32_t b, const Ref& lock) const {
    if (!on_every_path_unless_null(function, b)) return false;
    auto tested = null_tested_.find(&function);
    return tested != null_tested_.end() && llvm::all_of(tested->second, [&](const Ref& pointer) {
             return lock.path.size() > pointer.path.size() && ref_prefix(pointer, lock);
           });
  }

  /// Own acquisitions that wait (not try-locks), then callees' through
  /// direct calls, to a fixpoint; each only where the function always does
  /// it (on_every_path). An acquisition of a lock the function released
  /// first (a caller's lock it gives back and takes again) takes nothing its
  /// caller did not give up.
  void compute_takes() {
    const Project& project = context_->project;
    const LockFlow& locks = context_->locks;
    bool changed = false;
    for (const FunctionFact* function : project.functions()) {
      std::vector<bool>& must = always_[function];
      must = on_every_path(*function);
      note_null_tests(*function);
      // A reader lock waits for a writer too: the holder's exclusive lock
      // (checked at the call). A writer waits for every reader, the holder's
      // shared lock too: an upgrade deadlocks. What a lock function of the
      // project leaves held is not known to be a writer's.
      uint32_t current = 0;  // the block of the events `own` is given
      auto own = [&](const Event& event, const Ref& ref, bool exclusive) {
        if (!nameable(ref) || event.has(event_flags::recursive)) return;
        if (!must[current] && !always_unless_null(*function, current, ref)) return;
        if (llvm::is_contained(locks.dropped_at(event), locks.key_of(*function, ref))) return;
        add(function, Take{ref, {}, event.loc, function, exclusive}, changed);
      };
      // A deferred guard's own `lk.lock ()` takes what the guard was made
      // for (`std::unique_lock lk (mu_, std::defer_lock); ... lk.lock ();`).
      llvm::DenseMap<uint32_t, const Event*> guards;
      for (const auto& block : function->blocks)
        for (const auto& event : block.events)
          if (event.kind == EventKind::guard_begin) guards.try_emplace(event.index, &event);
      for (uint32_t b = 0; b < function->blocks.size(); ++b) {
        if (!must[b] && !on_every_path_unless_null(*function, b)) continue;
        current = b;
        for (const auto& event : function->blocks[b].events) {
          if (event.kind == EventKind::guard_lock && event.has(event_flags::definitely))
            if (auto guard = guards.find(event.index); guard != guards.end())
              for (const Ref& ref : guard->second->refs) own(event, ref, !locks.takes_reader_lock(*guard->second));
          // A lock function of the project (`lock_lock (l)`, a mutex class's `Enter ()`) takes what it leaves held.
          if (event.kind == EventKind::call && !event.has(event_flags::virtual_call))
            if (const FunctionFact* callee = project.function(event.callee))
              for (const LockEffect& effect : locks.effects(callee->id))
                if (effect.acquire && effect.definitely && !effect.recursive)
                  own(event, substitute(effect.ref, event.ref, event.args), false);
          if (!event.has(event_flags::definitely)) continue;
          if (event.kind == EventKind::acquire) own(event, event.ref, !event.has(event_flags::shared));
          if (event.kind == EventKind::guard_begin && event.has(event_flags::owns))
            for (const Ref& ref : event.refs) own(event, ref, !locks.takes_reader_lock(event));
        }
      }
    }
    for (unsigned round = 0; round < kMaxRounds; ++round) {
      changed = false;
      for (const FunctionFact* function : project.functions()) {
        std::vector<Take> found;
        const std::vector<bool>& must = always_[function];
        for (uint32_t b = 0; b < function->blocks.size(); ++b) {
          if (!must[b] && !on_every_path_unless_null(*function, b)) continue;
          for (const auto& event : function->blocks[b].events)
            for (const CallOf& call : calls_of(*function, event)) {
              const FunctionFact* callee = call.callee;
              if (callee == function) continue;
              auto it = takes_.find(callee);
              if (it == takes_.end()) continue;
              for (const auto& [identity, take] : it->second) {
                Ref ref = substitute(take.lock, call.receiver, *call.args);
                if (!nameable(ref) || llvm::is_contained(locks.dropped_at(event), locks.key_of(*function, ref)))
                  continue;
                if (!must[b] && !always_unless_null(*function, b, ref)) continue;
                Take longer = take;
                longer.lock = std::move(ref);
                longer.calls.insert(longer.calls.begin(), {callee, event.loc});
                found.push_back(std::move(longer));
              }
            }
        }
        for (Take& take : found) add(function, std::move(take), changed);
      }
      if (!changed) break;
    }
  }

  void examine(const FunctionFact& function, const Event& event, const CallOf& call) {
    const FunctionFact& callee = *call.callee;
    auto it = takes_.find(&callee);
    if (it == takes_.end()) return;
    // Each instantiation of a class template has the same call: reported once, where it is spelled.
    if (reported_.count(event.loc)) return;
    if (context_->termination.on_fatal_path(event) || context_->project.never_runs(function)) return;
    const LockSet held = context_->locks.held_at(function, event);
    for (const HeldLock& lock : held.locks) {
      // Held here on every path, taken by this function, and not recursive;
      // held as a reader, only a writer's acquisition waits for it.
      if (!lock.definitely || lock.from_callers || lock.recursive || lock.ref().empty()) continue;
      for (const auto& [identity, take] : it->second) {
        if (lock.shared && !take.exclusive) continue;
        const Ref again = substitute(take.lock, call.receiver, *call.args);
        if (again.empty()) continue;
        // The held lock, or the same field of another object also held
        // (`std::scoped_lock both (mu_, other.mu_); other.Size ();`).
        if (same_lock(again, lock.ref())) {
          report(function, event, callee, lock, take);
          return;
        }
        if (!lock.other_refs) continue;
        for (const Ref& other : *lock.other_refs) {
          if (!same_lock(again, other)) continue;
          HeldLock that = lock;  // named as this function spells the other object's lock
          that.ref_data = std::make_shared<const Ref>(other);
          if (!other.display.empty()) that.display = other.display;
          that.symbol.clear();
          report(function, event, callee, that, take);
          return;
        }
      }
    }
  }

  /// An instantiation by its template's name (`Lru::EvictOne`, not `Lru<int>::EvictOne`): one
  /// message for every instantiation of the same code.
  static std::string name_of(const FunctionFact& function) {
    if (!function.has(function_flags::instantiation) || llvm::StringRef(function.name).contains("operator"))
      return function.name;
    std::string out;
    int depth = 0;
    for (char c : function.name) {
      if (c == '<') ++depth;
      else if (c == '>' && depth > 0) --depth;
      else if (depth == 0) out += c;
    }
    return out;
  }

  void report(const FunctionFact& function, const Event& event, const FunctionFact& callee, const HeldLock& lock,
              const Take& take) {
    CheckContext& context = *context_;
    const std::string where = context.short_location(take.at);
    const std::string taker = name_of(*take.taker);
    // A lambda handed to a standard algorithm that calls it (`std::for_each
    // (..., [this] (int v) { ... })`; calls_of follows no other hand-over).
    std::string runner;
    if (llvm::StringRef id(event.callee); event.callee != callee.id && id.consume_front("sys:")) runner = id.str();
    std::string message = (runner.empty() ? "calls '" + name_of(callee) + "', which "
                                          : "hands '" + name_of(callee) + "' to '" + runner + "', which calls it; it ") +
                          (take.taker == &callee ? std::string() : "reaches '" + taker + "', which ") + "locks '" +
                          lock.display + (lock.shared ? "' as a writer (" : "' again (") + where +
                          ") while this thread holds it" + (lock.shared ? " as a reader" : "") + ": a self-deadlock";
    Finding finding = context.make(
        spec(), event.loc, std::move(message),
        "call a variant that expects the lock held (a `*Locked` helper the public method wraps), or release '" +
            lock.display + "' before the call");
    context.note(finding, lock.acquired_at,
                 "lock '" + lock.display + "' acquired here" + (lock.shared ? std::string(" as a reader") : std::string()));
    const FunctionFact* caller = &callee;
    for (const auto& [next, at] : take.calls) {
      context.note(finding, at, "'" + name_of(*caller) + "' calls '" + name_of(*next) + "' here");
      caller = next;
    }
    context.note(finding, take.at,
                 "'" + taker + "' takes '" + lock.display +
                     (lock.shared ? "' as a writer here; a writer waits until every reader has left, this thread "
                                    "among them, so it waits forever"
                                  : "' again here; the mutex is not recursive, so this waits forever for the thread "
                                    "that holds it"));
    context.note_specializing_call(finding, function, name_of, "with these values the call takes the lock again");
    finding.symbol = lock.fingerprint_name();
    finding.function = name_of(function);
    reported_.insert(event.loc);
    context.report(std::move(finding));
  }

  CheckContext* context_ = nullptr;
  std::set<Loc> reported_;
  /// Per function: the locks it takes, by identity (std::map: a stable order).
  llvm::DenseMap<const FunctionFact*, std::map<std::string, Take>> takes_;
  llvm::DenseMap<const FunctionFact*, std::vector<bool>> always_;
  /// Per function, the blocks on every path but those that leave a null
  /// test, with the pointers those tests find null (note_null_tests).
  llvm::DenseMap<const FunctionFact*, llvm::DenseSet<uint32_t>> unless_null_;
  llvm::DenseMap<const FunctionFact*, std::vector<Ref>> null_tested_;
};

std::unique_ptr<Check> make(const CheckOptions& options) { return std::make_unique<SelfDeadlockCheck>(options); }

const CheckSpec& spec() {
  static const CheckSpec check = {
      "concur-self-deadlock",
      "a thread takes a non-recursive lock it already holds, through the project's own calls",
      Severity::error,
      {},
      &make,
  };
  return check;
}

}  // namespace

CheckSpec self_deadlock_check() { return spec(); }

}  // namespace concur::analyzer_internal

#include "project/LockFlow.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"

#include <algorithm>
#include <deque>
#include <optional>
#include <set>

namespace concur::analyzer_internal {

namespace {

/// Rounds of summary computation; real code converges in a few.
constexpr unsigned kMaxRounds = 12;

struct Guard {
  uint32_t local = 0;
  llvm::SmallVector<HeldLock, 1> locks;
  bool owns = false;
  /// A guard parameter: its locks are the callers' (released and taken back
  /// as the callers' locks are, never held by this function itself).
  bool callers = false;
  bool operator==(const Guard& other) const {
    if (local != other.local || owns != other.owns || callers != other.callers ||
        locks.size() != other.locks.size())
      return false;
    for (size_t i = 0; i < locks.size(); ++i)
      if (locks[i].key != other.locks[i].key) return false;
    return true;
  }
};

struct FlowState {
  llvm::SmallVector<HeldLock, 2> locks;  // sorted by key
  llvm::SmallVector<Guard, 1> guards;
  llvm::SmallVector<Ref, 1> released;  // released without being taken here, on some path (an unlock effect)
  llvm::SmallVector<std::string, 1> dropped;  // keys released so on every path, not taken back (sorted)
  llvm::SmallVector<Ref, 1> null;  // pointers known to be null on every path here
  bool operator==(const FlowState& other) const {
    if (locks.size() != other.locks.size() || guards.size() != other.guards.size() ||
        released.size() != other.released.size() || dropped != other.dropped || null.size() != other.null.size())
      return false;
    for (size_t i = 0; i < locks.size(); ++i)
      if (locks[i].key != other.locks[i].key || locks[i].definitely != other.locks[i].definitely ||
          locks[i].restored != other.locks[i].restored)
        return false;
    for (size_t i = 0; i < guards.size(); ++i)
      if (!(guards[i] == other.guards[i])) return false;
    return true;
  }
};

/// Whether `pointer` is `lock` or a prefix of it: `mutex` of `mutex->lock`.
bool points_into(const Ref& pointer, const Ref& lock) {
  return pointer.root == lock.root && pointer.index == lock.index && pointer.base == lock.base &&
         pointer.path.size() <= lock.path.size() && std::equal(pointer.path.begin(), pointer.path.end(), lock.path.begin());
}

/// Whether the lock (or released lock) `lock` cannot exist on a path whose
/// null pointers are `null`: a lock held on every other path is held
/// wherever it exists (`if (mutex == NULL) return; lock (&mutex->m);`).
bool absent(const llvm::SmallVector<Ref, 1>& null, const Ref& lock) {
  return llvm::any_of(null, [&](const Ref& pointer) { return points_into(pointer, lock); });
}

/// Adds to `into` the references of `lock`, a lock with the same key, that
/// name the lock of other objects (`std::scoped_lock both (mu_, other.mu_)`).
void add_other_refs(HeldLock& into, const HeldLock& lock) {
  std::vector<Ref> refs = into.other_refs ? *into.other_refs : std::vector<Ref>{};
  const size_t before = refs.size();
  auto add_ref = [&](const Ref& ref) {
    if (ref.empty() || same_place(ref, into.ref())) return;
    if (llvm::none_of(refs, [&](const Ref& known) { return same_place(known, ref); })) refs.push_back(ref);
  };
  add_ref(lock.ref());
  if (lock.other_refs)
    for (const Ref& ref : *lock.other_refs) add_ref(ref);
  if (refs.size() != before) into.other_refs = std::make_shared<const std::vector<Ref>>(std::move(refs));
}

/// `key_of`: the canonical key of a released reference (for dropped keys).
template <typename KeyOf>
void join_into(FlowState& into, const FlowState& from, KeyOf&& key_of) {
  llvm::SmallVector<HeldLock, 2> joined;
  auto a = into.locks.begin();
  auto b = from.locks.begin();
  while (a != into.locks.end() || b != from.locks.end()) {
    if (b == from.locks.end() || (a != into.locks.end() && a->key < b->key)) {
      joined.push_back(*a++);
      if (!absent(from.null, joined.back().ref())) joined.back().definitely = false;
    } else if (a == into.locks.end() || b->key < a->key) {
      joined.push_back(*b++);
      if (!absent(into.null, joined.back().ref())) joined.back().definitely = false;
    } else {
      // Held on both paths: the earlier acquisition speaks for both, whichever
      // path the iteration joined first. An order-dependent choice kept the
      // project's summaries from converging (glib: 12 rounds, 15,000 functions
      // still changing, only in where a lock was taken).
      joined.push_back(b->acquired_at < a->acquired_at ? *b : *a);
      add_other_refs(joined.back(), b->acquired_at < a->acquired_at ? *a : *b);
      joined.back().definitely = a->definitely && b->definitely;
      joined.back().restored = a->restored || b->restored;
      joined.back().shared = a->shared || b->shared;
      ++a, ++b;
    }
  }
  into.locks = std::move(joined);
  for (const Guard& guard : from.guards) {
    auto it = llvm::find_if(into.guards, [&](const Guard& g) { return g.local == guard.local; });
    if (it == into.guards.end()) {
      into.guards.push_back(guard);
      continue;
    }
    it->owns = it->owns || guard.owns;
    for (const HeldLock& lock : guard.locks)
      if (llvm::none_of(it->locks, [&](const HeldLock& l) { return l.key == lock.key; }))
        it->locks.push_back(lock);
  }
  // Dropped on every path: both ways in, or one way in and the lock does not
  // exist on the other (`if (context) UNLOCK (context);`).
  auto dropped_or_absent = [&](const FlowState& side, const FlowState& other, const std::string& key) {
    return llvm::is_contained(side.dropped, key) ||
           llvm::any_of(other.released, [&](const Ref& ref) { return key_of(ref) == key && absent(side.null, ref); });
  };
  llvm::SmallVector<std::string, 1> dropped;
  for (const std::string& key : into.dropped)
    if (dropped_or_absent(from, into, key)) dropped.push_back(key);
  for (const std::string& key : from.dropped)
    if (!llvm::is_contained(dropped, key) && dropped_or_absent(into, from, key)) dropped.push_back(key);
  llvm::sort(dropped);
  into.dropped = std::move(dropped);
  for (const Ref& ref : from.released)
    if (!llvm::is_contained(into.released, ref)) into.released.push_back(ref);
  // Null on every path: both ways in.
  llvm::erase_if(into.null, [&](const Ref& pointer) { return !llvm::is_contained(from.null, pointer); });
}

}  // namespace

void meet_locks(std::optional<std::vector<HeldLock>>& into, std::vector<HeldLock> here) {
  if (!into) {
    into = std::move(here);
    return;
  }
  llvm::erase_if(*into, [&](const HeldLock& lock) {
    return llvm::none_of(here, [&](const HeldLock& l) { return l.key == lock.key; });
  });
}

std::vector<std::string> lock_keys(const std::optional<std::vector<HeldLock>>& locks) {
  std::vector<std::string> out;
  if (locks)
    for (const HeldLock& lock : *locks) out.push_back(lock.key);
  std::sort(out.begin(), out.end());
  return out;
}

const Ref& HeldLock::empty_ref() {
  static const Ref none;
  return none;
}

const HeldLock* LockSet::definitely_held() const {
  for (const auto& lock : locks)
    if (lock.definitely) return &lock;
  return nullptr;
}

const HeldLock* LockSet::exclusive() const {
  for (const auto& lock : locks)
    if (!lock.shared) return &lock;
  return nullptr;
}

const HeldLock* LockSet::find(llvm::StringRef key) const {
  for (const auto& lock : locks)
    if (lock.key == key) return &lock;
  return nullptr;
}

bool LockSet::drops(llvm::StringRef key) const {
  return std::binary_search(dropped.begin(), dropped.end(), key);
}

namespace {

/// LockFlow::takes_reader_lock with the effects of one round.
bool reader_guard(const Event& guard, const llvm::StringMap<std::vector<LockEffect>>& effects) {
  if (guard.has(event_flags::shared)) return true;
  auto it = guard.callee.empty() ? effects.end() : effects.find(guard.callee);
  if (it == effects.end()) return false;
  bool takes = false;
  for (const LockEffect& effect : it->second) {
    if (!effect.acquire) continue;
    if (!effect.shared) return false;
    takes = true;
  }
  return takes;
}

}  // namespace

/// Applies events to a state, with the callee effects of one round.
class LockFlow::State {
public:
  State(const LockFlow& flow, const FunctionFact& function,
        const llvm::StringMap<std::vector<LockEffect>>& effects)
      : flow_(flow), function_(function), effects_(effects) {}

  void apply(const Event& event, FlowState& state) const {
    switch (event.kind) {
      case EventKind::acquire:
        acquire(state, event.ref, event.ref.display, event.loc, event.has(event_flags::definitely),
                event.has(event_flags::recursive) ||
                    (!event.text.empty() && flow_.project_.recursive_class(event.text)),
                event.has(event_flags::shared));
        break;
      case EventKind::release: release(state, event.ref); break;
      case EventKind::guard_begin: {
        Guard guard;
        guard.local = event.index;
        guard.owns = event.has(event_flags::owns);
        if (event.ref.root == RefRoot::param && event.callee.empty()) {
          // A guard parameter: what every caller's guard holds, already held
          // on entry as the callers' locks.
          guard.callers = true;
          for (const Ref& ref : flow_.guard_param_locks(function_, event.ref.index)) {
            HeldLock lock = make(ref, ref.display, event.loc, true, false);
            if (!lock.key.empty()) guard.locks.push_back(std::move(lock));
          }
          end_guard(state, event.index);
          state.guards.push_back(std::move(guard));
          break;
        }
        // A guard object of this local still alive here (a path that left its
        // scope without its end, as an exception does) ends before this one
        // takes its locks: releasing it afterwards would release them.
        end_guard(state, event.index);
        // A guard over a mutex class of the project that made itself recursive.
        const bool recursive = event.has(event_flags::recursive) ||
                               (!event.text.empty() && flow_.project_.recursive_class(event.text));
        const bool shared = reader_guard(event, effects_);
        auto take = [&](const Ref& ref) {
          HeldLock lock = make(ref, ref.display, event.loc, event.has(event_flags::definitely), recursive);
          if (lock.key.empty()) return;
          lock.shared = shared;
          guard.locks.push_back(lock);
          if (guard.owns) add(state, lock);
        };
        for (const Ref& ref : event.refs) take(ref);
        // `auto lk = Lock ();`: what the guard that `Lock` returns holds.
        if (!event.callee.empty())
          if (const FunctionFact* factory = flow_.project_.function(event.callee))
            for (const Ref& returned : factory->returned_guard) {
              Ref ref = substitute(returned, event.ref, event.args);
              if (ref.empty()) continue;
              if (returned.root == RefRoot::this_object && !event.ref.display.empty() &&
                  event.ref.display != "this")
                ref.display = event.ref.display + "." + returned.display;
              else
                ref.display = returned.display;
              take(ref);
            }
        state.guards.push_back(std::move(guard));
        break;
      }
      case EventKind::guard_lock:
        if (Guard* guard = find_guard(state, event.index)) {
          guard->owns = true;
          for (HeldLock lock : guard->locks) {
            // A guard parameter takes the callers' lock back.
            if (guard->callers) {
              acquire(state, *lock.ref_data, lock.display, event.loc, event.has(event_flags::definitely),
                      lock.recursive, lock.shared);
              continue;
            }
            lock.definitely = event.has(event_flags::definitely);
            lock.acquired_at = event.loc;  // the mutex keeps its name; the note points at `lk.lock ()`
            add(state, lock);
          }
        }
        break;
      case EventKind::guard_unlock:
        if (Guard* guard = find_guard(state, event.index)) {
          guard->owns = false;
          let_go(state, *guard);
        }
        break;
      case EventKind::guard_release:
        if (Guard* guard = find_guard(state, event.index)) {
          guard->owns = false;
          guard->locks.clear();
        }
        break;
      case EventKind::guard_end: end_guard(state, event.index); break;
      case EventKind::guard_move:
        if (Guard* from = find_guard(state, event.other)) {
          Guard moved = *from;
          moved.local = event.index;
          from->owns = false;
          from->locks.clear();
          end_guard(state, event.index);
          state.guards.push_back(std::move(moved));
        }
        break;
      case EventKind::call: apply_call(event, state); break;
      default: break;
    }
  }

  /// Where `block` ends in a test of what a try-lock wrapper of the project
  /// returned (`if (!bus_trylock (b)) return;`): the key of the lock it tried
  /// and the successor on which it took it.
  std::optional<std::pair<std::string, uint32_t>> wrapper_test(const Block& block) const {
    if (block.result_true_successor == kNoBlock || block.successors.size() != 2) return std::nullopt;
    for (const Event& call : block.events) {
      if (call.id != block.result_call || call.kind != EventKind::call) continue;
      const FunctionFact* callee = flow_.project_.function(call.callee);
      if (!callee || callee->returns_attempt.empty()) return std::nullopt;
      LockEffect effect;
      effect.ref = callee->returns_attempt;
      const std::string key = flow_.key_of(function_, at_call(effect, call));
      if (key.empty()) return std::nullopt;
      const uint32_t other = block.successors[0] == block.result_true_successor ? block.successors[1]
                                                                                 : block.successors[0];
      return std::make_pair(key, callee->attempt_nonzero_on_success ? block.result_true_successor : other);
    }
    return std::nullopt;
  }

private:
  /// `shown`: a name composed through wrappers to show instead of `display`,
  /// which stays the lock's symbol (shown_through_param).
  HeldLock make(const Ref& ref, const std::string& display, Loc at, bool definitely,
                bool recursive, const std::string& shown = {}) const {
    HeldLock lock;
    lock.key = flow_.key_of(function_, ref);
    lock.display = display.empty() ? lock.key : display;
    if (!shown.empty()) {
      lock.symbol = std::move(lock.display);
      lock.display = shown;
    }
    lock.acquired_at = at;
    lock.definitely = definitely;
    lock.recursive = recursive || (!lock.key.empty() && flow_.project_.recursive_key(lock.key)) ||
                     flow_.recursive_holder(function_, ref);
    // Held where only a factory that sets its lock up plain puts one: plain,
    // whatever another factory of its type does (a wrapper's summary that
    // says recursive says it of the type).
    if (lock.recursive && flow_.plain_holder(function_, ref) && !flow_.recursive_holder(function_, ref))
      lock.recursive = false;
    lock.ref_data = std::make_shared<const Ref>(ref);
    return lock;
  }

  static void add(FlowState& state, const HeldLock& lock) {
    auto it = std::lower_bound(state.locks.begin(), state.locks.end(), lock.key,
                               [](const HeldLock& l, const std::string& k) { return l.key < k; });
    if (it != state.locks.end() && it->key == lock.key) {
      // Taken again (on this path, or another path joined in): the newest
      // acquisition is the one the code before the next event relies on.
      it->definitely = it->definitely || lock.definitely;
      it->acquired_at = lock.acquired_at;
      // The same field of another object (`std::scoped_lock both (mu_, other.mu_)`).
      add_other_refs(*it, lock);
      return;
    }
    state.locks.insert(it, lock);
  }

  static bool remove(FlowState& state, llvm::StringRef key) {
    const size_t before = state.locks.size();
    llvm::erase_if(state.locks, [&](const HeldLock& l) { return l.key == key; });
    return state.locks.size() != before;
  }

  void acquire(FlowState& state, const Ref& ref, const std::string& display, Loc at,
               bool definitely, bool recursive, bool shared = false, const std::string& shown = {}) const {
    HeldLock lock = make(ref, display, at, definitely, recursive, shown);
    if (lock.key.empty()) return;
    lock.shared = shared;
    // Taking back a caller's lock this path released (`UNLOCK; notify (); LOCK;`):
    // on this path the caller holds it again when the function returns.
    // A lock dropped only because this function may have taken it itself
    // (below) was never released as the caller's: taking it again is a plain
    // acquisition.
    if (auto it = llvm::find(state.dropped, lock.key); it != state.dropped.end()) {
      state.dropped.erase(it);
      const size_t before = state.released.size();
      llvm::erase_if(state.released, [&](const Ref& r) { return flow_.key_of(function_, r) == lock.key; });
      lock.restored = state.released.size() != before;
    }
    add(state, lock);
  }

  void release(FlowState& state, const Ref& ref) const {
    const std::string key = flow_.key_of(function_, ref);
    if (key.empty()) return;
    // Releasing a lock taken here ends this function's hold; releasing a
    // caller's lock, first or again after taking it back (in a loop), drops it.
    auto held = llvm::find_if(state.locks, [&](const HeldLock& l) { return l.key == key; });
    if (held != state.locks.end()) {
      const bool restored = held->restored;
      const bool maybe_own = !held->definitely;
      state.locks.erase(held);
      if (!restored) {
        // Taken here on some paths only (`if (!have_lock) LOCK (ctx);`): on
        // the others the caller holds it, and this releases the caller's
        // (`UNLOCK (ctx); source->notify (data); LOCK (ctx);` in glib's
        // g_source_destroy_internal). Either way no one holds it after this.
        if (maybe_own) drop(state, key);
        return;
      }
    }
    if (!llvm::is_contained(state.released, ref)) state.released.push_back(ref);
    drop(state, key);
  }

  static void drop(FlowState& state, const std::string& key) {
    auto at = std::lower_bound(state.dropped.begin(), state.dropped.end(), key);
    if (at == state.dropped.end() || *at != key) state.dropped.insert(at, key);
  }

  static Guard* find_guard(FlowState& state, uint32_t local) {
    for (auto& guard : state.guards)
      if (guard.local == local) return &guard;
    return nullptr;
  }

  /// The guard gives up its locks: its own are no longer held; a guard
  /// parameter's are the callers', released as a caller's lock is.
  void let_go(FlowState& state, const Guard& guard) const {
    for (const HeldLock& lock : guard.locks)
      if (guard.callers) release(state, *lock.ref_data);
      else remove(state, lock.key);
  }

  void end_guard(FlowState& state, uint32_t local) const {
    auto it = llvm::find_if(state.guards, [&](const Guard& g) { return g.local == local; });
    if (it == state.guards.end()) return;
    // A guard parameter passed by value ends with the call (the guard_end at the exit).
    if (it->owns) let_go(state, *it);
    state.guards.erase(it);
  }

  /// The effect's reference seen from this call, and how to show it.
  static Ref at_call(const LockEffect& effect, const Event& call) {
    Ref ref = substitute(effect.ref, call.ref, call.args);
    if (ref.empty()) return ref;
    // `monitor_.Enter ()` holds 'monitor_'; `TryEnter ()` on this object holds the lock as the
    // callee names it ('mu_'), not 'this'.
    const bool on_this = call.ref.root == RefRoot::this_object &&
                         (call.ref.path.empty() || (call.ref.path.size() == 1 && call.ref.path.front() == "&"));
    if (effect.ref.root == RefRoot::this_object && on_this) {
      if (!effect.ref.display.empty()) {
        ref.display = effect.ref.display;
      } else if (!effect.ref.path.empty() && is_field_element(effect.ref.path.back())) {
        ref.display = field_name(effect.ref.path.back());
      }
    } else if (effect.ref.root == RefRoot::this_object && !call.ref.display.empty()) {
      ref.display = call.ref.display;
    } else if (effect.ref.root == RefRoot::param && effect.ref.index < call.args.size() &&
               !call.args[effect.ref.index].ref.display.empty()) {
      ref.display = call.args[effect.ref.index].ref.display;
    } else if (ref.display.empty()) {
      ref.display = effect.ref.display;
    }
    return ref;
  }

  /// How to show a lock a callee takes through its parameter when it lies
  /// further in than the argument (`server_lock (srv)` takes what it calls
  /// `s->lock`): the callee's own name for it with the argument for the
  /// parameter ('srv->lock'). Empty when the argument itself names it
  /// (`lock_acquire (s->lock)`) or the callee's name does not start with
  /// the parameter. The finding's symbol stays the argument (fingerprints).
  std::string shown_through_param(const LockEffect& effect, const Event& call) const {
    if (effect.ref.root != RefRoot::param || effect.ref.index >= call.args.size()) return {};
    const std::string& argument = call.args[effect.ref.index].ref.display;
    if (argument.empty() || llvm::count_if(effect.ref.path, is_field_element) < 2) return {};
    const FunctionFact* callee = flow_.project_.function(call.callee);
    if (!callee || effect.ref.index >= callee->params.size()) return {};
    const llvm::StringRef name = callee->params[effect.ref.index].name;
    llvm::StringRef own(effect.ref.display);
    if (name.empty() || !own.consume_front(name) || !(own.starts_with("->") || own.starts_with("."))) return {};
    // An object's address (`&local`, shown as 'local') reaches its fields with '.'.
    const Ref& passed = call.args[effect.ref.index].ref;
    if (!passed.path.empty() && passed.path.back() == "&" && own.consume_front("->"))
      return argument + "." + own.str();
    return argument + own.str();
  }

  void apply_call(const Event& call, FlowState& state) const {
    if (call.has(event_flags::destructs)) {
      if (find_guard(state, call.index)) {
        end_guard(state, call.index);
        return;
      }
    }
    auto it = effects_.find(call.callee);
    if (it == effects_.end() || call.has(event_flags::virtual_call)) return;
    if (call.has(event_flags::constructs) && flow_.is_guard_constructor(call.callee)) {
      Guard guard;
      guard.local = call.index;
      guard.owns = true;
      for (const LockEffect& effect : it->second) {
        if (!effect.acquire) continue;
        const Ref ref = at_call(effect, call);
        HeldLock lock =
            make(ref, ref.display, call.loc, effect.definitely, effect.recursive, shown_through_param(effect, call));
        if (lock.key.empty()) continue;
        lock.shared = effect.shared;
        guard.locks.push_back(lock);
        add(state, lock);
      }
      end_guard(state, call.index);
      state.guards.push_back(std::move(guard));
      return;
    }
    for (const LockEffect& effect : it->second) {
      const Ref ref = at_call(effect, call);
      if (ref.empty()) continue;
      if (effect.acquire)
        acquire(state, ref, ref.display, call.loc, effect.definitely, effect.recursive, effect.shared,
                shown_through_param(effect, call));
      else
        release(state, ref);
    }
  }

  const LockFlow& flow_;
  const FunctionFact& function_;
  const llvm::StringMap<std::vector<LockEffect>>& effects_;
};

namespace {

/// Whether any event of `function` can change a lock set, given the
/// functions known to have effects.
bool touches_locks(const FunctionFact& function,
                   const llvm::StringMap<std::vector<LockEffect>>& effects) {
  for (const auto& block : function.blocks)
    for (const auto& event : block.events) {
      switch (event.kind) {
        case EventKind::acquire:
        case EventKind::release:
        case EventKind::guard_begin:
        case EventKind::guard_lock:
        case EventKind::guard_unlock:
        case EventKind::guard_release:
        case EventKind::guard_move: return true;
        case EventKind::call:
          if (effects.count(event.callee)) return true;
          break;
        default: break;
      }
    }
  return false;
}

/// A run_flow visitor that looks at nothing: the final replay is skipped
/// (a summary needs only the state at the exit).
struct NoVisit {
  void operator()(const Event&, const FlowState&) const {}
};

/// Runs the dataflow of `function`; calls `visit(event, state before it)`
/// for every event of every reachable block in a final replay. Returns the
/// state at the exit (nullopt when the exit is unreachable).
template <typename Visit>
std::optional<FlowState> run_flow(const FunctionFact& function, const LockFlow::State& transfer,
                                  Visit&& visit) {
  const size_t count = function.blocks.size();
  if (count == 0) return std::nullopt;
  auto key_of = [&](const Ref& ref) { return canonical_key(ref, function.id); };
  std::vector<std::optional<FlowState>> entry(count);
  entry[function.entry_block] = FlowState{};
  std::deque<uint32_t> worklist{function.entry_block};
  std::vector<bool> queued(count, false);
  queued[function.entry_block] = true;
  // Each block's test of whether a try-lock (or a try-lock wrapper of the
  // project) took its lock: the lock's key and the successor on which it
  // did. Read once: the edges are visited again on every round.
  std::vector<std::optional<std::pair<std::string, uint32_t>>> try_lock_tests(count);
  for (size_t block = 0; block < count; ++block) {
    const Block& tested = function.blocks[block];
    try_lock_tests[block] = tested.locked_successor != kNoBlock
                                ? std::make_pair(key_of(tested.try_locked), tested.locked_successor)
                                : transfer.wrapper_test(tested);
  }
  unsigned budget = static_cast<unsigned>(count) * 32 + 64;
  while (!worklist.empty() && budget-- > 0) {
    const uint32_t block = worklist.front();
    worklist.pop_front();
    queued[block] = false;
    FlowState state = *entry[block];
    for (const Event& event : function.blocks[block].events) transfer.apply(event, state);
    const Block& current = function.blocks[block];
    for (size_t i = 0; i < current.successors.size(); ++i) {
      const uint32_t succ = current.successors[i];
      auto& target = entry[succ];
      // The last successor takes the state itself; the others a copy.
      FlowState along = i + 1 == current.successors.size() ? std::move(state) : state;
      // On the edge where a tested pointer is null, nothing it points to exists.
      if (succ == current.null_successor && !llvm::is_contained(along.null, current.null_pointer))
        along.null.push_back(current.null_pointer);
      // Where a try-lock's result is tested: held on the edge where it took
      // the lock, not held on the other.
      if (const auto& test = try_lock_tests[block])
        if (auto held = llvm::find_if(along.locks, [&](const HeldLock& lock) { return lock.key == test->first; });
            held != along.locks.end()) {
          if (succ == test->second) held->definitely = true;
          else along.locks.erase(held);
        }
      bool changed = !target;
      if (!target) {
        target = std::move(along);
      } else {
        FlowState merged = *target;
        join_into(merged, along, key_of);
        if (!(merged == *target)) {
          target = std::move(merged);
          changed = true;
        }
      }
      if (changed && !queued[succ]) {
        queued[succ] = true;
        worklist.push_back(succ);
      }
    }
  }
  if constexpr (!std::is_same_v<std::decay_t<Visit>, NoVisit>) {
    for (uint32_t block = 0; block < count; ++block) {
      if (!entry[block]) continue;
      FlowState state = *entry[block];
      for (const Event& event : function.blocks[block].events) {
        visit(event, state);
        transfer.apply(event, state);
      }
    }
  }
  // After the exit block's own events (a guard parameter passed by value ends there).
  std::optional<FlowState> out = std::move(entry[function.exit_block]);
  if (out)
    for (const Event& event : function.blocks[function.exit_block].events) transfer.apply(event, *out);
  return out;
}

bool is_effect_root(RefRoot root) {
  return root == RefRoot::param || root == RefRoot::this_object || root == RefRoot::global ||
         root == RefRoot::object_field || root == RefRoot::call_result;
}

}  // namespace

namespace {

/// Whether a place that holds `lock` (`z->lock` for `z->lock->m`), as
/// `function` spells it, is one of `holders`.
bool held_in(const llvm::StringMap<char>& holders, const FunctionFact& function, const Ref& lock) {
  if (holders.empty()) return false;
  Ref prefix = lock;
  while (!prefix.path.empty()) {
    prefix.path.pop_back();
    if (holders.count(canonical_key(prefix, function.id))) return true;
  }
  return false;
}

}  // namespace

bool LockFlow::plain_holder(const FunctionFact& function, const Ref& lock) const {
  return held_in(plain_holders_, function, lock);
}

bool LockFlow::recursive_holder(const FunctionFact& function, const Ref& lock) const {
  return held_in(recursive_holders_, function, lock);
}

LockFlow::LockFlow(const Project& project, unsigned jobs) : project_(project), jobs_(jobs) {
  // `g_lock = lock_new_recursive();`: what the holder points to is recursive.
  // `*location = rmutex_new ();` in `rmutex_new_at (DBusRMutex **location)`,
  // or `*location = m;` of a local it set up as recursive itself: so is what
  // its callers pass the address of (`&connection->mutex`).
  // `z->lock = zlock_alloc ()` where zlock_alloc sets up its lock plain,
  // while zlock_alloc_recursive makes the same type recursive: what the
  // holder points to is plain, when every creation into it is so.
  // A fresh object's field filled by a factory (`h = calloc (...); h->lock =
  // zlock_alloc ();`) is a store of the factory's result, not a creation:
  // the holder is the same field of every object of the type.
  auto fills_holder = [&](const Event& event) {
    if (event.kind == EventKind::create) return true;
    if (event.kind != EventKind::store_object || event.ref.path.empty() || !is_field_element(event.ref.path.back()))
      return false;
    const FunctionFact* factory = project_.function(event.callee);
    return factory && (factory->has(function_flags::makes_plain_lock) ||
                       factory->has(function_flags::makes_recursive_lock));
  };
  llvm::StringMap<bool> plain_only;
  auto note_store = [&](const std::string& holder, bool plain) {
    if (holder.empty()) return;
    auto [it, added] = plain_only.try_emplace(holder, plain);
    if (!added) it->second = it->second && plain;
  };
  // An out-parameter factory (`apr_thread_mutex_create (&a->mutex)`, whose
  // `*mutex = m;` stores the lock it set up): plain or recursive, by what it
  // sets up.
  llvm::DenseMap<std::pair<const FunctionFact*, uint32_t>, bool> makes_at_param;  // -> recursive
  for (const FunctionFact* function : project_.functions())
    for (const auto& block : function->blocks)
      for (const auto& event : block.events)
        if (fills_holder(event)) {
          const FunctionFact* factory = project_.function(event.callee);
          const bool recursive = (factory && factory->has(function_flags::makes_recursive_lock)) ||
                                 event.has(event_flags::recursive) ||
                                 (event.kind == EventKind::create && event.ref.root == RefRoot::param &&
                                  function->has(function_flags::makes_recursive_lock));
          const bool plain = !recursive && !function->has(function_flags::makes_recursive_lock) &&
                             ((factory && factory->has(function_flags::makes_plain_lock)) ||
                              (event.kind == EventKind::create && function->has(function_flags::makes_plain_lock)));
          // Also a lock set up in place in what the parameter points to
          // (`vlc_mutex_init (&pl->lock)`, whose `pthread_mutex_init (&mtx->m, NULL)`
          // sets up the member): the caller's object is the holder.
          if (event.ref.root == RefRoot::param && !event.ref.path.empty() && event.ref.path.front() == "*" &&
              (event.ref.path.size() == 1 || event.text == "init") && (recursive || plain)) {
            auto [it, added] = makes_at_param.try_emplace({function, event.ref.index}, recursive);
            if (!added) it->second = it->second || recursive;
            continue;
          }
          const std::string holder = canonical_key(event.ref, function->id);
          note_store(holder, plain && factory);
          if (recursive && !holder.empty()) recursive_holders_.try_emplace(holder, 0);
        }
  for (const auto& [made, recursive] : makes_at_param) {
    const auto [maker, index] = made;
    for (const CallSite& site : project_.callers(maker->id))
      if (project_.original(site.event->callee) == maker->id && index < site.event->args.size() &&
          !site.event->args[index].ref.empty()) {
        const std::string holder = canonical_key(deref(site.event->args[index].ref), site.caller->id);
        // Only a field's holder: what `&local` receives is one object's.
        if (llvm::any_of(site.event->args[index].ref.path, is_field_element)) note_store(holder, !recursive);
        if (recursive && !holder.empty()) recursive_holders_.try_emplace(holder, 0);
      }
  }
  for (const auto& entry : plain_only)
    if (entry.getValue()) plain_holders_.try_emplace(entry.getKey(), 0);
  compute_guard_params();
  compute_effects();
  compute_states();
  compute_entry_contexts();
  compute_acquires();
}

void LockFlow::compute_guard_params() {
  // `void NotifyAndUnlock (std::unique_lock<std::mutex> lk)` called as
  // `NotifyAndUnlock (std::move (lk))` after `std::unique_lock lk (mu_)`: its
  // `lk` holds `mu_`. Only the locks every caller's guard holds, named the
  // same way in the callee (a global, or the object both run on).
  for (const FunctionFact* function : project_.functions()) {
    llvm::SmallVector<uint32_t, 1> params;
    for (const auto& event : function->blocks[function->entry_block].events)
      if (event.kind == EventKind::guard_begin && event.ref.root == RefRoot::param && event.callee.empty())
        params.push_back(event.ref.index);
    for (const uint32_t index : params) {
      std::optional<std::vector<Ref>> every;
      for (const CallSite& site : project_.callers(function->id)) {
        std::vector<Ref> handed;
        const Event& call = *site.event;
        const bool on_same_object = call.ref.empty() || (call.ref.root == RefRoot::this_object && call.ref.path.empty());
        if (index < call.args.size() && call.args[index].ref.root == RefRoot::local && call.args[index].ref.path.empty())
          for (const Ref& lock : guard_locks_of(*site.caller, call.args[index].ref.index))
            if (lock.root == RefRoot::global || (lock.root == RefRoot::this_object && on_same_object))
              handed.push_back(lock);
        if (!every) {
          every = std::move(handed);
          continue;
        }
        llvm::erase_if(*every, [&](const Ref& lock) {
          return llvm::none_of(handed, [&](const Ref& other) { return same_place(other, lock); });
        });
      }
      if (every && !every->empty()) guard_params_[{function, index}] = std::move(*every);
    }
  }
}

std::vector<Ref> LockFlow::guard_locks_of(const FunctionFact& function, uint32_t local) {
  // The guard's construction (or the guard it was moved from).
  for (unsigned hops = 0; hops < 4; ++hops) {
    const Event* begin = nullptr;
    for (const auto& block : function.blocks)
      for (const auto& event : block.events)
        if ((event.kind == EventKind::guard_begin || event.kind == EventKind::guard_move) && event.index == local)
          begin = &event;
    if (!begin) return {};
    // A guard a factory returned (`auto lk = Lock ();`) names no locks of its own.
    if (begin->kind == EventKind::guard_begin) return begin->refs;
    local = begin->other;
  }
  return {};
}

llvm::ArrayRef<Ref> LockFlow::guard_param_locks(const FunctionFact& function, uint32_t index) const {
  auto it = guard_params_.find({&function, index});
  return it == guard_params_.end() ? llvm::ArrayRef<Ref>() : llvm::ArrayRef<Ref>(it->second);
}

std::string LockFlow::key_of(const FunctionFact& function, const Ref& ref) const {
  return canonical_key(ref, function.id);
}

std::vector<LockEffect> LockFlow::effects_from(const FunctionFact& function) const {
  State transfer(*this, function, effects_by_id_);
  auto exit = run_flow(function, transfer, NoVisit{});
  std::vector<LockEffect> out;
  if (!exit) return out;
  for (const HeldLock& lock : exit->locks) {
    if (!is_effect_root(lock.ref().root)) continue;
    // A caller's lock released and taken back on every path that released
    // it: the caller holds it at return as it did at the call.
    if (lock.restored && llvm::none_of(exit->released, [&](const Ref& r) {
          return key_of(function, r) == lock.key;
        }))
      continue;
    out.push_back({lock.ref(), true, lock.definitely, lock.recursive, lock.acquired_at, lock.shared});
  }
  for (const Ref& ref : exit->released)
    if (is_effect_root(ref.root)) out.push_back({ref, false, true, false, {}});
  // A constructor's `m_(m)`: what it locks through m_ it locks through m.
  for (LockEffect& effect : out) {
    if (effect.ref.root != RefRoot::this_object || effect.ref.path.empty()) continue;
    for (const auto& [field, param] : function.field_bindings)
      if (effect.ref.path.front() == field) {
        effect.ref.root = RefRoot::param;
        effect.ref.index = param;
        effect.ref.path.erase(effect.ref.path.begin());
        // A reference member bound to a pointer parameter's pointee.
        if (param < function.params.size() && !effect.ref.path.empty() && effect.ref.path.front() == "*")
          ;  // `m_->lock()` with `M* m_` bound to `M* m`: the path already dereferences
        break;
      }
  }
  return out;
}

void LockFlow::compute_effects() {
  // Callees before callers: each function's rank is its place in a
  // post-order of the call graph, roots taken by identity, so the order never
  // depends on where or in which order functions are defined. A summary is
  // computed from its callees' current summaries; an acyclic chain settles
  // in one visit per function (visiting in rounds, each seeing only the
  // previous round's summaries, needed one round per call level: glib's
  // lock summaries were still changing after 12 rounds). A cycle is visited
  // again until it stops changing, at most kMaxRounds times per function.
  std::vector<const FunctionFact*> by_id = project_.functions();
  std::sort(by_id.begin(), by_id.end(),
            [](const FunctionFact* a, const FunctionFact* b) { return a->id < b->id; });
  llvm::DenseMap<const FunctionFact*, unsigned> rank;
  {
    llvm::DenseSet<const FunctionFact*> entered;
    struct Frame {
      const FunctionFact* function;
      std::vector<const FunctionFact*> callees;
      size_t next = 0;
    };
    auto frame_of = [&](const FunctionFact* function) {
      Frame frame{function, {}, 0};
      for (const auto& block : function->blocks)
        for (const auto& event : block.events)
          if (event.kind == EventKind::call)
            if (const FunctionFact* callee = project_.function(event.callee)) frame.callees.push_back(callee);
      return frame;
    };
    for (const FunctionFact* root : by_id) {
      if (!entered.insert(root).second) continue;
      std::vector<Frame> stack{frame_of(root)};
      while (!stack.empty()) {
        Frame& top = stack.back();
        if (top.next < top.callees.size()) {
          const FunctionFact* callee = top.callees[top.next++];
          if (entered.insert(callee).second) stack.push_back(frame_of(callee));
          continue;
        }
        rank[top.function] = static_cast<unsigned>(rank.size());
        callee_first_.push_back(top.function);
        stack.pop_back();
      }
    }
  }
  // A home-made guard class is recognized from its constructor's and
  // destructor's summaries; a function whose guard was taken for a plain
  // call ("acquires, never releases") must be summarized again once the
  // class is known as a guard. Guards are few: this converges in a pass or two.
  for (unsigned pass = 0; pass < kMaxRounds; ++pass) {
    summarize(by_id, rank);
    const auto guards_before = guard_constructors_;
    const auto types_before = lock_types_;
    classify_guards_and_lock_types();
    if (guard_constructors_ == guards_before && lock_types_ == types_before) break;
  }
}

void LockFlow::summarize(const std::vector<const FunctionFact*>& by_id,
                         const llvm::DenseMap<const FunctionFact*, unsigned>& rank) {
  std::set<std::pair<unsigned, const FunctionFact*>> queue;
  for (const FunctionFact* function : by_id)
    if (touches_locks(*function, effects_by_id_)) queue.insert({rank.lookup(function), function});
  llvm::DenseMap<const FunctionFact*, unsigned> visits;
  while (!queue.empty()) {
    const FunctionFact* function = queue.begin()->second;
    queue.erase(queue.begin());
    if (++visits[function] > kMaxRounds) continue;  // a cycle that never settles keeps its last summary
    std::vector<LockEffect> effects = effects_from(*function);
    auto it = effects_by_id_.find(function->id);
    const bool unchanged = it == effects_by_id_.end() ? effects.empty() : it->second == effects;
    if (unchanged) continue;
    if (effects.empty()) effects_by_id_.erase(function->id);
    else effects_by_id_[function->id] = std::move(effects);
    for (const CallSite& site : project_.callers(function->id)) queue.insert({rank.lookup(site.caller), site.caller});
  }
}

void LockFlow::classify_guards_and_lock_types() {
  // From scratch: a class that looked like a lock while its guard was taken
  // for a plain call is not one once the guard is known.
  guard_constructors_.clear();
  lock_types_.clear();
  // Guards: a constructor that takes a lock it was given and a destructor
  // of the same class that releases one. Locks: classes with a method that
  // returns holding a member's lock on every path, and the pointee types of
  // functions that do so through a parameter. A monitor whose method only
  // sometimes returns holding its own mutex (a try-lock kept while a dialog
  // is open, a lock left held on an error path) is not a lock to its users.
  llvm::StringMap<bool> releasing_destructors;
  for (const FunctionFact* function : project_.functions()) {
    auto it = effects_by_id_.find(function->id);
    if (it == effects_by_id_.end()) continue;
    for (const LockEffect& effect : it->second) {
      if (function->has(function_flags::destructor) && !effect.acquire)
        releasing_destructors[function->record] = true;
      if (!effect.acquire || !effect.definitely) continue;
      if (effect.ref.root == RefRoot::this_object && !function->record.empty() &&
          !function->has(function_flags::constructor))
        lock_types_.try_emplace(function->record, 0);
      if (effect.ref.root == RefRoot::param && effect.ref.index < function->params.size() &&
          !function->params[effect.ref.index].pointee_type.empty() &&
          !function->has(function_flags::constructor))
        lock_types_.try_emplace(function->params[effect.ref.index].pointee_type, 0);
    }
  }
  for (const FunctionFact* function : project_.functions()) {
    if (!function->has(function_flags::constructor)) continue;
    auto it = effects_by_id_.find(function->id);
    if (it == effects_by_id_.end() || !releasing_destructors.count(function->record)) continue;
    if (llvm::any_of(it->second, [](const LockEffect& e) {
          return e.acquire && e.ref.root == RefRoot::param;
        }))
      guard_constructors_.try_emplace(function->id, 0);
  }
}

void LockFlow::compute_states() {
  // Each function's flow is its own, over summaries that no longer change:
  // the functions are dealt to the threads in turn, and what each finds is
  // inserted in that order into a map of the final size (growing the map
  // moved every lock set again; glib has 152,000 of them).
  std::vector<const FunctionFact*> work;
  for (const FunctionFact* function : project_.functions())
    if (touches_locks(*function, effects_by_id_)) work.push_back(function);
  const unsigned threads = llvm::hardware_concurrency(jobs_).compute_thread_count();
  const size_t shares = threads <= 1 ? 1 : std::clamp<size_t>(work.size(), 1, size_t{threads} * 8);
  std::vector<std::vector<std::pair<const Event*, LockSet>>> found(shares);
  auto run_share = [&](size_t share) {
    for (size_t i = share; i < work.size(); i += shares) {
      State transfer(*this, *work[i], effects_by_id_);
      run_flow(*work[i], transfer, [&](const Event& event, const FlowState& state) {
        if (state.locks.empty() && state.dropped.empty()) return;
        LockSet set;
        set.locks.assign(state.locks.begin(), state.locks.end());
        set.dropped.assign(state.dropped.begin(), state.dropped.end());
        found[share].emplace_back(&event, std::move(set));
      });
    }
  };
  if (shares <= 1) {
    run_share(0);
  } else {
    llvm::DefaultThreadPool pool(llvm::hardware_concurrency(threads));
    for (size_t share = 0; share < shares; ++share) pool.async([&run_share, share] { run_share(share); });
    pool.wait();
  }
  size_t total = 0;
  for (const auto& part : found) total += part.size();
  states_.reserve(total);
  for (auto& part : found)
    for (auto& [event, set] : part) states_.try_emplace(event, std::move(set));
}

void LockFlow::compute_entry_contexts() {
  // entry(F) = the locks held at every call of F, the caller's own entry
  // context included; computed downward from "everything" in rounds.
  //
  // A function handed to the project's own function that calls it
  // (`xdg_run_command_on_dirs (xdg_mime_init_from_directory, NULL)`) runs
  // there: under the locks held at that call, and those the callee holds
  // where it calls its parameter, less those it released first.
  llvm::DenseMap<const FunctionFact*, std::optional<std::vector<HeldLock>>> current;
  // Where the callee that is handed the function calls it, per hand-over;
  // empty when it does not call it itself (it passes it on, or is not defined).
  auto invocations_of = [&](const HandOver& hand_over) {
    std::vector<const Event*> out;
    const FunctionFact* runner = project_.function(hand_over.call->callee);
    if (!runner || hand_over.call->has(event_flags::virtual_call)) return out;
    for (const auto& block : runner->blocks)
      for (const auto& event : block.events)
        if (event.kind == EventKind::invoke_param && event.index == hand_over.index &&
            !event.has(event_flags::captured))
          out.push_back(&event);
    return out;
  };
  llvm::DenseMap<const HandOver*, std::vector<const Event*>> invocations;
  std::vector<const FunctionFact*> candidates;
  for (const FunctionFact* function : project_.functions()) {
    // A method whose address is taken is a pointer to member, and a pointer
    // to member of a class the project defines runs where the project calls
    // through one of its type (glog's `(this->*(data_->send_method_))()`
    // under log_mutex): those calls are its callers, whoever stored it.
    const bool through_member_pointers = !project_.member_pointer_callers(*function).empty();
    // A function stored only in the project's own function pointers runs
    // where the project calls through them (add_pointer_callers).
    const bool through_pointers = pointer_callers_.count(function) != 0;
    if (project_.address_taken(function->id) && !through_member_pointers && !through_pointers) continue;
    const auto& hand_overs = project_.hand_overs(function->id);
    if (project_.callers(function->id).empty() && hand_overs.empty() && !through_member_pointers &&
        !through_pointers)
      continue;
    // Handed to a callee that does not call it itself: where it runs is
    // unknown, unless it is a pointer to member the callee stores for the
    // project's own calls through it (LogMessage::Init keeps send_method).
    bool known = true;
    for (const HandOver& hand_over : hand_overs) {
      auto& where = invocations[&hand_over] = invocations_of(hand_over);
      known = known && (!where.empty() || through_member_pointers || through_pointers);
    }
    if (!known) continue;
    candidates.push_back(function);
    current[function] = std::nullopt;  // not yet constrained
  }
  auto context_of = [&](const FunctionFact* function) -> std::optional<std::vector<HeldLock>> {
    if (project_.never_runs(*function)) return std::nullopt;  // its calls never happen
    auto it = current.find(function);
    if (it == current.end()) return std::vector<HeldLock>{};
    return it->second;
  };
  auto definitely_held = [&](const Event* event, std::vector<HeldLock>& into) {
    if (auto it = states_.find(event); it != states_.end())
      for (const HeldLock& lock : it->second.locks)
        if (lock.definitely && !is_private_key(lock.key) &&
            llvm::none_of(into, [&](const HeldLock& l) { return l.key == lock.key; }))
          into.push_back(lock);
  };
  // The locks held at `call` in `caller`, whose own context is `outer`.
  auto held_at_call = [&](const Event* call, const std::vector<HeldLock>& outer) {
    std::vector<HeldLock> here;
    definitely_held(call, here);
    for (const HeldLock& lock : outer)
      if (llvm::none_of(here, [&](const HeldLock& l) { return l.key == lock.key; })) here.push_back(lock);
    return here;
  };
  for (unsigned round = 0; round < kMaxRounds; ++round) {
    bool changed = false;
    llvm::DenseMap<const FunctionFact*, std::optional<std::vector<HeldLock>>> next = current;
    for (const FunctionFact* function : candidates) {
      std::optional<std::vector<HeldLock>> meet;
      auto meet_sites = [&](llvm::ArrayRef<CallSite> sites) {
        for (const CallSite& site : sites) {
          auto outer = context_of(site.caller);
          if (!outer) continue;  // the caller's context is not known yet: no constraint
          meet_locks(meet, held_at_call(site.event, *outer));
        }
      };
      meet_sites(project_.callers(function->id));
      meet_sites(project_.member_pointer_callers(*function));
      if (auto it = pointer_callers_.find(function); it != pointer_callers_.end()) meet_sites(it->second);
      for (const HandOver& hand_over : project_.hand_overs(function->id)) {
        auto outer = context_of(hand_over.caller);
        if (!outer) continue;
        const std::vector<HeldLock> at_call = held_at_call(hand_over.call, *outer);
        for (const Event* invocation : invocations.find(&hand_over)->second) {
          std::vector<HeldLock> here;
          const llvm::ArrayRef<std::string> dropped = dropped_at(*invocation);
          for (const HeldLock& lock : at_call)
            if (llvm::none_of(dropped, [&](const std::string& key) { return names_same_lock(lock.key, key); }))
              here.push_back(lock);
          definitely_held(invocation, here);
          meet_locks(meet, std::move(here));
        }
      }
      auto& slot = next[function];
      if (meet && (!slot || lock_keys(meet) != lock_keys(slot))) {
        slot = std::move(meet);
        changed = true;
      }
    }
    current = std::move(next);
    if (!changed) break;
  }
  for (auto& [function, context] : current) {
    if (!context || context->empty()) continue;
    for (HeldLock& lock : *context) lock.from_callers = true;
    std::sort(context->begin(), context->end(),
              [](const HeldLock& a, const HeldLock& b) { return a.key < b.key; });
    entry_[function] = std::move(*context);
  }
}

void LockFlow::add_pointer_callers(PointerTargets targets, RunsOnlyThroughPointers only_through_pointers) {
  pointer_callers_.clear();
  for (const FunctionFact* function : project_.functions())
    for (const auto& block : function->blocks)
      for (const auto& event : block.events) {
        if (event.kind != EventKind::foreign || event.has(event_flags::member_pointer)) continue;
        if (auto runs = targets(*function, event))
          for (const FunctionFact* target : *runs) pointer_callers_[target].push_back({function, &event});
      }
  // A function whose value also goes elsewhere (a library keeps it, a
  // pointer with unknown values holds it) has callers the project does not show.
  for (auto it = pointer_callers_.begin(); it != pointer_callers_.end();) {
    auto current = it++;
    if (!only_through_pointers(*current->first)) pointer_callers_.erase(current);
  }
  if (pointer_callers_.empty()) return;
  entry_.clear();
  compute_entry_contexts();
}

void LockFlow::compute_acquires() {
  // Own acquisitions first, then callees' in rounds (a union: monotone).
  llvm::DenseMap<const FunctionFact*, llvm::StringMap<Loc>> sites;
  for (const FunctionFact* function : project_.functions()) {
    auto& mine = sites[function];
    auto own = [&](const Event& event, const Ref& ref) {
      const std::string key = key_of(*function, ref);
      if (key.empty() || is_private_key(key)) return;
      // Taking back a caller's lock this function released first takes
      // nothing the caller did not hold: a callback that calls it does not block there.
      if (llvm::is_contained(dropped_at(event), key)) return;
      mine.try_emplace(key, event.loc);
    };
    for (const auto& block : function->blocks)
      for (const auto& event : block.events)
        for (const Ref& ref : taken_at(event)) own(event, ref);
  }
  for (const auto& [function, keys] : sites)
    for (const auto& entry : keys) own_acquisitions_[function].try_emplace(entry.getKey(), 0);
  // Callees first: a chain settles in one pass, a cycle in a few more.
  for (unsigned round = 0; round < kMaxRounds; ++round) {
    bool changed = false;
    for (const FunctionFact* function : callee_first_) {
      auto& mine = sites[function];
      project_.for_each_direct_call(*function, [&](const Event& event, const FunctionFact& callee) {
        if (&callee == function) return;
        for (const auto& entry : sites[&callee])
          if (mine.try_emplace(entry.getKey(), event.loc).second) changed = true;
      });
    }
    if (!changed) break;
  }
  for (auto& [function, keys] : sites) {
    if (keys.empty()) continue;
    auto& list = acquires_[function];
    for (const auto& entry : keys) list.push_back(entry.getKey().str());
    std::sort(list.begin(), list.end());
    acquisition_sites_[function] = std::move(keys);
  }
}

LockSet LockFlow::held_at(const FunctionFact& function, const Event& event) const {
  LockSet set;
  if (auto it = states_.find(&event); it != states_.end()) set = it->second;
  if (auto it = entry_.find(&function); it != entry_.end())
    for (const HeldLock& lock : it->second)
      if (!set.find(lock.key) && !set.drops(lock.key)) {
        auto at = std::lower_bound(set.locks.begin(), set.locks.end(), lock.key,
                                   [](const HeldLock& l, const std::string& k) { return l.key < k; });
        set.locks.insert(at, lock);
      }
  return set;
}

llvm::ArrayRef<std::string> LockFlow::dropped_at(const Event& event) const {
  auto it = states_.find(&event);
  return it == states_.end() ? llvm::ArrayRef<std::string>() : llvm::ArrayRef<std::string>(it->second.dropped);
}

const std::vector<HeldLock>& LockFlow::entry_context(const FunctionFact& function) const {
  static const std::vector<HeldLock> none;
  auto it = entry_.find(&function);
  return it == entry_.end() ? none : it->second;
}

const std::vector<LockEffect>& LockFlow::effects(llvm::StringRef function) const {
  static const std::vector<LockEffect> none;
  auto it = effects_by_id_.find(function);
  return it == effects_by_id_.end() ? none : it->second;
}

bool LockFlow::takes_reader_lock(const Event& guard_begin) const {
  return reader_guard(guard_begin, effects_by_id_);
}

bool LockFlow::is_guard_constructor(llvm::StringRef ctor) const {
  return guard_constructors_.count(ctor) != 0;
}

const std::vector<std::string>& LockFlow::acquires(const FunctionFact& function) const {
  static const std::vector<std::string> none;
  auto it = acquires_.find(&function);
  return it == acquires_.end() ? none : it->second;
}

std::optional<Loc> LockFlow::acquisition_of(const FunctionFact& function, llvm::StringRef key) const {
  auto it = acquisition_sites_.find(&function);
  if (it == acquisition_sites_.end()) return std::nullopt;
  auto site = it->second.find(key);
  if (site == it->second.end()) return std::nullopt;
  return site->second;
}

bool LockFlow::acquires_itself(const FunctionFact& function, llvm::StringRef key) const {
  auto it = own_acquisitions_.find(&function);
  return it != own_acquisitions_.end() && it->second.count(key);
}

llvm::SmallVector<Ref, 2> LockFlow::taken_at(const Event& event) const {
  llvm::SmallVector<Ref, 2> out;
  if (event.kind == EventKind::acquire) out.push_back(event.ref);
  if (event.kind == EventKind::guard_begin && event.has(event_flags::owns))
    out.append(event.refs.begin(), event.refs.end());
  if (event.kind == EventKind::call && !event.has(event_flags::virtual_call))
    if (auto it = effects_by_id_.find(event.callee); it != effects_by_id_.end())
      for (const LockEffect& effect : it->second)
        if (effect.acquire) out.push_back(substitute(effect.ref, event.ref, event.args));
  return out;
}

bool LockFlow::is_lock_type(llvm::StringRef record) const { return lock_types_.count(record) != 0; }

}  // namespace concur::analyzer_internal

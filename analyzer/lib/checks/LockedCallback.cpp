// concur-locked-callback: code the class does not control runs while one of
// its locks is held. The callback can call back into the object and lock the
// same mutex (self-deadlock), wait for a thread that needs the lock (deadlock
// across threads), or run for arbitrarily long while everyone else waits.
//
// Foreign code is: a type-erased callable or function pointer the function
// did not write (a member, a global); a parameter callable whose callers
// pass code from outside the project; a virtual call on a listener-like
// class that the project does not implement, or whose implementation runs
// foreign code or takes a lock; and any function, in any TU, that does one
// of these. A lambda a caller hands to a function that calls it under a lock
// is checked at that caller. Not foreign: a callable whose signature only
// asks (a comparator, hash or filter: run under the lock by contract), and
// anything on a path that always ends the process (Termination.h).
#include "checks/Check.h"
#include "config/OwnedGlob.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Regex.h"

#include <map>
#include <memory>
#include <optional>
#include <set>

namespace concur::analyzer_internal {
namespace {

const CheckSpec& spec();

constexpr unsigned kMaxRounds = 16;

/// ForeignPath::via_object for the object a method runs on (not a parameter).
constexpr int kReceiver = 1 << 20;

/// Adds to a path's lock keys the ones it does not have yet.
void add_missing(std::vector<std::string>& into, llvm::ArrayRef<std::string> keys) {
  for (const std::string& key : keys)
    if (!llvm::is_contained(into, key)) into.push_back(key);
}

/// One step toward foreign code: `function` does `text` at `at`.
struct Step {
  const FunctionFact* function = nullptr;
  Loc at;
  std::string text;
};

/// Why a function runs foreign code: the steps from it to the foreign call.
struct ForeignPath {
  std::vector<Step> steps;
  std::string leaf;  ///< what the foreign code is: "calls the std::function 'cb_'"
  /// The path ends in a call of the first function's own parameter (passed
  /// down to where it runs): foreign only where a caller passes something
  /// foreign or unknown for it. -1: foreign whatever the callers pass.
  int via_param = -1;
  /// The path ends in a function pointer of the object the first function's
  /// parameter `via_object` points to (`hash_table->key_destroy_func`): what
  /// runs is what that object carries, decided where a caller passes an
  /// object whose creation the project knows. -1: whatever the object.
  int via_object = -1;
  /// From that parameter (or `this`) to the pointer: "*", "_GHashTable::key_destroy_func".
  std::vector<std::string> object_path;
  /// A function's object path standing for the function wherever no call
  /// says which object it gets: it is passed on as a callable, called
  /// through a pointer or virtually. A direct call decides by its arguments.
  bool any_object = false;
  /// An object path whose pointer the project sets, over all objects, only
  /// to its own functions, some of which run foreign code: the path through
  /// one of them (as through_one_of makes it), for a caller that cannot say
  /// which object it passes. Without it, such a caller runs unknown code.
  std::shared_ptr<const ForeignPath> any_object_targets;
  /// Keys of the locks released on the way, before the foreign code runs on
  /// every path (`UNLOCK; notify (); LOCK;`): a caller holding one of them
  /// does not hold it while the foreign code runs.
  std::vector<std::string> released;
  /// Keys of the locks a function on the way destroys on every path after
  /// the foreign code (dbus's last unref frees the connection lock): a caller
  /// holding one across the call is not on this path.
  std::vector<std::string> destroyed;
  /// The path starts at a virtual call on the object the first function's
  /// parameter `via_receiver` refers to (`handler->Delete (key)`): a caller
  /// that passes an object of known class runs that class's override, not
  /// this one. -1: whatever the object.
  int via_receiver = -1;
  /// Steps that pick one of several functions a function pointer, pointer
  /// to member or virtual call may run. Of two paths, the one with fewer
  /// guesses is the better evidence: it holds whatever object is involved
  /// (g_object_unref's toggle notify, not one dispose function out of every
  /// class's).
  unsigned guesses = 0;
};

/// The parameter a virtual call is made on (`handler->Delete ()`,
/// `handler.Delete ()`), or -1.
int receiver_param(const Event& event) {
  if (event.kind != EventKind::call || !event.has(event_flags::virtual_call)) return -1;
  if (event.ref.root != RefRoot::param) return -1;
  if (!event.ref.path.empty() && !(event.ref.path.size() == 1 && event.ref.path.front() == "*")) return -1;
  return static_cast<int>(event.ref.index);
}

/// The parameter of the calling function that argument `index` of `call`
/// passes on as the same object (`CollectInto (sink)`, `Visit (*handler)`,
/// `Log (&event)`), or -1.
int passed_param(const Event& call, int index) {
  if (index < 0 || static_cast<size_t>(index) >= call.args.size()) return -1;
  const Arg& arg = call.args[index];
  if (arg.kind == ArgKind::param) return static_cast<int>(arg.index);
  if (arg.ref.root != RefRoot::param) return -1;
  const auto& path = arg.ref.path;
  if (!path.empty() && !(path.size() == 1 && (path.front() == "*" || path.front() == "&"))) return -1;
  return static_cast<int>(arg.ref.index);
}

class LockedCallbackCheck : public Check {
public:
  explicit LockedCallbackCheck(const CheckOptions& options)
      : listener_pattern_(options.text("listenerClassPattern"), llvm::Regex::IgnoreCase) {
    for (auto& glob : options.list("notCallbackMethods"))
      if (auto pattern = OwnedGlob::create(std::move(glob))) not_callbacks_.push_back(std::move(*pattern));
    for (const auto& name : options.list("waitPredicateEvaluators")) predicate_evaluators_.insert(name);
  }

  void run(CheckContext& context) override {
    context_ = &context;
    for (const auto& name : CheckOptions(*context.config, "vocabulary").list("eventLoopFunctions"))
      event_loops_.insert(name);
    index_lockers();
    // Code in an executable's own sources runs only with the project's
    // code: what a library's public setter keeps there is what the
    // project's callers pass (a test that sets no print handler prints
    // through glib's own). Elsewhere any program may link the library.
    const Callables* closed = context.executable_callables();
    examine_world(closed ? Scope::outside_executables : Scope::all);
    if (!closed) return;
    CheckContext executables = context.with_callables(*closed);
    context_ = &executables;
    foreign_.clear();
    param_foreign_.clear();
    object_foreign_.clear();
    relocks_.clear();
    relock_seeds_.clear();
    relock_keys_.clear();
    relock_key_ids_.clear();
    examine_world(Scope::executables);
    context_ = &context;
  }

private:
  enum class Scope { all, outside_executables, executables };

  /// Reports at the lock sites of the functions in `scope`, with what is
  /// foreign judged by context_->callables.
  void examine_world(Scope scope) {
    compute_foreign_paths();
    compute_relocks();
    // The originals first; then their specializations (a function as a
    // caller's constants run it: ConstantArguments.cpp), where a lock the
    // original takes on some paths only is taken for those constants. Such
    // a call is reported where the original spells it, once, naming the
    // caller that passes them; what the original reports is not repeated.
    reported_.clear();
    for (bool specializations : {false, true})
      for (const FunctionFact* function : context_->project.functions()) {
        if (function->has(function_flags::specialization) != specializations) continue;
        const bool executable = context_->project.in_executable_file(*function);
        if ((scope == Scope::executables && !executable) || (scope == Scope::outside_executables && executable))
          continue;
        for (const auto& block : function->blocks)
          for (const auto& event : block.events)
            if (!specializations || !reported_.count(event.loc)) examine(*function, event);
      }
  }

  // ---- helpers that re-lock ----

  /// The functions that reach, through direct calls, a virtual call whose
  /// override takes a global lock (`FormatOne (f, line)` calling
  /// `f->Format (line)`, whose override locks g_log_mu), or a call through
  /// a function pointer one of whose known values does (add_pointer_call_
  /// relocks: `Cancel` -> `Notify` -> `Report` running `progress_`, which
  /// holds main's lambda): lock key -> the path from the function to that
  /// call (its leaf ends "locks"). A caller holding that lock deadlocks
  /// there, however many helpers lie between. Computed to a fixpoint, in
  /// rounds, so the order of the definitions decides nothing.
  void compute_relocks() {
    const Project& project = context_->project;
    // Seeds first, as found; then each round links a caller to a callee
    // linked in the round before, so every chain of links ends at a seed
    // (relock_path follows one). Only the keys a callee got last round are
    // new to its callers: a caller gets a key in the first round one of its
    // callees has it, as when every key were offered every round.
    llvm::DenseMap<const FunctionFact*, llvm::SmallVector<uint32_t, 4>> fresh;
    auto seed = [&](const FunctionFact* function, const std::string& key, ForeignPath path) {
      const uint32_t id = relock_key_ids_.try_emplace(key, relock_keys_.size()).first->second;
      if (id == relock_keys_.size()) relock_keys_.push_back(key);
      if (relocks_.try_emplace({function, id}, Relock{{}, nullptr, uint32_t(relock_seeds_.size())}).second) {
        relock_seeds_.push_back(std::move(path));
        fresh[function].push_back(id);
      }
    };
    for (const FunctionFact* function : project.functions())
      for (const auto& block : function->blocks)
        for (const auto& event : block.events) {
          if (event.kind == EventKind::foreign) {
            std::map<std::string, ForeignPath> relocked;
            add_pointer_call_relocks(*function, event, relocked);
            for (auto& [key, path] : relocked) seed(function, key, std::move(path));
            continue;
          }
          if (event.kind != EventKind::call || !event.has(event_flags::virtual_call) ||
              event.has(event_flags::query) || event.has(event_flags::copy))
            continue;
          // A caller's lock released before the call (`UNLOCK; f->Format (line); LOCK;`) is not held there.
          const llvm::ArrayRef<std::string> dropped = context_->locks.dropped_at(event);
          for (const FunctionFact* target : targets(event)) {
            if (forwards_to_another_instance(*function, event, *target)) continue;
            for (const std::string& key : context_->locks.acquires(*target)) {
              if (!llvm::StringRef(key).starts_with("g:") || llvm::is_contained(dropped, key)) continue;
              seed(function, key,
                   ForeignPath{{Step{function, event.loc, ""}},
                               "calls virtual '" + short_name(event) + "', whose override '" + target->name +
                                   "' (" + context_->short_location(target->loc) + ") locks"});
            }
          }
        }
    for (unsigned round = 0; round < kMaxRounds && !fresh.empty(); ++round) {
      // The callers of what is fresh, each walked in its own call order:
      // the first fresh callee it calls gives it the key.
      llvm::SetVector<const FunctionFact*> callers;
      for (const auto& entry : fresh)
        for (const CallSite& site : project.callers(entry.first->id))
          if (site.event->kind == EventKind::call && !site.event->has(event_flags::virtual_call))
            callers.insert(site.caller);
      std::vector<std::pair<std::pair<const FunctionFact*, uint32_t>, Relock>> added;
      for (const FunctionFact* function : callers)
        project.for_each_direct_call(*function, [&](const Event& event, const FunctionFact& callee) {
          auto found = fresh.find(&callee);
          if (found == fresh.end()) return;
          const llvm::ArrayRef<std::string> dropped = context_->locks.dropped_at(event);
          for (const uint32_t key : found->second)
            if (!relocks_.count({function, key}) && !llvm::is_contained(dropped, relock_keys_[key]))
              added.push_back({{function, key}, Relock{event.loc, &callee, 0}});
        });
      fresh.clear();
      for (const auto& [at, link] : added)
        if (relocks_.try_emplace(at, link).second) fresh[at.first].push_back(at.second);
    }
  }

  /// How calling `function` takes lock `key` again, as compute_relocks
  /// linked it: the path, a step per helper called then the seed's own
  /// steps; nothing when it does not.
  std::optional<ForeignPath> relock_path(const FunctionFact& function, llvm::StringRef key) const {
    const auto id = relock_key_ids_.find(key);
    if (id == relock_key_ids_.end() || !relocks_.count({&function, id->second})) return std::nullopt;
    ForeignPath path;
    for (const FunctionFact* at = &function;;) {
      const Relock& link = relocks_.find({at, id->second})->second;
      if (!link.callee) {
        const ForeignPath& seed = relock_seeds_[link.seed];
        llvm::append_range(path.steps, seed.steps);
        path.leaf = seed.leaf;
        return path;
      }
      path.steps.push_back(Step{at, link.at, "calls '" + link.callee->name + "'"});
      at = link.callee;
    }
  }

  /// Adds to `into` the global locks that `event`, a call through a function
  /// pointer whose every value the project knows, takes again: lock key ->
  /// the path, one step at the call, whose leaf ends "locks" (the first
  /// value that takes that lock). For a callable member of the object the
  /// function runs on whose every value is a lambda of the program
  /// (`f.Set ([&f] (int n) { f.Count (); })`), also the locks of that
  /// object's class: as for a virtual override, a lock is named by class
  /// and field, and the object a lambda installed on an object reaches
  /// through its captures is that object. The same for a function pointer
  /// field of a struct reached through a pointer (`l->on_deny`) whose every
  /// value is a function of a program's own sources (main's
  /// `g_lim.on_deny = print_denial`): the locks of that struct type
  /// (`l->mu`, named "limiter::mu" whatever the object), since the program
  /// installed the handler on the object it hands back to it.
  void add_pointer_call_relocks(const FunctionFact& function, const Event& event,
                                std::map<std::string, ForeignPath>& into) const {
    if (event.kind != EventKind::foreign) return;
    auto pointed = context_->callables.pointer_targets(function, event);
    if (!pointed || pointed->empty()) return;
    const Project& project = context_->project;
    const bool own_lambdas = event.ref.root == RefRoot::this_object &&
                             llvm::all_of(*pointed, [](const FunctionFact* target) {
                               return target->has(function_flags::lambda);
                             });
    // "limiter" for `l->on_deny` when the program installs every value.
    llvm::StringRef handler_owner;
    const auto& path = event.ref.path;
    if (!own_lambdas && path.size() >= 2 && path[path.size() - 2] == "*" && is_field_element(path.back()) &&
        llvm::all_of(*pointed, [&](const FunctionFact* target) { return project.in_program_file(*target); }))
      handler_owner = llvm::StringRef(path.back()).rsplit("::").first;
    auto relockable = [&](llvm::StringRef key) {
      if (own_lambdas || key.starts_with("g:")) return true;
      // A lock the struct points to (`pthread_mutex_t *lock`, locked as
      // `pthread_mutex_lock (c->lock)`: "channel::lock/*") is the object's
      // own as much as one it embeds.
      key.consume_back("/*");
      if (handler_owner.empty() || key.contains('/')) return false;
      auto [owner, field] = key.rsplit("::");
      return !field.empty() && owner == handler_owner;
    };
    const llvm::ArrayRef<std::string> dropped = context_->locks.dropped_at(event);
    for (const FunctionFact* target : *pointed)
      for (const std::string& key : context_->locks.acquires(*target)) {
        if (!relockable(key) || llvm::is_contained(dropped, key)) continue;
        ForeignPath path{{Step{&function, event.loc, ""}},
                         event.text + ", which may hold '" + target->name + "' (" +
                             context_->short_location(target->loc) + "), which locks"};
        into.try_emplace(key, std::move(path));
      }
  }

  // ---- what is foreign ----

  bool is_listener(llvm::StringRef qualified_class) const {
    const llvm::StringRef simple = qualified_class.rsplit("::").second.empty()
                                       ? qualified_class
                                       : qualified_class.rsplit("::").second;
    return listener_pattern_.match(simple);
  }

  bool is_not_callback(const Event& call) const {
    if (call.has(event_flags::query) || call.has(event_flags::copy)) return true;
    const FunctionFact* callee = context_->project.function(call.callee);
    const llvm::StringRef name =
        callee ? llvm::StringRef(callee->name).rsplit("::").second : llvm::StringRef(call.callee);
    for (const auto& pattern : not_callbacks_)
      if (pattern.match(name)) return true;
    return false;
  }

  /// A decorator forwarding to the object it wraps (`wrapped_.Report(m)` in
  /// its own `Report`, or in a helper of its class) reaches its own class's
  /// override only on another instance, whose locks are not the ones this
  /// instance holds.
  static bool forwards_to_another_instance(const FunctionFact& function, const Event& call,
                                           const FunctionFact& target) {
    // The targets are overrides, so methods: their class is never empty.
    const bool same_class = !target.record.empty() && target.record == function.record;
    return same_class && !(call.ref.root == RefRoot::this_object && call.ref.path.empty());
  }

  /// The methods a call through a pointer to member may run (overrides of a
  /// virtual one included), when the project defines every one of them.
  std::optional<std::vector<const FunctionFact*>> member_pointer_targets(const Event& call) const {
    const Project& project = context_->project;
    std::vector<const FunctionFact*> out;
    for (const Arg& arg : call.args) {
      // A pure virtual method (a base's `virtual Any getProperty (...) = 0`)
      // runs one of its overrides.
      const FunctionFact* method = project.function(arg.function);
      const auto overriders = project.overriders(arg.function);
      if (!method && overriders.empty()) return std::nullopt;
      if (method) out.push_back(method);
      llvm::append_range(out, overriders);
    }
    return out;
  }

  /// The overrides a virtual call may reach (the declared method included).
  std::vector<const FunctionFact*> targets(const Event& call) const {
    std::vector<const FunctionFact*> out;
    const Project& project = context_->project;
    if (const FunctionFact* callee = project.function(call.callee);
        callee && !callee->has(function_flags::pure_virtual))
      out.push_back(callee);
    for (const FunctionFact* override_ : project.overriders(call.callee)) out.push_back(override_);
    return out;
  }

  /// Whether `event` (in `function`) runs foreign code, given the paths
  /// known so far: the description and, through a callee, its path.
  std::optional<ForeignPath> classify(const FunctionFact& function, const Event& event,
                                      const llvm::DenseMap<const FunctionFact*, ForeignPath>& known) const {
    auto path = classify_step(function, event, known);
    if (path) {
      add_missing(path->released, context_->locks.dropped_at(event));
      // A virtual call on a parameter's object, here or in a callee this
      // call passes the object to: the caller's object decides.
      const int callee_receiver = path->via_receiver;
      path->via_receiver = receiver_param(event);
      if (path->via_receiver < 0 && event.kind == EventKind::call && !event.has(event_flags::virtual_call))
        path->via_receiver = passed_param(event, callee_receiver);
    }
    return path;
  }

  /// Makes `path`, found at `event`, a path of `function`: its first step is
  /// there, and it carries the locks destroyed after the foreign code (only
  /// a caller's lock can be meant: a lock `function` takes is not held by
  /// its callers).
  void start_at(const FunctionFact& function, const Event& event, ForeignPath& path) const {
    if (path.steps.empty() || path.steps.front().function != &function)
      path.steps.insert(path.steps.begin(), Step{&function, event.loc, path.leaf});
    add_missing(path.destroyed, context_->destruction.destroyed_after(event));
    add_missing(path.destroyed, context_->destruction.destroyed_before(event));
  }

  /// `Iterator* it = block->NewIterator (c); it->Seek (k);`: a virtual call on
  /// a local whose object the project made (ObjectClasses) runs only the
  /// overrides of those classes. Narrows `reached` to them and says so; false
  /// (unchanged) when a class inherits the method (from which base is not
  /// known here) or the object is not known.
  bool narrow_to_made_classes(const FunctionFact& function, const Event& event,
                              std::vector<const FunctionFact*>& reached) const {
    if (event.ref.root != RefRoot::local) return false;
    if (!event.ref.path.empty() && !(event.ref.path.size() == 1 && event.ref.path.front() == "*")) return false;
    const auto classes = context_->classes.held_by_local(function, event.ref.index);
    if (!classes) return false;
    std::vector<const FunctionFact*> narrowed;
    for (const std::string& record : *classes) {
      auto it = llvm::find_if(reached, [&](const FunctionFact* target) { return target->record == record; });
      if (it == reached.end()) return false;
      if (!llvm::is_contained(narrowed, *it)) narrowed.push_back(*it);
    }
    reached = std::move(narrowed);
    return true;
  }

  /// The step of a virtual call that reaches `target`.
  Step override_step(const FunctionFact& function, const Event& event, const FunctionFact& target) const {
    return Step{&function, event.loc,
                "calls virtual '" + short_name(event) + "', overridden by '" + target.name + "' (" +
                    context_->short_location(target.loc) + ")"};
  }

  /// The override of the method `call` names that an object of class
  /// `exact_type` (most derived first) runs, when the project defines it.
  const FunctionFact* override_for(const Event& call, llvm::ArrayRef<std::string> exact_type) const {
    const auto candidates = targets(call);
    for (const std::string& record : exact_type)
      for (const FunctionFact* candidate : candidates)
        if (candidate->record == record) return candidate;
    return nullptr;
  }

  /// Whether `maker` stores the lambda or function `callable` into a field,
  /// a container or a variable, to be called later.
  static bool stores_callable(const FunctionFact& maker, const FunctionFact& callable) {
    for (const auto& block : maker.blocks)
      for (const auto& event : block.events)
        if (event.kind == EventKind::store_callable && event.callee == callable.id && !is_plain_local(event.ref))
          return true;
    return false;
  }

  /// The lambdas and functions `function`'s callers pass as its parameter `index`.
  std::vector<const FunctionFact*> passed_by_callers(const FunctionFact& function, uint32_t index) const {
    std::vector<const FunctionFact*> out;
    const Project& project = context_->project;
    for (const CallSite& site : project.callers(function.id)) {
      if (index >= site.event->args.size()) continue;
      const Arg& arg = site.event->args[index];
      if (arg.kind != ArgKind::lambda && arg.kind != ArgKind::function) continue;
      if (const FunctionFact* callable = project.function(arg.function); callable && !llvm::is_contained(out, callable))
        out.push_back(callable);
    }
    return out;
  }

  /// The callee of a direct `call` that passes parameter `index` on to the
  /// parameter its known path makes a virtual call on, with that parameter;
  /// null when there is none.
  std::pair<const FunctionFact*, int> forwards_object(const Event& call, int index,
                                                      const llvm::DenseMap<const FunctionFact*, ForeignPath>& known) const {
    if (call.kind != EventKind::call || call.has(event_flags::virtual_call)) return {};
    const FunctionFact* callee = context_->project.function(call.callee);
    if (!callee) return {};
    auto it = known.find(callee);
    if (it == known.end() || it->second.via_receiver < 0) return {};
    if (passed_param(call, it->second.via_receiver) != index) return {};
    return {callee, it->second.via_receiver};
  }

  /// `callee`'s path when its parameter `index` refers to an object of class
  /// `exact_type`: its virtual calls on that object run the class's own
  /// overrides (leveldb's InsertInto hands its own MemTableInserter to
  /// WriteBatch::Iterate, whose Handler calls reach only that class).
  std::optional<ForeignPath> path_for_object(const FunctionFact& callee, int index,
                                             llvm::ArrayRef<std::string> exact_type,
                                             const llvm::DenseMap<const FunctionFact*, ForeignPath>& known) const {
    std::optional<ForeignPath> releasing;
    for (const uint32_t block : flow_order(callee))
      for (const auto& event : callee.blocks[block].events) {
        std::optional<ForeignPath> path;
        if (const FunctionFact* target = receiver_param(event) == index ? override_for(event, exact_type) : nullptr) {
          path = target_path(callee, event, *target, known);
          if (path) {
            path->steps.insert(path->steps.begin(), override_step(callee, event, *target));
            add_missing(path->released, context_->locks.dropped_at(event));
          }
        } else if (auto [next, next_index] = forwards_object(event, index, known); next) {
          // The object handed on to a callee whose path starts at a virtual
          // call on it (a CRTP `Collect (sink)` calling `CollectInto (sink)`).
          path = path_for_object(*next, next_index, exact_type, known);
          if (path) {
            path->steps.insert(path->steps.begin(), Step{&callee, event.loc, "calls '" + next->name + "'"});
            add_missing(path->released, context_->locks.dropped_at(event));
          }
        } else {
          path = classify(callee, event, known);
        }
        if (!path || path->via_param >= 0 || path->via_object >= 0) continue;  // judged where it is passed
        start_at(callee, event, *path);
        path->via_receiver = -1;
        if (path->released.empty() && path->destroyed.empty()) return path;
        if (!releasing) releasing = std::move(path);
      }
    return releasing;
  }

  /// What a call through a field of the object a call returns may run
  /// (`find_codec (name)->encode (...)`, `inline_at (i)->close (...)`): the
  /// functions every object that call returns holds there; nullopt when not known.
  std::optional<std::vector<const FunctionFact*>> returned_object_targets(const Event& event) const {
    const Ref& ref = event.ref;
    if (ref.root != RefRoot::call_result || ref.path.size() != 2 || ref.path[0] != "*" ||
        !is_field_element(ref.path[1]))
      return std::nullopt;
    auto held = context_->objects.returned_by(ref.base, ref.path[1]);
    if (!held) return std::nullopt;
    std::vector<const FunctionFact*> out;
    for (const std::string& id : *held) {
      const FunctionFact* target = context_->project.function(id);
      if (!target) return std::nullopt;  // declared only: its body is not known
      out.push_back(target);
    }
    return out;
  }

  /// A call through a function pointer of an object a field, a global or a
  /// local holds (`s->codec->release (s->codec)`, `g_codec->release (...)`):
  /// what the objects held there carry, as their makers set it
  /// (ObjectCallbacks). The outer nullopt: not of that shape, or not known.
  /// A parameter's own object (`p->release`) is left to its callers.
  std::optional<std::optional<ForeignPath>> held_object_call(
      const FunctionFact& function, const Event& event,
      const llvm::DenseMap<const FunctionFact*, ForeignPath>& known) const {
    const Ref& ref = event.ref;
    const size_t n = ref.path.size();
    if (n < 2 || ref.path[n - 2] != "*" || !is_field_element(ref.path[n - 1])) return std::nullopt;
    // Held by a local, a field (`s->codec`) or a global (`g_codec`).
    const bool by_local = n == 2 && ref.root == RefRoot::local;
    const bool by_field = n > 2 && is_field_element(ref.path[n - 3]);
    const bool by_global = n == 2 && ref.root == RefRoot::global;
    if (!by_local && !by_field && !by_global) return std::nullopt;
    Arg pointer;
    pointer.ref = ref;
    std::vector<std::string> combined = ref.path;
    if (ref.root == RefRoot::this_object) combined.insert(combined.begin(), "*");
    const auto held = held_by_object(function, pointer, combined);
    if (!held) return std::nullopt;
    std::vector<const FunctionFact*> targets;
    llvm::DenseMap<const FunctionFact*, Loc> made_at;
    for (const ObjectCallbacks::HeldFunction& candidate : *held) {
      if (candidate.param >= 0) return std::nullopt;  // what this function's callers pass
      const FunctionFact* target = context_->project.function(candidate.function);
      if (!target) return std::nullopt;  // declared only: its body is not known
      if (!llvm::is_contained(targets, target)) targets.push_back(target);
      made_at.try_emplace(target, candidate.made_at);
    }
    const std::string object = n == 2 ? "the object" : "the object in '" + holder_display(ref) + "'";
    return best_target(function, event, targets, known, [&](const FunctionFact& target) {
      return Step{&function, event.loc,
                  "calls '" + target.name + "' (" + object + " gets it at " +
                      context_->short_location(made_at.lookup(&target)) + ") through a function pointer"};
    });
  }

  /// `s->codec` of `s->codec->release`: the display up to the last `->`.
  static std::string holder_display(const Ref& ref) {
    llvm::StringRef shown(ref.display);
    shown.consume_front("*");
    const size_t arrow = shown.rfind("->");
    return (arrow == llvm::StringRef::npos ? shown : shown.take_front(arrow)).str();
  }

  /// Whether `path` releases the lock the caller knows as `key` before the
  /// foreign code runs, or destroys it after (the callee may name it from a
  /// nearer object): either way the caller's lock is not held there.
  static bool releases(const ForeignPath& path, llvm::StringRef key) {
    auto names_it = [&](const std::string& other) { return names_same_lock(key, other); };
    return llvm::any_of(path.released, names_it) || llvm::any_of(path.destroyed, names_it);
  }

  /// classify's answer before the locks this step releases are added.
  std::optional<ForeignPath> classify_step(const FunctionFact& function, const Event& event,
                                           const llvm::DenseMap<const FunctionFact*, ForeignPath>& known) const {
    const Project& project = context_->project;
    // On the way to abort(): a deadlock there changes only how the process dies.
    if (context_->termination.on_fatal_path(event)) return std::nullopt;
    switch (event.kind) {
      case EventKind::foreign: {
        // Code a signal handler of the project may run must be async-signal-safe,
        // and so must any hook it calls (absl's stack unwinder): such a hook
        // takes no lock, so it cannot take this one again. That holds for
        // the hooks it runs through a pointer whose values are known too
        // (glib's ptr_array_free, whose element_free_func may be
        // g_bytes_unref, which runs the bytes' own free function).
        if (context_->reach.in_signal_handler(function)) return std::nullopt;
        // The same hook variable called elsewhere holds the same code.
        if (context_->reach.signal_safe_hook(function, event)) return std::nullopt;
        // A pointer the project only ever sets to its own functions calls those.
        if (auto targets = context_->callables.pointer_targets(function, event)) {
          auto path = through_one_of(function, event, *targets, "through a function pointer", known);
          // On a parameter's object, the caller may know which of them it is.
          if (path)
            if (auto object = object_pointer_path(event)) {
              object->any_object_targets = std::make_shared<const ForeignPath>(std::move(*path));
              return object;
            }
          return path;
        }
        // `find_codec (name)->encode (...)`: what the object the call returns holds.
        if (auto targets = returned_object_targets(event))
          return through_one_of(function, event, *targets, "through a function pointer", known);
        // `s->codec->release (s->codec)`: what the makers of the objects held there set.
        if (auto held = held_object_call(function, event, known)) return *held;
        // A pointer that defaults to a function from outside the project
        // (libuv's allocator: `{malloc, realloc, calloc, free}`) stands in for
        // it: a replacement keeps free()'s contract, and free() calls nothing back.
        if (context_->callables.stands_in_for(function, event)) return std::nullopt;
        // A pointer to member of a class the project defines runs one of its
        // methods (the one making the call only recurses).
        if (event.has(event_flags::member_pointer))
          if (auto targets = member_pointer_targets(event)) {
            llvm::erase(*targets, &function);
            return through_one_of(function, event, *targets, "through a pointer to member", known);
          }
        // A comparator, hash or predicate: runs under the caller's locks by contract.
        if (event.has(event_flags::query)) return std::nullopt;
        if (auto object = object_pointer_path(event)) return object;
        return ForeignPath{{}, event.text};
      }
      case EventKind::invoke_param: {
        if (event.has(event_flags::query)) return std::nullopt;  // a predicate, as above
        const FunctionFact* owner = &function;
        if (event.has(event_flags::captured)) owner = project.function(event.callee);
        if (owner && context_->callables.foreign_sourced(*owner, event.index)) {
          // A pointer to member of a class the project defines, whoever
          // passes it, runs one of that class's methods of its type
          // (`(this->*which) ()`): what they do decides.
          if (event.has(event_flags::member_pointer) && !event.has(event_flags::captured))
            if (auto targets = member_pointer_targets(event)) {
              llvm::erase(*targets, &function);
              return through_one_of(function, event, *targets, "through " + event.text + " its callers supply",
                                    known);
            }
          // Handed to std::for_each: the range's elements, foreign here.
          if (const std::string library = context_->callables.library_supplier(*owner, event.index);
              !library.empty() && !event.has(event_flags::captured))
            return ForeignPath{{}, "calls " + event.text + " that '" + library + "' passes it"};
          ForeignPath path{{}, "calls " + event.text + " its callers supply"};
          if (!event.has(event_flags::captured)) path.via_param = static_cast<int>(event.index);
          return path;
        }
        // A lambda its maker stores (`handlers_.push_back ([f] (const Message& m) { f (m); })`
        // in a member template) runs later, wherever the stored callables are called: what
        // it calls is what the maker's callers passed, all of them known here.
        if (owner && owner != &function && event.has(event_flags::captured) && stores_callable(*owner, function)) {
          const std::string param = event.text.substr(0, event.text.find(','));
          return through_one_of(function, event, passed_by_callers(*owner, event.index), "(" + param + ")", known);
        }
        return std::nullopt;
      }
      case EventKind::call: break;
      default: return std::nullopt;
    }
    // A lock primitive evaluating its wait predicate (absl::Condition::Eval):
    // pure by the primitive's contract, like condition_variable::wait's.
    if (const FunctionFact* callee = project.function(event.callee);
        callee && predicate_evaluators_.contains(callee->name))
      return std::nullopt;
    // An event loop run under the lock runs every handler of the program.
    if (llvm::StringRef callee(event.callee); callee.consume_front("sys:") && event_loops_.contains(callee))
      return ForeignPath{{}, "runs the event loop ('" + callee.str() + "'): any handler of the program can run here"};
    if (event.has(event_flags::virtual_call)) {
      // A question (a const method that returns a value: `Name() const`,
      // `Compare(a, b) const`) or a copy is one by its interface's contract:
      // every override answers it under the caller's lock, whatever it calls
      // to do so (leveldb's C API comparator forwards to the user's function).
      if (event.has(event_flags::query) || event.has(event_flags::copy)) return std::nullopt;
      auto reached = targets(event);
      // A decorator forwarding to the object it wraps (`wrapped_.report(m)` in
      // its own `report`) reaches itself only on another instance, whose lock
      // is not this one's.
      llvm::erase_if(reached, [&](const FunctionFact* target) {
        return forwards_to_another_instance(function, event, *target);
      });
      const bool made_here = narrow_to_made_classes(function, event, reached);
      if (auto best = best_target(function, event, reached, known, [&](const FunctionFact& target) {
            return override_step(function, event, target);
          }))
        return best;
      if (made_here) return std::nullopt;  // the overrides its object can run are harmless
      if (!is_listener(event.text) || is_not_callback(event)) return std::nullopt;
      if (reached.empty())
        return ForeignPath{{}, "calls the virtual '" + short_name(event) + "' of listener '" +
                                   event.text + "'"};
      // A class calling its own virtual method (`close ()` in its own
      // process_term: zeromq's stream_listener_base_t, a socket listener)
      // notifies no listener: the overrides in reach are the project's own
      // code, followed above like any other.
      if (event.ref.root == RefRoot::this_object && event.ref.path.empty()) return std::nullopt;
      for (const FunctionFact* target : reached)
        if (!context_->locks.acquires(*target).empty())
          return ForeignPath{{}, "calls virtual '" + short_name(event) + "', whose override '" +
                                     target->name + "' (" + context_->short_location(target->loc) +
                                     ") takes a lock"};
      return std::nullopt;  // every override in the project is harmless
    }
    if (const FunctionFact* callee = project.function(event.callee)) {
      // Through the function pointers of an object it hands over: a path
      // that runs foreign code here, else one its own callers decide. One
      // that releases nothing on the way is better evidence than a callee's
      // own path that releases or destroys a lock (dbus's unref hook runs on
      // every unref; the lock is destroyed only on the last one).
      std::vector<ForeignPath> objects = object_paths(function, event, *callee);
      auto keeps_locks = [](const ForeignPath& path) { return path.released.empty() && path.destroyed.empty(); };
      auto it = known.find(callee);
      const bool own = it != known.end() && !it->second.any_object;
      if (!own || !keeps_locks(it->second)) {
        for (ForeignPath& path : objects)
          if (path.via_object < 0 && keeps_locks(path)) return std::move(path);
        for (ForeignPath& path : objects)
          if (keeps_locks(path)) return std::move(path);
      }
      if (own) {
        std::optional<ForeignPath> path = for_passed_object(event, *callee, it->second, known);
        if (path) {
          path->steps.insert(path->steps.begin(), Step{&function, event.loc, "calls '" + callee->name + "'"});
          return path;
        }
      }
      for (ForeignPath& path : objects)
        if (path.via_object < 0) return std::move(path);
      if (!objects.empty()) return std::move(objects.front());
    }
    // A lambda or function it hands to a callee that runs it now.
    // A function pointer it passes on, which the project only sets to its own
    // functions, runs one of those.
    const FunctionFact* runner = project.function(event.callee);
    for (const Arg* arg : context_->callables.invoked_args(event)) {
      std::vector<const FunctionFact*> callables;
      if (arg->kind == ArgKind::lambda || arg->kind == ArgKind::function) {
        if (const FunctionFact* callable = project.function(arg->function)) callables.push_back(callable);
      } else if (arg->kind == ArgKind::foreign_callable) {
        if (auto targets = context_->callables.pointer_targets(function, arg->ref)) {
          callables = std::move(*targets);
        } else if (event.has(event_flags::system) && !arg->query) {
          // `std::for_each (items_.begin (), items_.end (), visit_)`: the
          // library calls the foreign callable now. A comparator or hash
          // (`std::sort (..., less_)`) only answers, under the caller's locks
          // by contract.
          return ForeignPath{{}, "passes '" + arg->text + "' to '" + llvm::StringRef(event.callee).drop_front(4).str() +
                                     "', which calls it"};
        }
      }
      for (const FunctionFact* callable : callables)
        if (auto it = known.find(callable); it != known.end()) {
          ForeignPath path = it->second;
          if (callables.size() > 1) ++path.guesses;
          const std::string passed = arg->kind == ArgKind::foreign_callable
                                         ? "'" + arg->text + "', which may be " + describe(*callable) + ","
                                         : describe(*callable);
          path.steps.insert(path.steps.begin(),
                            Step{&function, event.loc, "passes " + passed + " to a callee that runs it"});
          // A runner that unlocks around the call runs it without that lock.
          if (runner)
            add_missing(path.released, context_->callables.released_at_invoke(
                                           *runner, static_cast<uint32_t>(arg - event.args.data())));
          return path;
        }
    }
    if (const FunctionFact* callee = project.function(event.callee))
      if (const Arg* passed = nullptr; auto path = through_parameter(function, event, *callee, &passed)) {
        // Name what this call hands over when it is the foreign part.
        const std::string spelled = passed ? (passed->text.empty() ? passed->ref.display : passed->text) : "";
        path->steps.insert(path->steps.begin(),
                           Step{&function, event.loc,
                                path->via_param < 0 && !spelled.empty()
                                    ? "passes '" + spelled + "' to '" + callee->name + "'"
                                    : "calls '" + callee->name + "'"});
        return path;
      }
    return std::nullopt;
  }

  /// `hash_table->key_destroy_func (key)` on a parameter's object, or
  /// `deleter_ (key)` on the method's own: which function that is depends on
  /// the object the caller passes or calls it on (see object_paths).
  static std::optional<ForeignPath> object_pointer_path(const Event& event) {
    ForeignPath path{{}, event.text};
    if (event.ref.root == RefRoot::param && event.ref.path.size() == 2 && event.ref.path[0] == "*" &&
        is_field_element(event.ref.path[1])) {
      path.via_object = static_cast<int>(event.ref.index);
      path.object_path = event.ref.path;
      return path;
    }
    if (event.ref.root == RefRoot::this_object && event.ref.path.size() == 1 &&
        is_field_element(event.ref.path[0])) {
      path.via_object = kReceiver;
      path.object_path = {"*", event.ref.path[0]};
      return path;
    }
    return std::nullopt;
  }

  /// An object path where no one says which object: foreign through the
  /// pointer, or through one of the project's functions it may hold.
  static ForeignPath for_any_object(ForeignPath path) {
    path.via_object = -1;
    path.object_path.clear();
    if (const auto targets = std::move(path.any_object_targets); targets && !path.steps.empty()) {
      path.steps.pop_back();  // the call through the pointer; the targets' path starts there
      llvm::append_range(path.steps, targets->steps);
      path.leaf = targets->leaf;
      path.guesses += targets->guesses;
      add_missing(path.released, targets->released);
      add_missing(path.destroyed, targets->destroyed);
    }
    return path;
  }

  /// `g_hash_table_insert (context->sources, ...)`: the callee's paths that
  /// end in a function pointer of an object this call hands it, seen from
  /// here. An object a field or global holds carries what its factory set
  /// (ObjectCallbacks): a path is dropped when those functions run nothing
  /// foreign, and continues into them when they do. A path on this
  /// function's own parameter's object is left to its callers (via_object);
  /// any other object is unknown, and the path is foreign here.
  std::vector<ForeignPath> object_paths(const FunctionFact& function, const Event& event,
                                        const FunctionFact& callee) const {
    std::vector<ForeignPath> out;
    auto it = object_foreign_.find(&callee);
    if (it == object_foreign_.end()) return out;
    for (const ForeignPath& callee_path : it->second) {
      Arg receiver;
      const Arg* arg = object_arg(event, callee_path, receiver);
      if (arg && arg->text == "null") continue;  // no object, nothing to call
      if (auto path = through_object(function, arg, callee_path)) {
        // After the step that makes the object here with a parameter, if any:
        // the object is made before the call that drops it.
        auto at = path->steps.begin();
        if (path->via_param >= 0 && at != path->steps.end() && at->function == &function) ++at;
        path->steps.insert(at, Step{&function, event.loc, "calls '" + callee.name + "'"});
        out.push_back(std::move(*path));
      }
    }
    return out;
  }

  /// The object a callee's object path starts at, as `event` hands it over:
  /// the argument, or for the object a method runs on the receiver's
  /// address (`t->Erase (k)`: `t`), built in `receiver`. Null when none.
  static const Arg* object_arg(const Event& event, const ForeignPath& callee_path, Arg& receiver) {
    if (callee_path.via_object == kReceiver) {
      if (!event.has(event_flags::method_call) || event.ref.empty()) return nullptr;
      receiver.ref = address_of(event.ref);
      receiver.ref.display = event.ref.display;
      return &receiver;
    }
    const size_t index = static_cast<size_t>(callee_path.via_object);
    return index < event.args.size() ? &event.args[index] : nullptr;
  }

  /// The caller's reference, then the callee's way from the pointer to the
  /// function pointer (`&x` then `*` is `x`). `this` is a pointer: the
  /// object a method runs on is `*this`. Empty unless it ends in a field
  /// of an object reached through a pointer.
  static std::vector<std::string> combined_object_path(const Arg& arg, const ForeignPath& callee_path) {
    std::vector<std::string> combined = arg.ref.path;
    if (arg.ref.root == RefRoot::this_object) combined.insert(combined.begin(), "*");
    for (const std::string& element : callee_path.object_path)
      if (element == "*" && !combined.empty() && combined.back() == "&") combined.pop_back();
      else combined.push_back(element);
    const size_t n = combined.size();
    if (n < 2 || combined[n - 2] != "*" || !is_field_element(combined[n - 1])) return {};
    return combined;
  }

  /// Whether the object of `combined` is this function's own parameter's
  /// (or the object it runs on): its callers say which object it is.
  static bool lifted_to_callers(const Arg& arg, const std::vector<std::string>& combined) {
    return combined.size() == 2 && (arg.ref.root == RefRoot::param || arg.ref.root == RefRoot::this_object);
  }

  /// What the function pointer at the end of `combined` may hold in the
  /// objects `arg` refers to: a local of this function (`table *t =
  /// c->sources;`, `t = table_new ();`) holds what its stores put there; a
  /// field or global, what every store does. Nullopt when not known.
  std::optional<std::vector<ObjectCallbacks::HeldFunction>> held_by_object(
      const FunctionFact& function, const Arg& arg, const std::vector<std::string>& combined) const {
    const size_t n = combined.size();
    if (n == 2 && arg.ref.root == RefRoot::local)
      return context_->objects.held_by_local(function, arg.ref.index, combined[n - 1]);
    Ref holder = arg.ref;
    holder.path.assign(combined.begin() + (arg.ref.root == RefRoot::this_object ? 1 : 0), combined.end() - 2);
    return context_->objects.held(ObjectCallbacks::holder_key(holder), combined[n - 1]);
  }

  /// The path on which `callee`, called at `event`, runs a function pointer
  /// of an object the call hands over that holds, as the object's makers
  /// set it, a function taking the global lock `lock` again.
  std::optional<ForeignPath> object_relock(const FunctionFact& function, const Event& event,
                                           const FunctionFact& callee, const HeldLock& lock) const {
    if (!llvm::StringRef(lock.key).starts_with("g:")) return std::nullopt;
    auto it = object_foreign_.find(&callee);
    if (it == object_foreign_.end()) return std::nullopt;
    for (const ForeignPath& callee_path : it->second) {
      if (releases(callee_path, lock.key)) continue;
      Arg receiver;
      const Arg* arg = object_arg(event, callee_path, receiver);
      if (!arg || arg->ref.empty() || arg->text == "null") continue;
      const std::vector<std::string> combined = combined_object_path(*arg, callee_path);
      if (combined.empty() || lifted_to_callers(*arg, combined)) continue;
      const auto held = held_by_object(function, *arg, combined);
      if (!held) continue;
      // Only what this object's makers gave it: a function some other object
      // of the type was given (`listSetFreeMethod` on another list) says
      // nothing of this one.
      for (const ObjectCallbacks::HeldFunction& candidate : *held) {
        if (candidate.any_object) continue;
        const FunctionFact* target = candidate.param < 0 ? context_->project.function(candidate.function) : nullptr;
        if (!target || !llvm::is_contained(context_->locks.acquires(*target), lock.key)) continue;
        const std::string object =
            arg->ref.display.empty() ? "the object" : "the object in '" + arg->ref.display + "'";
        ForeignPath path = callee_path;
        path.via_object = -1;
        path.object_path.clear();
        path.any_object_targets.reset();
        path.steps.insert(path.steps.begin(), Step{&function, event.loc, "calls '" + callee.name + "'"});
        path.leaf += ", which holds '" + target->name + "' (" + object + " gets it at " +
                     context_->short_location(candidate.made_at) + "), which locks '" + lock.display + "' again";
        return path;
      }
    }
    return std::nullopt;
  }

  /// `callee_path` when the object is the one `arg` refers to (see object_paths).
  std::optional<ForeignPath> through_object(const FunctionFact& function, const Arg* arg,
                                            const ForeignPath& callee_path) const {
    // Built only when the object is not known: it copies the whole path.
    auto unknown = [&] { return for_any_object(callee_path); };
    ForeignPath path = callee_path;
    path.via_object = -1;
    path.object_path.clear();
    path.any_object_targets.reset();
    if (!arg || arg->ref.empty()) return unknown();
    std::vector<std::string> combined = combined_object_path(*arg, callee_path);
    if (combined.empty()) return unknown();
    if (lifted_to_callers(*arg, combined)) {
      ForeignPath lifted = callee_path;
      lifted.via_object = arg->ref.root == RefRoot::this_object ? kReceiver : static_cast<int>(arg->ref.index);
      lifted.object_path = std::move(combined);
      return lifted;
    }
    auto held = held_by_object(function, *arg, combined);
    if (!held) return unknown();
    // What the object's pointer may be: the one that reaches foreign code
    // with the fewest guesses, or none. A value from one of this function's
    // parameters (`bytes = g_bytes_new_with_free_func (data, size, notify, ...)`)
    // is what its callers pass: judged at each caller, as a callable it
    // runs itself would be, unless a known value is foreign anyway.
    const std::string object = arg->ref.display.empty() ? "the object" : "the object in '" + arg->ref.display + "'";
    std::optional<ForeignPath> best, from_param;
    for (const ObjectCallbacks::HeldFunction& candidate : *held) {
      if (candidate.param >= 0) {
        if (from_param || static_cast<size_t>(candidate.param) >= function.params.size()) continue;
        from_param = path;
        from_param->via_param = candidate.param;
        from_param->steps.insert(from_param->steps.begin(),
                                 Step{&function, candidate.made_at,
                                      "makes " + object + " with its parameter '" +
                                          function.params[candidate.param].name + "'"});
        continue;
      }
      const FunctionFact* target = context_->project.function(candidate.function);
      if (!target) return unknown();  // declared only: its body is not known
      auto found = foreign_.find(target);
      if (found == foreign_.end()) continue;
      // "calls 'g_object_unref' (the object in 'c->names' gets it at
      // gmain.c:12) through the function pointer 'hash_table->value_destroy_func'"
      ForeignPath through = continue_into(path, found->second,
                                          "'" + target->name + "' (" + object + " gets it at " +
                                              context_->short_location(candidate.made_at) + ")",
                                          held->size() > 1);
      if (!best || fewer_guesses(through, *best)) best = std::move(through);
    }
    return best ? best : from_param;
  }

  /// The path through `targets` (what a pointer may hold), with the step
  /// that calls the target `how`.
  std::optional<ForeignPath> through_one_of(const FunctionFact& function, const Event& event,
                                            llvm::ArrayRef<const FunctionFact*> targets, llvm::StringRef how,
                                            const llvm::DenseMap<const FunctionFact*, ForeignPath>& known) const {
    return best_target(function, event, targets, known, [&](const FunctionFact& target) {
      return Step{&function, event.loc, "calls '" + target.name + "' " + how.str()};
    });
  }

  /// Of `targets` (what a pointer or a virtual call may run), the one whose
  /// path to foreign code guesses least (the first among equals), with
  /// `step_to(target)` in front. Picking one of several is itself a guess.
  template <typename StepTo>
  std::optional<ForeignPath> best_target(const FunctionFact& function, const Event& event,
                                         llvm::ArrayRef<const FunctionFact*> targets,
                                         const llvm::DenseMap<const FunctionFact*, ForeignPath>& known,
                                         StepTo&& step_to) const {
    std::optional<ForeignPath> best;
    for (const FunctionFact* target : targets)
      if (auto found = target_path(function, event, *target, known); found && (!best || fewer_guesses(*found, *best))) {
        found->steps.insert(found->steps.begin(), step_to(*target));
        best = std::move(found);
      }
    if (best && targets.size() > 1) ++best->guesses;
    return best;
  }

  static bool fewer_guesses(const ForeignPath& a, const ForeignPath& b) { return a.guesses < b.guesses; }

  /// A target's path whatever is passed, else through what this call passes.
  std::optional<ForeignPath> target_path(const FunctionFact& function, const Event& event,
                                         const FunctionFact& target,
                                         const llvm::DenseMap<const FunctionFact*, ForeignPath>& known) const {
    if (auto it = known.find(&target); it != known.end()) return for_passed_object(event, target, it->second, known);
    return through_parameter(function, event, target);
  }

  /// `callee`'s known path `path`, as `call` runs it: when the path starts at
  /// a virtual call on the object a parameter refers to and `call` passes an
  /// object of known class there, that class's override decides.
  std::optional<ForeignPath> for_passed_object(const Event& call, const FunctionFact& callee, const ForeignPath& path,
                                               const llvm::DenseMap<const FunctionFact*, ForeignPath>& known) const {
    const int receiver = path.via_receiver;
    if (receiver >= 0 && static_cast<size_t>(receiver) < call.args.size() && !call.args[receiver].exact_type.empty())
      return path_for_object(callee, receiver, call.args[receiver].exact_type, known);
    return path;
  }

  /// `callee_path`, which runs what the callee makes an object with, when
  /// that is one of `callables`: the path on into the one that reaches
  /// foreign code with the fewest guesses, or none.
  std::optional<ForeignPath> through_carried(const ForeignPath& callee_path,
                                             llvm::ArrayRef<const FunctionFact*> callables) const {
    std::optional<ForeignPath> best;
    for (const FunctionFact* callable : callables) {
      auto found = foreign_.find(callable);
      if (found == foreign_.end()) continue;
      ForeignPath path = continue_into(callee_path, found->second, describe(*callable), callables.size() > 1);
      path.via_param = -1;
      if (!best || fewer_guesses(path, *best)) best = std::move(path);
    }
    return best;
  }

  /// `path`, whose last step calls a function pointer, on into what the
  /// pointer holds: `target` (as `named`), whose own path to foreign code is
  /// `target_path`. Choosing it among several (`one_of_several`) is a guess.
  ForeignPath continue_into(ForeignPath path, const ForeignPath& target_path, const std::string& named,
                            bool one_of_several) const {
    llvm::StringRef pointer(path.leaf);
    pointer.consume_front("calls ");
    path.steps.back().text = "calls " + named + " through " + pointer.str();
    llvm::append_range(path.steps, target_path.steps);
    path.leaf = target_path.leaf;
    path.guesses += target_path.guesses + (one_of_several ? 1 : 0);
    add_missing(path.released, target_path.released);
    add_missing(path.destroyed, target_path.destroyed);
    return path;
  }

  /// A callee that runs one of its parameters, which its own callers may
  /// fill with anything (`list_free_full(list, free_fn)`): what runs is what
  /// this call passes. This call's own function or lambda runs (handled
  /// above when it is foreign); a null pointer runs nothing; something
  /// unknown is foreign; a parameter of `function` passed on makes
  /// `function` run its parameter in turn.
  std::optional<ForeignPath> through_parameter(const FunctionFact& function, const Event& event,
                                               const FunctionFact& callee, const Arg** passed = nullptr) const {
    auto it = param_foreign_.find(&callee);
    if (it == param_foreign_.end()) return std::nullopt;
    std::optional<ForeignPath> forwarded;
    for (const auto& [index, callee_path] : it->second) {
      const Arg* arg = index < event.args.size() ? &event.args[index] : nullptr;
      if (arg && arg->text == "null") continue;  // `_dictClear (d, 0, NULL)`: nothing to call
      // The project's own functions: judged above when the callee runs them
      // itself, here when it runs them through an object it makes with them.
      if (arg && (arg->kind == ArgKind::lambda || arg->kind == ArgKind::function)) {
        if (context_->callables.invokes(callee, index)) continue;
        if (const FunctionFact* callable = context_->project.function(arg->function))
          if (auto path = through_carried(callee_path, {callable})) return path;
        continue;
      }
      if (arg && arg->kind == ArgKind::foreign_callable)
        if (auto targets = context_->callables.pointer_targets(function, arg->ref)) {
          if (context_->callables.invokes(callee, index)) continue;
          if (auto path = through_carried(callee_path, *targets)) return path;
          continue;
        }
      const bool passed_on = arg && arg->kind == ArgKind::param;
      if (passed_on && (forwarded || !context_->callables.foreign_sourced(function, arg->index))) continue;
      ForeignPath path = callee_path;
      path.via_param = passed_on ? static_cast<int>(arg->index) : -1;
      if (!passed_on) {
        if (passed) *passed = arg;
        return path;
      }
      forwarded = std::move(path);
    }
    return forwarded;
  }

  std::string short_name(const Event& call) const {
    if (const FunctionFact* callee = context_->project.function(call.callee))
      return callee->name;
    // Declared only: name the class and keep the method's own name short.
    return event_method_name(call);
  }

  std::string event_method_name(const Event& call) const {
    // The identity of a declared-only method is its USR; its display name is
    // the class plus the method, which the USR ends with after '@F@'.
    llvm::StringRef usr(call.callee);
    const size_t at = usr.rfind("@F@");
    llvm::StringRef method = at == llvm::StringRef::npos ? usr : usr.substr(at + 3);
    method = method.take_until([](char c) { return c == '#' || c == '<'; });
    return (call.text + "::" + method).str();
  }

  static std::string describe(const FunctionFact& callable) {
    return callable.has(function_flags::lambda) ? "a lambda" : "'" + callable.name + "'";
  }

  bool has_param_path(const FunctionFact* function, int index) const {
    auto it = param_foreign_.find(function);
    return it != param_foreign_.end() &&
           llvm::any_of(it->second, [&](const auto& entry) { return static_cast<int>(entry.first) == index; });
  }

  /// The project's flow order of `function`'s blocks, computed once.
  const std::vector<uint32_t>& flow_order(const FunctionFact& function) const {
    auto [it, inserted] = flow_orders_.try_emplace(&function);
    if (inserted) it->second = context_->project.flow_order(function);
    return it->second;
  }

  void compute_foreign_paths() {
    // Rounds, each from the previous one: shortest paths, independent of the
    // order functions are defined in. A function's own path is one that does
    // not depend on what its callers pass: of those, the one with the fewest
    // guesses, and among equals the first in the order control reaches its
    // events (g_logv's log handler, which runs for every message, not the
    // fatal hook after it). Paths through its parameters are kept apart, one
    // per parameter.
    const Project& project = context_->project;
    for (unsigned round = 0; round < kMaxRounds; ++round) {
      std::vector<std::pair<const FunctionFact*, ForeignPath>> added, added_params, added_objects;
      for (const FunctionFact* function : project.functions()) {
        if (auto it = foreign_.find(function); it != foreign_.end() && !it->second.any_object) continue;
        // A path that releases no lock on the way, if there is one: foreign
        // code run after `UNLOCK` does not speak for code run before it.
        std::optional<ForeignPath> releasing, own;
        for (const uint32_t block : flow_order(*function)) {
          for (const auto& event : function->blocks[block].events) {
            // Every object path this call lifts from its callee, not only the
            // first: a table's key and value destroy functions are two.
            if (const FunctionFact* callee = lifts_object_paths(event))
              for (ForeignPath& path : object_paths(*function, event, *callee))
                if (path.via_object >= 0) {
                  add_missing(path.released, context_->locks.dropped_at(event));
                  start_at(*function, event, path);
                  add_object_path(*function, std::move(path), added_objects);
                }
            if (auto path = classify(*function, event, foreign_)) {
              start_at(*function, event, *path);
              path->any_object = false;  // a callable's stand-in, once passed on, is this function's own path
              if (path->via_object >= 0) {
                if (event.kind != EventKind::call) add_object_path(*function, std::move(*path), added_objects);
                continue;
              }
              if (path->via_param < 0 && (!path->released.empty() || !path->destroyed.empty())) {
                if (!releasing || fewer_guesses(*path, *releasing)) releasing = std::move(*path);
                continue;
              }
              if (path->via_param < 0) {
                if (!own || fewer_guesses(*path, *own)) own = std::move(*path);
                continue;
              }
              if (!has_param_path(function, path->via_param) &&
                  llvm::none_of(added_params, [&](const auto& entry) {
                    return entry.first == function && entry.second.via_param == path->via_param;
                  }))
                added_params.emplace_back(function, std::move(*path));
            }
          }
        }
        if (own) added.emplace_back(function, std::move(*own));
        else if (releasing) added.emplace_back(function, std::move(*releasing));
      }
      if (added.empty() && added_params.empty() && added_objects.empty()) break;
      for (auto& [function, path] : added) foreign_.insert_or_assign(function, std::move(path));
      for (auto& [function, path] : added_params)
        param_foreign_[function].emplace_back(static_cast<uint32_t>(path.via_param), std::move(path));
      for (auto& [function, path] : added_objects) {
        // Where no call says which object: the first object path stands for it.
        if (!foreign_.count(function)) {
          ForeignPath any = for_any_object(path);
          any.any_object = true;
          foreign_.try_emplace(function, std::move(any));
        }
        object_foreign_[function].push_back(std::move(path));
      }
    }
  }

  /// The callee whose object paths `event` lifts: a direct call of the
  /// project's function that classify_step follows that far (not on the
  /// way to abort(), not a wait-predicate evaluator, not virtual).
  const FunctionFact* lifts_object_paths(const Event& event) const {
    if (event.kind != EventKind::call || event.has(event_flags::virtual_call) ||
        context_->termination.on_fatal_path(event))
      return nullptr;
    const FunctionFact* callee = context_->project.function(event.callee);
    if (!callee || predicate_evaluators_.contains(callee->name)) return nullptr;
    return callee;
  }

  /// Adds `path` to this round's object paths unless `function` has one for
  /// that object pointer already.
  void add_object_path(const FunctionFact& function, ForeignPath path,
                       std::vector<std::pair<const FunctionFact*, ForeignPath>>& added) const {
    auto same = [&](const ForeignPath& other) {
      return other.via_object == path.via_object && other.object_path == path.object_path;
    };
    if (auto it = object_foreign_.find(&function); it != object_foreign_.end() && llvm::any_of(it->second, same))
      return;
    if (llvm::any_of(added, [&](const auto& entry) { return entry.first == &function && same(entry.second); }))
      return;
    added.emplace_back(&function, std::move(path));
  }

  // ---- who else locks ----

  void index_lockers() {
    for (const FunctionFact* function : context_->project.functions())
      if (!function->has(function_flags::specialization))
        for (const auto& key : context_->locks.acquires(*function)) lockers_[key].push_back(function);
  }

  /// A function a re-entering callback would plausibly call: a public
  /// method, an ordinary one before an operator, never a constructor.
  const FunctionFact* reentered(const std::string& key, const FunctionFact& holder) {
    // The candidates of a lock, best first (computed once per lock: a global
    // lock of a large C library has thousands of lockers and as many findings).
    auto [slot, fresh] = reentry_candidates_.try_emplace(key);
    std::vector<const FunctionFact*>& ranked = slot->second;
    if (fresh) {
      auto it = lockers_.find(key);
      if (it == lockers_.end()) return nullptr;
      // Rank: the project's code before its tests, then what other code can
      // call (external linkage, not hidden: the API a callback uses, not a
      // static helper), then takes the lock itself, then an ordinary method
      // before an operator; among equals, the first locker found (buckets
      // keep that order).
      std::vector<const FunctionFact*> by_rank[16];
      for (const FunctionFact* function : it->second) {
        // Not the lock primitives themselves (lock_acquire, Mutex::Lock, a
        // try-lock wrapper of this lock). A function that may leave some other
        // lock held on a path the flow cannot rule out (glib's type checks, as
        // `G_IS_BINDING_GROUP (self)`, may end inside g_once_init_enter) is not one.
        const bool primitive = llvm::any_of(context_->locks.effects(function->id), [&](const LockEffect& e) {
          return e.acquire && (e.definitely || canonical_key(e.ref, function->id) == key);
        });
        if (primitive || function->has(function_flags::constructor) ||
            function->has(function_flags::destructor) || function->has(function_flags::private_member) ||
            function->has(function_flags::lambda) || function->has(function_flags::static_init) ||
            function->has(function_flags::main))  // no callback calls main
          continue;
        const bool callable_outside = context_->project.exported(*function);
        const int rank = (function->has(function_flags::test_code) ? 0 : 8) + (callable_outside ? 4 : 0) +
                         (context_->locks.acquires_itself(*function, key) ? 2 : 0) +
                         (llvm::StringRef(function->name).contains("operator") ? 0 : 1);
        by_rank[rank].push_back(function);
      }
      for (int rank = 15; rank >= 0; --rank) llvm::append_range(ranked, by_rank[rank]);
    }
    for (const FunctionFact* function : ranked)
      if (function != &holder) return function;
    return nullptr;
  }

  /// Whether `lock` was taken in `function` by a try-lock, and nothing in the
  /// project takes it (its key) by a lock that waits.
  bool only_tried(const FunctionFact& function, const HeldLock& lock) {
    // A try-lock here, or a call of a wrapper that only tries
    // (`if (!hub_lock_try (h->flush_busy)) return;`).
    const bool tried_here = llvm::any_of(function.blocks, [&](const Block& block) {
      return llvm::any_of(block.events, [&](const Event& e) {
        if (e.loc != lock.acquired_at) return false;
        if (e.kind == EventKind::acquire) return !e.has(event_flags::definitely);
        return e.kind == EventKind::call && !e.callee.empty() && !waits_in(e.callee) &&
               llvm::any_of(context_->locks.effects(e.callee), [](const LockEffect& effect) { return effect.acquire; });
      });
    });
    if (!tried_here) return false;
    if (!waited_for_) {
      waited_for_.emplace();
      for (const FunctionFact* other : context_->project.functions()) {
        if (other->has(function_flags::specialization)) continue;
        for (const auto& block : other->blocks)
          for (const auto& e : block.events) {
            // Through a wrapper that waits (`hub_lock_acquire (h->lock)`):
            // the lock as the caller names it.
            if (e.kind == EventKind::call && !e.callee.empty() && waits_in(e.callee))
              for (const Ref& ref : context_->locks.taken_at(e)) waited_for_->insert(canonical_key(ref, other->id));
            if (!e.has(event_flags::definitely)) continue;
            if (e.kind == EventKind::acquire) waited_for_->insert(canonical_key(e.ref, other->id));
            if (e.kind == EventKind::guard_begin)
              for (const Ref& ref : e.refs) waited_for_->insert(canonical_key(ref, other->id));
          }
      }
    }
    return !waited_for_->contains(lock.key);
  }

  /// Whether calling `callee` takes a lock and waits for it on every path.
  bool waits_in(llvm::StringRef callee) const {
    return llvm::any_of(context_->locks.effects(callee),
                        [](const LockEffect& effect) { return effect.acquire && effect.definitely; });
  }

  // ---- reporting ----

  void examine(const FunctionFact& function, const Event& event) {
    if (event.kind != EventKind::call && event.kind != EventKind::foreign &&
        event.kind != EventKind::invoke_param)
      return;
    if (context_->termination.on_fatal_path(event) || context_->project.never_runs(function)) return;
    const LockSet held = context_->locks.held_at(function, event);
    // Locks taken here, on every path (not the callers' locks). A lock the
    // project only ever tries (a busy flag: `if (!m_busy.tryLock ()) return;`)
    // cannot deadlock a callback that re-enters: its own attempt fails.
    auto taken_here = [&](const HeldLock& candidate) {
      return candidate.definitely && !candidate.from_callers && !only_tried(function, candidate);
    };
    const auto first = llvm::find_if(held.locks, taken_here);
    const HeldLock* lock = first == held.locks.end() ? nullptr : &*first;
    if (lock) {
      if (auto path = classify(function, event, foreign_)) {
        // On an object this function's callers pass: any object, here.
        if (path->via_object >= 0) *path = for_any_object(std::move(*path));
        // A held lock the path does not release before the foreign code runs.
        for (const HeldLock& candidate : held.locks)
          if (taken_here(candidate) && !releases(*path, candidate.key)) {
            report(function, event, candidate, *path, nullptr);
            return;
          }
        if (event.kind == EventKind::call) examine_handed_callables(function, event, nullptr);
        return;
      }
      // A helper that reaches, through any number of direct calls, a
      // virtual call or a function pointer call (both below) that takes the
      // held lock again (compute_relocks). Only for a global lock, one
      // object wherever it is named, or a lock named by type and field that
      // a program's installed lambda or handler takes (add_pointer_call_relocks).
      if (event.kind == EventKind::call && !event.has(event_flags::virtual_call))
        if (const FunctionFact* callee = context_->project.function(event.callee)) {
          for (const HeldLock& candidate : held.locks)
            if (taken_here(candidate) && !candidate.recursive)
              if (std::optional<ForeignPath> path = relock_path(*callee, candidate.key)) {
                path->steps.insert(path->steps.begin(), Step{&function, event.loc, "calls '" + callee->name + "'"});
                path->leaf += " '" + candidate.display + "' again";
                report(function, event, candidate, *path, nullptr);
                return;
              }
        }
      // An object this call hands over whose function pointer, as the
      // object's makers set it, takes the held global lock again (a test's
      // cache made with its own counting deleter).
      if (event.kind == EventKind::call && !event.has(event_flags::virtual_call))
        if (const FunctionFact* callee = context_->project.function(event.callee))
          for (const HeldLock& candidate : held.locks)
            if (taken_here(candidate) && !candidate.recursive)
              if (auto path = object_relock(function, event, *callee, candidate)) {
                report(function, event, candidate, *path, nullptr);
                return;
              }
      // A function pointer whose known values include one that takes the
      // held global lock again.
      if (event.kind == EventKind::foreign && !lock->recursive) {
        std::map<std::string, ForeignPath> relocked;
        add_pointer_call_relocks(function, event, relocked);
        if (auto it = relocked.find(lock->key); it != relocked.end()) {
          ForeignPath path = std::move(it->second);
          path.steps.clear();  // the call is this event: the finding's own line
          path.leaf += " '" + lock->display + "' again";
          report(function, event, *lock, path, nullptr);
          return;
        }
      }
      // A virtual call whose override takes the held lock again: a class
      // users extend re-enters (a node writing to a child that is itself).
      // One the project defines once and overrides nowhere is the class's own
      // call, as a plain one is (concur-self-deadlock's, when it always locks).
      if (event.kind == EventKind::call && event.has(event_flags::virtual_call) && !lock->recursive &&
          !context_->project.sole_definition(event))
        for (const FunctionFact* target : targets(event))
          if (llvm::is_contained(context_->locks.acquires(*target), lock->key) &&
              !forwards_to_another_instance(function, event, *target)) {
            ForeignPath path{{}, "calls virtual '" + short_name(event) + "', whose override '" +
                                     target->name + "' (" + context_->short_location(target->loc) +
                                     ") locks '" + lock->display + "' again"};
            report(function, event, *lock, path, nullptr);
            return;
          }
    }
    if (event.kind == EventKind::call) examine_handed_callables(function, event, lock);
  }

  /// `store.with_entry(k, [&](Entry& e) { ... })`: with_entry holds its lock
  /// while it runs the lambda. Reported here when the lambda runs foreign
  /// code or takes that lock again.
  void examine_handed_callables(const FunctionFact& function, const Event& event, const HeldLock* own) {
    const Project& project = context_->project;
    const FunctionFact* callee = project.function(event.callee);
    if (!callee) return;
    for (uint32_t i = 0; i < event.args.size(); ++i) {
      const Arg& arg = event.args[i];
      if (arg.kind != ArgKind::lambda && arg.kind != ArgKind::function) continue;
      const FunctionFact* callable = project.function(arg.function);
      if (!callable || !context_->callables.invokes(*callee, i)) continue;
      std::vector<HeldLock> locks = context_->callables.locks_at_invoke(*callee, i);
      if (locks.empty()) continue;
      // Taking a held lock again: a deadlock on a non-recursive mutex. Any of
      // the locks held where the callable runs, not only the first by key: a
      // caller's own lock (`Bank::lock_`) may sort before the callee's.
      const auto& taken = context_->locks.acquires(*callable);
      const auto relocked = llvm::find_if(locks, [&](const HeldLock& held) {
        return !held.recursive && llvm::is_contained(taken, held.key) &&
               !locks_another_member(event, held, *callable);
      });
      if (relocked != locks.end()) {
        ForeignPath path;
        path.leaf = "locks '" + relocked->display + "' again, which '" + callee->name +
                    "' holds while it runs it: a deadlock";
        report_handed(function, event, *callee, *callable, *relocked, path, true);
        continue;
      }
      if (own) continue;  // reported above through the callee when foreign
      // The lock the callee takes itself, rather than one its callers hold.
      const auto taken_by_callee = llvm::find_if(locks, [](const HeldLock& held) { return !held.from_callers; });
      const HeldLock& lock = taken_by_callee != locks.end() ? *taken_by_callee : locks.front();
      if (auto [path, param] = handed_path(*callee, i, *callable); path)
        report_handed(function, event, *callee, *callable, lock, *path, false, param);
    }
  }

  /// The foreign code a callable handed to `runner` as its parameter `index`
  /// runs there: its own, else a callable parameter of its own that this
  /// runner fills with foreign code (`f (id, handler)` for each handler a
  /// member template's class keeps; another runner may hand the same
  /// callable only the class's own), with that parameter's index.
  std::pair<const ForeignPath*, int> handed_path(const FunctionFact& runner, uint32_t index,
                                                 const FunctionFact& callable) const {
    if (auto it = foreign_.find(&callable); it != foreign_.end()) return {&it->second, -1};
    if (auto it = param_foreign_.find(&callable); it != param_foreign_.end())
      for (const auto& [param, path] : it->second)
        if (!context_->callables.hands_foreign(runner, index, param).empty())
          return {&path, static_cast<int>(param)};
    return {nullptr, -1};
  }

  /// The member object a reference names last (`checking` in `checking.With
  /// (...)`, `w.prev_positions`): a field reached without a dereference after
  /// it. Two different members are two different objects, of whatever object.
  static std::optional<llvm::StringRef> member_object(const Ref& object) {
    if (object.path.empty() || !is_field_element(object.path.back())) return std::nullopt;
    return llvm::StringRef(object.path.back());
  }

  /// `checking.With ([&] (int t) { savings.Add (t); })`: With holds the
  /// `mu_` of the member `checking`, and every way the callable takes a lock
  /// of that key is on another member (`savings`), so it takes another
  /// object's lock. False when the held lock is not a field of the call's
  /// receiver, or some way the callable takes the key is not on a member.
  bool locks_another_member(const Event& call, const HeldLock& held, const FunctionFact& callable) const {
    const std::vector<std::string>& inside = held.ref().path;  // `mu_`, `latch_.m_`: within the object
    if (held.ref().root != RefRoot::this_object || !is_field_path(inside)) return false;
    const auto holder = member_object(call.ref);
    if (!holder) return false;
    // The member a lock of the key belongs to: `savings.mu_` names `savings`.
    auto other_member = [&](const Ref& ref) {
      if (ref.path.size() <= inside.size() ||
          !std::equal(inside.begin(), inside.end(), ref.path.end() - inside.size()))
        return false;
      const std::string& member = ref.path[ref.path.size() - inside.size() - 1];
      return is_field_element(member) && member != *holder;
    };
    const LockFlow& flow = context_->locks;
    bool seen = false;
    for (const auto& block : callable.blocks)
      for (const auto& event : block.events) {
        const auto taken = flow.taken_at(event);
        for (const Ref& ref : taken)
          if (flow.key_of(callable, ref) == held.key) {
            if (!other_member(ref)) return false;
            seen = true;
          }
        if (event.kind != EventKind::call || !taken.empty()) continue;
        const FunctionFact* target = context_->project.function(event.callee);
        if (!target || !llvm::is_contained(flow.acquires(*target), held.key)) continue;
        // A method that takes the key only on its own object (`Ledger::Add`
        // locks `mu_`): the lock of the call's receiver.
        if (event.has(event_flags::virtual_call) || !takes_only_on_itself(*target, held.key)) return false;
        const auto member = member_object(event.ref);
        if (!member || *member == *holder) return false;
        seen = true;
      }
    return seen;
  }

  /// Whether `method` takes the lock `key` only as a field of its own object
  /// (`mu_`, `latch_.m_`), itself or by a call that returns holding it, and
  /// calls nothing else that takes it.
  bool takes_only_on_itself(const FunctionFact& method, llvm::StringRef key) const {
    const LockFlow& flow = context_->locks;
    if (!method.has(function_flags::method) || !flow.acquires_itself(method, key)) return false;
    for (const auto& block : method.blocks)
      for (const auto& event : block.events) {
        const auto taken = flow.taken_at(event);
        for (const Ref& ref : taken)
          if (flow.key_of(method, ref) == key && !(ref.root == RefRoot::this_object && is_field_path(ref.path)))
            return false;
        if (event.kind == EventKind::call && taken.empty())
          if (const FunctionFact* target = context_->project.function(event.callee))
            if (target != &method && llvm::is_contained(flow.acquires(*target), key)) return false;
      }
    return true;
  }

  void add_path_notes(Finding& finding, const ForeignPath& path, const FunctionFact& from) const {
    for (size_t i = 0; i < path.steps.size(); ++i) {
      const Step& step = path.steps[i];
      if (i == 0 && step.function == &from) continue;  // the primary location says it
      const bool last = i + 1 == path.steps.size();
      const std::string& what = last ? path.leaf : step.text;
      // "...: any handler of the program can run here" says where already.
      context_->note(finding, step.at,
                     "'" + step.function->name + "' " + what + (llvm::StringRef(what).ends_with(" here") ? "" : " here"));
    }
  }

  void add_reentry_note(Finding& finding, const HeldLock& lock, const FunctionFact& holder) {
    if (const FunctionFact* other = reentered(lock.key, holder)) {
      auto where = context_->locks.acquisition_of(*other, lock.key);
      context_->note(finding, where ? *where : other->loc,
                     "'" + other->name + "' also locks '" + lock.display + "'; a callback that calls it " +
                         (lock.recursive ? "re-enters mid-update" : "deadlocks"));
    }
  }

  static std::string consequence(const HeldLock& lock) {
    return lock.recursive
               ? "the mutex is recursive: a re-entering callback does not deadlock, but it sees "
                 "the object in the middle of an update"
               : "if the callback re-enters this object or waits for a thread that needs the "
                 "lock, the program deadlocks";
  }

  /// "calls the std::function 'cb_'", "calls 'Unref', which calls the function pointer 'd'".
  static std::string primary_text(const ForeignPath& path) {
    if (path.steps.size() <= 1) return path.leaf;
    std::string text = path.steps.front().text + ", which ";
    if (path.steps.size() > 2) text += "(through '" + path.steps.back().function->name + "') ";
    return text + path.leaf + ",";
  }

  /// "lock 'mu_'", "recursive lock 'mu_'": as messages name the held lock.
  static std::string held_lock(const HeldLock& lock) {
    return (lock.recursive ? "recursive lock '" : "lock '") + lock.display + "'";
  }

  void report(const FunctionFact& function, const Event& event, const HeldLock& lock,
              const ForeignPath& path, const FunctionFact*) {
    const std::string what = primary_text(path);
    // "calls 'f', a callable ..., while": an apposition needs its closing comma.
    const bool apposition = what.find(", ") != std::string::npos && what.back() != ',';
    Finding finding = context_->make(
        spec(), event.loc,
        what + (apposition ? "," : "") + " while " + held_lock(lock) + " is held",
        "copy what the callback needs while holding the lock, release it, then call the callback "
        "(or queue the notification)");
    if (lock.recursive) finding.severity = Severity::note;
    add_path_notes(finding, path, function);
    if (event.kind == EventKind::invoke_param) {
      const std::string source = context_->callables.foreign_source(function, event.index);
      if (!source.empty()) context_->note(finding, function.loc, source + ": code from outside runs here");
    }
    context_->note(finding, lock.acquired_at, "lock '" + lock.display + "' acquired here");
    note_specializing_call(finding, function);
    add_reentry_note(finding, lock, function);
    context_->note(finding, event.loc, consequence(lock));
    finding.symbol = lock.fingerprint_name();
    finding.function = function.name;
    reported_.insert(event.loc);
    context_->report(std::move(finding));
  }

  void report_handed(const FunctionFact& function, const Event& event, const FunctionFact& callee,
                     const FunctionFact& callable, const HeldLock& lock, const ForeignPath& path,
                     bool relock, int filled_param = -1) {
    const std::string subject = describe(callable) + " passed to '" + callee.name + "'";
    std::string message = relock ? subject + " " + path.leaf
                                 : subject + " runs foreign code while '" + callee.name + "' holds " +
                                       held_lock(lock);
    Finding finding = context_->make(
        spec(), event.loc, std::move(message),
        relock ? "do not take the lock inside the callable; " + callee.name +
                     " already holds it (or use the unlocked variant of what it calls)"
               : "do the foreign work after the call returns, with what the callable copied out");
    if (const Event* invocation = first_invocation(callee, event, callable)) {
      // What the runner hands the callable's parameter that runs foreign code.
      const std::string handing =
          filled_param >= 0 && static_cast<size_t>(filled_param) < invocation->args.size() &&
                  !invocation->args[filled_param].text.empty()
              ? ", passing it '" + invocation->args[filled_param].text + "'"
              : std::string();
      context_->note(finding, invocation->loc,
                     "'" + callee.name + "' runs it here, holding '" + lock.display + "'" + handing);
    }
    if (!relock) add_path_notes(finding, path, function);
    else if (auto where = context_->locks.acquisition_of(callable, lock.key))
      context_->note(finding, *where, "it locks '" + lock.display + "' here");
    context_->note(finding, lock.acquired_at, "lock '" + lock.display + "' acquired here");
    note_specializing_call(finding, function);
    // The same wording and severity as a callback the lock holder runs itself.
    if (!relock && lock.recursive) {
      finding.severity = Severity::note;
      context_->note(finding, event.loc, consequence(lock));
    }
    finding.symbol = lock.fingerprint_name();
    finding.function = function.name;
    reported_.insert(event.loc);
    context_->report(std::move(finding));
  }

  const Event* first_invocation(const FunctionFact& callee, const Event& call,
                                const FunctionFact& callable) const {
    for (uint32_t i = 0; i < call.args.size(); ++i)
      if (call.args[i].function == callable.id)
        if (const Event* invocation = context_->callables.invocation(callee, i)) return invocation;
    return nullptr;
  }

  void note_specializing_call(Finding& finding, const FunctionFact& function) const {
    context_->note_specializing_call(finding, function, [](const FunctionFact& f) { return f.name; },
                                     "with these values the lock is held where the callback runs");
  }

  CheckContext* context_ = nullptr;
  /// Calls reported in this examine_world pass (a specialization does not repeat them).
  std::set<Loc> reported_;
  mutable llvm::Regex listener_pattern_;
  std::vector<OwnedGlob> not_callbacks_;
  llvm::DenseMap<const FunctionFact*, ForeignPath> foreign_;  // whatever the callers pass
  mutable llvm::DenseMap<const FunctionFact*, std::vector<uint32_t>> flow_orders_;
  /// Paths through a function's parameters: (parameter, path), foreign only
  /// at calls that pass something foreign or unknown for that parameter.
  llvm::DenseMap<const FunctionFact*, llvm::SmallVector<std::pair<uint32_t, ForeignPath>, 1>> param_foreign_;
  /// Paths through the function pointers of an object a parameter points to
  /// (via_object), one per pointer: decided where a caller passes the object.
  llvm::DenseMap<const FunctionFact*, std::vector<ForeignPath>> object_foreign_;
  llvm::StringMap<std::vector<const FunctionFact*>> lockers_;
  llvm::StringMap<std::vector<const FunctionFact*>> reentry_candidates_;  // by lock key, best first
  llvm::StringSet<> event_loops_;
  /// One link of a path by which a function takes a lock again (compute_relocks).
  struct Relock {
    Loc at;                               ///< the call of `callee`
    const FunctionFact* callee = nullptr; ///< the helper whose own link goes on; nullptr at a seed
    uint32_t seed = 0;                    ///< at a seed: its path in relock_seeds_
  };
  /// (function, lock key id) -> how the function takes that lock again.
  /// Links and interned keys, not whole paths: in glib, ten thousand
  /// functions reach a log handler that takes a dozen locks.
  llvm::DenseMap<std::pair<const FunctionFact*, uint32_t>, Relock> relocks_;
  std::vector<ForeignPath> relock_seeds_;   ///< the paths at the seeds (their leaf ends "locks")
  std::vector<std::string> relock_keys_;    ///< lock keys by id
  llvm::StringMap<uint32_t> relock_key_ids_;
  /// Keys of the locks some function of the project takes by a lock that waits (only_tried).
  std::optional<llvm::StringSet<>> waited_for_;
  llvm::StringSet<> predicate_evaluators_;
};

std::unique_ptr<Check> make(const CheckOptions& options) {
  return std::make_unique<LockedCallbackCheck>(options);
}

const CheckSpec& spec() {
  static const CheckSpec check = {
      "concur-locked-callback",
      "code the class does not control (a callback, listener or function pointer) runs while a "
      "lock is held",
      Severity::warning,
      {
          {"listenerClassPattern", OptionKind::text,
           {"(listener|observer|delegate|callback|handler|visitor|sink|subscriber|watcher|notifiable)"},
           "Case-insensitive regex on class names whose virtual methods are other people's code "
           "when the project does not implement them.",
           false, OptionFormat::regex},
          {"notCallbackMethods", OptionKind::list,
           {"clone", "Clone", "equals", "Equals", "accepts", "Accepts"},
           "Globs on method names that are questions or copies, never callbacks (besides every "
           "const method that returns a value, and clone()-like methods returning a new object).",
           false, OptionFormat::globs},
          {"waitPredicateEvaluators", OptionKind::list,
           {"absl::Condition::Eval"},
           "Functions that evaluate a lock primitive's wait predicate with its lock held; the "
           "primitive's contract makes the predicate pure (it may not lock), so what they run is "
           "not a callback, as the predicate of std::condition_variable::wait is not.",
           false},
      },
      &make,
  };
  return check;
}

}  // namespace

CheckSpec locked_callback_check() { return spec(); }

}  // namespace concur::analyzer_internal

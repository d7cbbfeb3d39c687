#include "project/Reach.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"

#include <deque>
#include <map>
#include <set>

namespace concur::analyzer_internal {

namespace {

constexpr unsigned kMaxRounds = 16;

/// Calls whose targets Reach follows: direct and virtual calls, calls through
/// pointers to members and through function pointers.
bool is_call(const Event& event) {
  return event.kind == EventKind::call || event.kind == EventKind::foreign ||
         event.has(event_flags::member_pointer);
}

/// What a call runs: the callee, every override of a virtual one, the
/// methods a call through a pointer to member may run, and what a call
/// through a function pointer runs when the project sets that pointer only
/// to its own functions. A pointer that may also hold a caller's value (the
/// callback a public `task_new (callback)` stores in each task) is not
/// followed: the facts key it by field, not by object, so following it would
/// run every callback any task was given wherever any task's is called.
std::vector<const FunctionFact*> call_targets(const Project& project, const Callables& callables,
                                              const FunctionFact& function, const Event& call) {
  if (call.kind == EventKind::foreign) {
    if (call.has(event_flags::member_pointer)) return project.member_pointer_callees(call);
    return callables.pointer_targets(function, call).value_or(std::vector<const FunctionFact*>{});
  }
  std::vector<const FunctionFact*> out;
  if (const FunctionFact* callee = project.function(call.callee)) out.push_back(callee);
  // A specialization's original keeps the contexts its callers give it.
  if (const llvm::StringRef original = project.original(call.callee); original != call.callee)
    if (const FunctionFact* callee = project.function(original)) out.push_back(callee);
  if (call.has(event_flags::virtual_call))
    for (const FunctionFact* override_ : project.overriders(call.callee)) out.push_back(override_);
  return out;
}

/// Adds `from` to `into` (a known set); an unknown one makes `into` unknown.
bool merge(std::optional<llvm::SmallVector<const FunctionFact*, 4>>& into,
           const std::optional<llvm::SmallVector<const FunctionFact*, 4>>& from, bool& seen) {
  if (!seen) {
    seen = true;
    into = from;
    return true;
  }
  if (!into) return false;
  if (!from) {
    into.reset();
    return true;
  }
  bool changed = false;
  for (const FunctionFact* entry : *from)
    if (!llvm::is_contained(*into, entry)) into->push_back(entry), changed = true;
  return changed;
}

}  // namespace

Reach::Reach(const Project& project, const Callables& callables, const LockFlow& locks,
             const std::vector<std::string>& task_types)
    : project_(project), callables_(callables), locks_(locks), scopes_(project) {
  for (const auto& type : task_types) task_types_.insert(type);
  build_edges();
  propagate();
  reach_from_signal_handlers();
  reach_scoped_threads();
  compute_started_on_main();
  compute_main_thread_only();
}

bool Reach::is_task(const FunctionFact& function) const {
  return function.has(function_flags::coroutine) && task_types_.contains(function.return_type);
}

void Reach::build_edges() {
  // Each call's targets, once (string lookups): every pass below reuses them.
  llvm::DenseMap<const Event*, std::vector<const FunctionFact*>> targets;
  llvm::DenseMap<const FunctionFact*, std::vector<const FunctionFact*>> callers;
  for (const FunctionFact* function : project_.functions())
    for (const auto& block : function->blocks)
      for (const auto& event : block.events)
        if (is_call(event)) {
          auto& list = targets[&event] = call_targets(project_, callables_, *function, event);
          for (const FunctionFact* target : list) {
            // A call that starts a thread on an object its function joins
            // leaves nothing running (other objects of the class may).
            if (!scopes_.scoped_here(event)) callers[target].push_back(function);
            if (event.kind == EventKind::foreign && !event.has(event_flags::member_pointer))
              pointer_called_.insert(target);
          }
        }
  auto targets_of = [&](const Event& event) -> const std::vector<const FunctionFact*>& {
    return targets.find(&event)->second;
  };

  // Which functions start threads or tasks, themselves or through callees:
  // seeded by the starters, then up the reversed call edges to a fixpoint.
  std::vector<const FunctionFact*> worklist;
  auto mark = [&](const FunctionFact* function) {
    if (starts_threads_.insert(function).second) worklist.push_back(function);
  };
  for (const FunctionFact* function : project_.functions())
    for (const auto& block : function->blocks)
      for (const auto& event : block.events) {
        // A thread joined before its starter returns (or before the caller
        // that owns the object it was started for is done with it) is gone by then.
        if (event.kind == EventKind::thread_start && scopes_.scopes_of(event).empty()) mark(function);
        if (scopes_.leaves_running(event)) mark(function);
        if (event.kind == EventKind::call)
          if (const FunctionFact* callee = project_.function(event.callee); callee && is_task(*callee))
            mark(function);
      }
  while (!worklist.empty()) {
    const FunctionFact* function = worklist.back();
    worklist.pop_back();
    if (auto it = callers.find(function); it != callers.end())
      for (const FunctionFact* caller : it->second) mark(caller);
  }

  for (const FunctionFact* function : project_.functions()) {
    // In `main`, calls made before any thread exists are start-up. In any
    // other function, what runs after it started a thread itself runs
    // alongside that thread, however serial the function's own callers are
    // (a start-up helper that starts the workers, then fills a table they
    // read). A thread started by a callee may have been joined there (a test
    // that runs the threaded tests one after another): not counted.
    // A thread the function joins before it returns runs alongside the
    // region between its start and its join only (ThreadScopes).
    std::vector<bool> started_before;  // per block: threads may have started on entry
    const bool is_main = function->has(function_flags::main);
    auto leaves_running = [&](const Event& e) { return scopes_.leaves_running(e); };
    llvm::DenseSet<const Event*> in_scope;  // events some scoped thread of this function runs alongside
    for (const ThreadScope* scope : scopes_.scopes_in(*function))
      in_scope.insert(scope->region.begin(), scope->region.end());
    const bool starts =
        is_main ||
        llvm::any_of(function->blocks, [&](const Block& block) { return llvm::any_of(block.events, leaves_running); });
    if (starts) {
      const size_t count = function->blocks.size();
      std::vector<bool> in(count, false), out(count, false);
      for (unsigned round = 0; round < count + 2; ++round) {
        bool changed = false;
        for (uint32_t b = 0; b < count; ++b) {
          bool started = in[b];
          for (const Event& event : function->blocks[b].events) {
            if (leaves_running(event)) started = true;
            if (event.kind == EventKind::call && is_main)
              for (const FunctionFact* target : targets_of(event))
                if (starts_threads_.contains(target)) started = true;
          }
          if (started != out[b]) out[b] = started, changed = true;
          for (uint32_t succ : function->blocks[b].successors)
            if (out[b] && !in[succ]) in[succ] = true, changed = true;
        }
        if (!changed) break;
      }
      started_before = std::move(in);
    }
    auto& edges = edges_[function];
    for (uint32_t b = 0; b < function->blocks.size(); ++b) {
      bool started = starts && started_before[b];
      for (const Event& event : function->blocks[b].events) {
        const bool alongside = started || in_scope.contains(&event);
        if (is_main && !alongside) before_threads_.insert(&event);
        if (!is_main && alongside) after_thread_start_.insert(&event);
        uint32_t override_context = 0;
        if (event.has(event_flags::once_init)) override_context = contexts::once;
        else if (is_main && !alongside) override_context = contexts::startup;
        // A test program's own `main` has no context of its own (test code):
        // what it runs after starting a thread runs alongside it, as there.
        const uint32_t extra_context =
            alongside && (!is_main || function->has(function_flags::test_code)) ? contexts::main : 0;
        if (is_call(event))
          for (const FunctionFact* target : targets_of(event))
            edges.push_back({target, event.loc, override_context, extra_context});
        if (event.kind == EventKind::call) {
          for (const Arg* arg : callables_.invoked_args(event))
            if (arg->kind == ArgKind::lambda || arg->kind == ArgKind::function)
              if (const FunctionFact* target = project_.function(arg->function))
                edges.push_back({target, event.loc, override_context, extra_context});
          if (is_main)
            for (const FunctionFact* target : targets_of(event))
              if (starts_threads_.contains(target)) started = true;
        }
        if (leaves_running(event)) started = true;
      }
    }
  }
}

void Reach::propagate() {
  llvm::DenseMap<const FunctionFact*, unsigned> incoming;
  for (const auto& [from, edges] : edges_)
    for (const Edge& edge : edges)
      if (edge.to != from) ++incoming[edge.to];

  // Thread and task entries, and where they are started.
  // An entry started in several places keeps the first, which its notes show.
  std::vector<std::pair<const FunctionFact*, PathStep>> entries;
  llvm::DenseSet<const FunctionFact*> entry_functions;
  for_each_installed(EventKind::thread_start, [&](const FunctionFact* target, PathStep started, const Event* start) {
    if (entry_functions.insert(target).second) entries.push_back({target, started});
    // Not joined by its starter (for a callable passed on, the function
    // that starts its parameter): it may run alongside anything.
    const llvm::ArrayRef<const ThreadScope*> scopes = start ? scopes_.scopes_of(*start) : llvm::ArrayRef<const ThreadScope*>();
    if (!scopes.empty()) llvm::append_range(entry_scopes_[target], scopes);
    else unscoped_entries_.insert(target);
  });
  for (const FunctionFact* function : project_.functions())
    if (is_task(*function)) {
      unscoped_entries_.insert(function);
      if (entry_functions.insert(function).second) entries.push_back({function, {function, function->loc}});
    }

  // Roots.
  std::deque<const FunctionFact*> worklist;
  auto seed = [&](const FunctionFact* function, uint32_t bits) {
    if (bits & contexts::external) external_roots_.insert(function);
    uint32_t& slot = contexts_[function];
    if ((slot | bits) != slot) {
      slot |= bits;
      worklist.push_back(function);
    }
  };
  for (const auto& [entry, started] : entries) {
    seed(entry, contexts::thread);
    thread_started_at_.try_emplace(entry, started.at);
    thread_parent_.try_emplace(entry, started);
  }
  for (const FunctionFact* function : project_.functions()) {
    if (function->has(function_flags::main) && !function->has(function_flags::test_code))
      seed(function, contexts::main);
    if (function->has(function_flags::static_init) || function->has(function_flags::startup))
      seed(function, contexts::startup);
    if (project_.runs_once(function->id)) seed(function, contexts::once);
    // Callers other than itself: a recursive function is still a root.
    const bool no_callers = !incoming.count(function);
    const bool entry = entry_functions.contains(function);
    // The loader calls a constructor-attribute function at start-up, and
    // nothing else does: it is a start-up root (above), not an entry point.
    // A method kept as a pointer to member runs where the class calls it back,
    // and a function only stored in the project's function pointers
    // (`ops->read = my_read`, a static table) where the project calls
    // through them, when it does.
    const bool escapes = project_.address_taken(function->id) && project_.member_pointer_callers(*function).empty() &&
                         (project_.address_escapes(function->id) || !pointer_called_.contains(function));
    if ((no_callers || escapes) && !entry &&
        !function->has(function_flags::static_init) && !function->has(function_flags::startup) &&
        !function->has(function_flags::main) && !project_.runs_once(function->id) &&
        !project_.never_runs(*function)) {
      if (escapes) escaped_roots_.insert(function);
      if (function->has(function_flags::test_code)) seed(function, contexts::test);
      else seed(function, project_.has_main() ? contexts::main : contexts::external);
    }
  }
  // Contexts flow along edges; a path from an entry is remembered for notes.
  flow(worklist);
  // Cycles nothing else calls (A calls B calls A): their callers are unknown too.
  for (const FunctionFact* function : project_.functions())
    if (!contexts_.count(function) && !function->has(function_flags::static_init) &&
        !project_.never_runs(*function)) {
      seed(function, function->has(function_flags::test_code) ? contexts::test
                     : project_.has_main()                     ? contexts::main
                                                               : contexts::external);
      flow(worklist);
    }
}

void Reach::for_each_installed(EventKind kind,
                               llvm::function_ref<void(const FunctionFact*, PathStep, const Event*)> found) const {
  // A function that installs its parameter, with the event that installs it.
  llvm::DenseMap<std::pair<const FunctionFact*, uint32_t>, const Event*> params;
  for (const FunctionFact* function : project_.functions())
    for (const auto& block : function->blocks)
      for (const auto& event : block.events) {
        if (event.kind != kind || event.args.empty()) continue;
        const Arg& entry = event.args.front();
        if (entry.kind == ArgKind::lambda || entry.kind == ArgKind::function) {
          if (const FunctionFact* target = project_.function(entry.function)) {
            // `pool.Post (task)`: handed to a function that runs it elsewhere.
            const FunctionFact* runner = event.callee.empty() ? nullptr : project_.function(event.callee);
            found(target, {function, event.loc, runner ? llvm::StringRef(runner->name) : llvm::StringRef()}, &event);
          }
        } else if (entry.kind == ArgKind::param) {
          params.try_emplace({function, entry.index}, &event);
        }
      }
  // A function that installs its parameter: what its callers pass is installed.
  for (unsigned round = 0; round < kMaxRounds && !params.empty(); ++round) {
    std::vector<std::pair<std::pair<const FunctionFact*, uint32_t>, const Event*>> added;
    for (const auto& [key, installed] : params)
      for (const CallSite& site : project_.callers(key.first->id)) {
        if (key.second >= site.event->args.size()) continue;
        const Arg& arg = site.event->args[key.second];
        if (arg.kind == ArgKind::lambda || arg.kind == ArgKind::function) {
          if (const FunctionFact* target = project_.function(arg.function))
            found(target, {site.caller, site.event->loc, key.first->name}, installed);
        } else if (arg.kind == ArgKind::param && !params.contains({site.caller, arg.index})) {
          added.push_back({{site.caller, arg.index}, installed});
        }
      }
    if (added.empty()) break;
    for (const auto& [key, installed] : added) params.try_emplace(key, installed);
  }
}

void Reach::reach_from_signal_handlers() {
  // A path that waits for a lock is not kept async-signal-safe (a handler
  // that calls a library's disconnect, which locks): what lies beyond it says
  // nothing about the hooks it calls, so the walk stops there. A try-lock
  // that gives up (absl's symbolizer) does not wait.
  auto takes_lock = [&](const FunctionFact& function) {
    for (const auto& block : function.blocks)
      for (const auto& event : block.events) {
        if (event.kind == EventKind::acquire && event.has(event_flags::definitely)) return true;
        if (event.kind == EventKind::guard_begin && event.has(event_flags::owns) &&
            event.has(event_flags::definitely))
          return true;
        if (event.kind == EventKind::call &&
            llvm::any_of(locks_.effects(event.callee), [](const LockEffect& e) { return e.acquire && e.definitely; }))
          return true;
      }
    return false;
  };
  std::vector<const FunctionFact*> worklist;
  llvm::DenseSet<const FunctionFact*> seen;  // reached, or where the walk stopped at a lock
  auto visit = [&](const FunctionFact* function) {
    if (!seen.insert(function).second || takes_lock(*function)) return false;
    signal_reached_.insert(function);
    return true;
  };
  // Handlers, also those installed through a helper's parameter
  // (`install(SIGSEGV, on_crash)` -> `act.sa_sigaction = handler`).
  for_each_installed(EventKind::signal_handler, [&](const FunctionFact* handler, PathStep, const Event*) {
    if (visit(handler)) worklist.push_back(handler);
  });
  walk_calls(std::move(worklist), visit);
  // Signal safety is a property of the code as written: every instantiation
  // of a template one handler reaches runs the same code with the same hooks
  // (absl's Unwind<true, true> in the failure handler, Unwind<false, false> in
  // the deadlock detector).
  llvm::StringSet<> patterns;
  for (const FunctionFact* function : signal_reached_)
    if (!function->pattern.empty()) patterns.insert(function->pattern);
  for (const FunctionFact* function : project_.functions())
    if (!function->pattern.empty() && patterns.contains(function->pattern) && !takes_lock(*function))
      signal_reached_.insert(function);
  // A hook variable the handler's code calls holds signal-safe code only,
  // also where other code calls it. A field reached through a pointer is any
  // object's (keys are instance-insensitive), so only static storage counts.
  for (const FunctionFact* function : signal_reached_)
    for (const auto& block : function->blocks)
      for (const auto& event : block.events)
        if (event.kind == EventKind::foreign && !event.ref.empty())
          if (const std::string key = canonical_key(event.ref, function->id); llvm::StringRef(key).starts_with("g:"))
            signal_hooks_.insert(key);
}

bool Reach::signal_safe_hook(const FunctionFact& function, const Event& call) const {
  if (signal_hooks_.empty() || call.ref.empty()) return false;
  return signal_hooks_.contains(canonical_key(call.ref, function.id));
}

void Reach::flow(std::deque<const FunctionFact*>& worklist) {
  auto seed = [&](const FunctionFact* function, uint32_t bits) {
    uint32_t& slot = contexts_[function];
    if ((slot | bits) != slot) {
      slot |= bits;
      worklist.push_back(function);
    }
  };
  while (!worklist.empty()) {
    const FunctionFact* function = worklist.front();
    worklist.pop_front();
    const uint32_t bits = contexts_[function];
    auto it = edges_.find(function);
    if (it == edges_.end()) continue;
    for (const Edge& edge : it->second) {
      const uint32_t flow = (edge.override_context ? edge.override_context : bits) | edge.extra_context;
      if ((flow & contexts::thread) && !thread_parent_.count(edge.to))
        thread_parent_[edge.to] = {function, edge.at};
      if ((flow & contexts::external) && !external_roots_.contains(edge.to) && !external_parent_.count(edge.to))
        external_parent_[edge.to] = {function, edge.at};
      seed(edge.to, flow);
    }
  }
}

uint32_t Reach::contexts_of(const FunctionFact& function) const {
  auto it = contexts_.find(&function);
  return it == contexts_.end() ? 0 : it->second;
}

bool Reach::startup_only(const FunctionFact& function) const {
  const uint32_t bits = contexts_of(function);
  return bits != 0 && (bits & ~(contexts::startup | contexts::once)) == 0;
}

bool Reach::serial_test_only(const FunctionFact& function) const {
  return contexts_of(function) == contexts::test;
}

bool Reach::serial_only(const FunctionFact& function) const {
  const uint32_t bits = contexts_of(function);
  return bits != 0 && (bits & ~(contexts::startup | contexts::once | contexts::test)) == 0;
}

std::vector<PathStep> Reach::path_up(const FunctionFact& function,
                                     const llvm::DenseMap<const FunctionFact*, PathStep>& parents,
                                     llvm::function_ref<bool(const FunctionFact&)> ends_at) const {
  std::vector<PathStep> path{{&function, {}}};
  const FunctionFact* current = &function;
  llvm::DenseSet<const FunctionFact*> seen{current};
  while (true) {
    auto it = parents.find(current);
    if (it == parents.end()) break;
    path.push_back(it->second);  // the caller, at its call of `current`
    if (ends_at(*current)) break;
    current = it->second.function;
    if (!current || !seen.insert(current).second) break;
  }
  std::reverse(path.begin(), path.end());
  return path;
}

std::vector<const FunctionFact*> Reach::reached_as(const FunctionFact& function, const Event& event) const {
  namespace f = function_flags;
  // Ways a specialization does not stand for: a call through a pointer,
  // virtual dispatch, a thread start, a hand-over, code outside the project.
  if (function.has(f::specialization) || function.has(f::address_taken) || function.has(f::virtual_method) ||
      function.has(f::main) || (function.has(f::external) && !project_.in_program_file(function)) ||
      pointer_called_.contains(&function) || is_entry(function) || !project_.hand_overs(function.id).empty() ||
      !project_.member_pointer_callers(function).empty())
    return {&function};
  const auto& callers = project_.callers(function.id);
  if (callers.empty()) return {&function};
  std::vector<const FunctionFact*> out;
  for (const CallSite& site : callers) {
    const Event& call = *site.event;
    if (call.kind != EventKind::call || call.has(event_flags::virtual_call) || call.callee == function.id ||
        project_.original(call.callee) != function.id)
      return {&function};
    const FunctionFact* copy = project_.function(call.callee);
    if (!copy) return {&function};
    // A copy keeps the event's identity unless its constants emptied the block.
    if (project_.event(*copy, event.id) && !llvm::is_contained(out, copy)) out.push_back(copy);
  }
  return out;
}

std::vector<PathStep> Reach::thread_path(const FunctionFact& function) const {
  if (!(contexts_of(function) & contexts::thread)) return {};
  // An entry's parent is the step that starts it: the last one taken.
  return path_up(function, thread_parent_,
                 [&](const FunctionFact& step) { return thread_started_at_.count(&step) != 0; });
}

std::vector<PathStep> Reach::external_path(const FunctionFact& function) const {
  if (!(contexts_of(function) & contexts::external)) return {};
  // A library entry has no parent: the walk ends there.
  return path_up(function, external_parent_, [](const FunctionFact&) { return false; });
}

void Reach::walk_calls(std::vector<const FunctionFact*> worklist,
                       llvm::function_ref<bool(const FunctionFact*)> visit) const {
  while (!worklist.empty()) {
    const FunctionFact* function = worklist.back();
    worklist.pop_back();
    if (auto it = edges_.find(function); it != edges_.end())
      for (const Edge& edge : it->second)
        if (visit(edge.to)) worklist.push_back(edge.to);
  }
}

void Reach::reach_scoped_threads() {
  // What runs on a thread that may outlive its starter's join (or has none),
  // then, per scoped entry, what its thread runs.
  auto walk = [&](const FunctionFact* from, llvm::function_ref<bool(const FunctionFact*)> visit) {
    if (visit(from)) walk_calls({from}, visit);
  };
  for (const FunctionFact* entry : unscoped_entries_)
    walk(entry, [&](const FunctionFact* function) { return unscoped_reached_.insert(function).second; });
  for (const auto& [entry, scopes] : entry_scopes_) {
    if (unscoped_entries_.contains(entry)) continue;
    llvm::DenseSet<const FunctionFact*> seen;
    walk(entry, [&](const FunctionFact* function) {
      if (!seen.insert(function).second) return false;
      auto& list = scoped_threads_[function];
      for (const ThreadScope* scope : scopes)
        if (!llvm::is_contained(list, scope)) list.push_back(scope);
      return true;
    });
  }
}

llvm::ArrayRef<const ThreadScope*> Reach::only_scoped_threads(const FunctionFact& function) const {
  if (unscoped_reached_.contains(&function)) return {};
  auto it = scoped_threads_.find(&function);
  return it == scoped_threads_.end() ? llvm::ArrayRef<const ThreadScope*>() : llvm::ArrayRef(it->second);
}

bool Reach::runs_during(const ThreadScope& scope, const FunctionFact& function, const Event* event) const {
  // A starter that may itself run twice at once starts two such threads.
  if (contexts_of(*scope.function) & (contexts::thread | contexts::external)) return true;
  // Threads that are not scoped run alongside anything.
  if (unscoped_reached_.contains(&function)) return true;
  if (&function == scope.function) return !event || scope.region.contains(event);
  auto [it, fresh] = during_.try_emplace(&scope);
  Region& region = it->second;
  if (fresh) {
    // The starter's calls in the region, the threads it starts there, and
    // what those run; foreign code there may do anything.
    std::set<Loc> at;
    std::vector<const FunctionFact*> worklist;
    auto visit = [&](const FunctionFact* target) { return target && region.reached.insert(target).second; };
    auto add = [&](const FunctionFact* target) {
      if (visit(target)) worklist.push_back(target);
    };
    for (const Event* inner : scope.region) {
      at.insert(inner->loc);
      if (inner->kind == EventKind::foreign && !inner->has(event_flags::member_pointer) &&
          !callables_.pointer_targets(*scope.function, *inner))
        region.runs_foreign_code = true;
      if (inner->kind == EventKind::thread_start && !inner->args.empty()) {
        const Arg& entry = inner->args.front();
        if (entry.kind == ArgKind::lambda || entry.kind == ArgKind::function) add(project_.function(entry.function));
        else region.runs_foreign_code = true;
      }
    }
    if (auto edges = edges_.find(scope.function); edges != edges_.end())
      for (const Edge& edge : edges->second)
        if (at.count(edge.at)) add(edge.to);
    // The threads those calls start run during the region too, joined later
    // or not: `t2.start (w2)` on a thread class of the project whose `start`
    // constructs a std::thread running `target.run ()`. Each function is
    // read for its thread starts once, when the walk first reaches it.
    std::vector<const FunctionFact*> started;
    auto read_starts = [&](const FunctionFact* reached) {
      for (const auto& block : reached->blocks)
        for (const auto& inner : block.events)
          if (inner.kind == EventKind::thread_start && !inner.args.empty() &&
              (inner.args.front().kind == ArgKind::lambda || inner.args.front().kind == ArgKind::function))
            if (const FunctionFact* entry = project_.function(inner.args.front().function)) started.push_back(entry);
    };
    auto visit_reading_starts = [&](const FunctionFact* target) {
      if (!visit(target)) return false;
      read_starts(target);
      return true;
    };
    for (const FunctionFact* first : worklist) read_starts(first);
    walk_calls(std::move(worklist), visit_reading_starts);
    while (!started.empty() && !region.runs_foreign_code) {
      std::vector<const FunctionFact*> entries;
      for (const FunctionFact* entry : std::exchange(started, {}))
        if (visit_reading_starts(entry)) entries.push_back(entry);
      walk_calls(std::move(entries), visit_reading_starts);
    }
  }
  if (region.runs_foreign_code || region.reached.contains(&function)) return true;
  // `on_timeout`, stored by the public `timer_init` and called through the
  // timer's pointer by a client thread started there.
  if (!reached_from_escaped(function)) return false;
  if (!region.reaches_foreign_code) {
    region.reaches_foreign_code = llvm::any_of(region.reached, [&](const FunctionFact* reached) {
      return llvm::any_of(reached->blocks, [&](const Block& block) {
        return llvm::any_of(block.events, [&](const Event& inner) {
          return inner.kind == EventKind::foreign && !inner.has(event_flags::member_pointer) &&
                 !callables_.pointer_targets(*reached, inner);
        });
      });
    });
  }
  return *region.reaches_foreign_code;
}

bool Reach::reached_from_escaped(const FunctionFact& function) const {
  if (!escaped_reached_) {
    escaped_reached_.emplace();
    std::vector<const FunctionFact*> worklist(escaped_roots_.begin(), escaped_roots_.end());
    for (const FunctionFact* root : escaped_roots_) escaped_reached_->insert(root);
    walk_calls(std::move(worklist), [&](const FunctionFact* next) { return escaped_reached_->insert(next).second; });
  }
  return escaped_reached_->contains(&function);
}

bool Reach::starts_threads(const FunctionFact& function) const {
  return starts_threads_.contains(&function);
}

void Reach::compute_started_on_main() {
  // What each function's own events start, and what a function that leaves
  // threads running starts through its callees (a start-up helper).
  InstalledAt installed_at;
  for_each_installed(EventKind::thread_start, [&](const FunctionFact* target, PathStep started, const Event*) {
    auto& list = installs_[started.function];
    if (!llvm::is_contained(list, target)) list.push_back(target);
    auto& at = installed_at[{started.function, started.at}];
    if (!llvm::is_contained(at, target)) at.push_back(target);
  });
  for (const FunctionFact* function : project_.functions())
    if (is_task(*function)) installs_[function];  // a task's own body: not a thread main starts
  // Each program's `main` in its own order (a project may build a server
  // and its tools): a function several programs call gets what any of them
  // has started there.
  auto is_program_main = [](const FunctionFact* function) {
    return function->has(function_flags::main) && !function->has(function_flags::test_code);
  };
  std::vector<const FunctionFact*> mains;
  for (const FunctionFact* function : project_.functions())
    if (is_program_main(function) && !function->blocks.empty()) mains.push_back(function);
  if (mains.empty()) return;
  // Per callee that leaves threads running: the entries it may leave
  // running, or unknown (a thread started on an object, a task).
  llvm::DenseMap<const FunctionFact*, Started> leaves;
  auto leaves_of = [&](const FunctionFact* function) -> Started {
    Started out = llvm::SmallVector<const FunctionFact*, 4>{};
    llvm::DenseSet<const FunctionFact*> seen{function};
    std::vector<const FunctionFact*> work{function};
    while (!work.empty()) {
      const FunctionFact* at = work.back();
      work.pop_back();
      if (auto it = installs_.find(at); it != installs_.end())
        for (const FunctionFact* entry : it->second)
          if (!llvm::is_contained(*out, entry)) out->push_back(entry);
      for (const auto& block : at->blocks)
        for (const auto& event : block.events)
          if (scopes_.leaves_running(event) && !installed_at.count({at, event.loc}))
            return std::nullopt;
      if (auto it = edges_.find(at); it != edges_.end())
        for (const Edge& edge : it->second)
          if (starts_threads_.contains(edge.to) && seen.insert(edge.to).second) work.push_back(edge.to);
    }
    return out;
  };
  llvm::DenseMap<const FunctionFact*, bool> seen;
  std::vector<const FunctionFact*> work;
  auto reach = [&](const FunctionFact* to, const Started& started) {
    if (is_program_main(to)) return;
    bool& was = seen[to];
    bool now = was;
    if (merge(started_on_main_[to], started, now) || !was) work.push_back(to);
    was = now;
  };
  // Each callee's, once.
  auto cached_leaves = [&](const FunctionFact* target) -> const Started& {
    auto it = leaves.find(target);
    if (it == leaves.end()) it = leaves.try_emplace(target, leaves_of(target)).first;
    return it->second;
  };
  for (const FunctionFact* main : mains) follow_main(*main, installed_at, cached_leaves, reach);
  while (!work.empty()) {
    const FunctionFact* function = work.back();
    work.pop_back();
    const Started started = started_on_main_[function];
    if (auto it = edges_.find(function); it != edges_.end())
      for (const Edge& edge : it->second)
        // After the function started a thread itself: not known which.
        reach(edge.to, edge.extra_context ? Started() : started);
  }
  // What also runs from other roots of the main thread's context (functions
  // nothing calls, escaped callbacks) runs at times the project does not show.
  std::vector<const FunctionFact*> roots;
  for (const FunctionFact* function : project_.functions())
    if (!is_program_main(function) && (contexts_of(*function) & contexts::main) && !started_on_main_.count(function))
      roots.push_back(function);
  for (const FunctionFact* function : escaped_roots_) roots.push_back(function);
  llvm::DenseSet<const FunctionFact*> unknown;
  while (!roots.empty()) {
    const FunctionFact* function = roots.back();
    roots.pop_back();
    if (is_program_main(function) || !unknown.insert(function).second) continue;
    started_on_main_[function].reset();
    if (auto it = edges_.find(function); it != edges_.end())
      for (const Edge& edge : it->second) roots.push_back(edge.to);
  }
}

void Reach::follow_main(const FunctionFact& main, const InstalledAt& installed_at,
                        llvm::function_ref<const Started&(const FunctionFact*)> leaves_of,
                        llvm::function_ref<void(const FunctionFact*, const Started&)> reach) {
  // `main`'s calls and what each runs, once: the flow below visits them every round.
  llvm::DenseMap<const Event*, std::vector<const FunctionFact*>> main_targets;
  for (const auto& block : main.blocks)
    for (const auto& event : block.events)
      if (is_call(event)) main_targets[&event] = call_targets(project_, callables_, main, event);
  // `main`'s own flow: the threads started on some path to each event.
  const size_t count = main.blocks.size();
  std::vector<Started> in(count);
  std::vector<bool> in_seen(count, false);
  auto step = [&](const Event& event, Started& started) {
    auto add = [&](const Started& more) {
      bool seen = true;
      merge(started, more, seen);
    };
    if (auto it = installed_at.find({&main, event.loc}); it != installed_at.end())
      add(Started(llvm::SmallVector<const FunctionFact*, 4>(it->second.begin(), it->second.end())));
    else if (scopes_.leaves_running(event))
      started.reset();
    if (auto targets = main_targets.find(&event); targets != main_targets.end())
      for (const FunctionFact* target : targets->second)
        if (starts_threads_.contains(target)) add(leaves_of(target));
  };
  in[main.entry_block] = llvm::SmallVector<const FunctionFact*, 4>{};
  in_seen[main.entry_block] = true;
  for (unsigned round = 0; round < count + 2; ++round) {
    bool changed = false;
    for (uint32_t b = 0; b < count; ++b) {
      if (!in_seen[b]) continue;
      Started started = in[b];
      for (const Event& event : main.blocks[b].events) step(event, started);
      for (uint32_t succ : main.blocks[b].successors) {
        bool seen = in_seen[succ];
        if (merge(in[succ], started, seen)) changed = true;
        in_seen[succ] = seen;
      }
    }
    if (!changed) break;
  }
  // Down the calls from `main`: a function runs on the main thread with
  // the threads started where `main` (or a caller below it) calls it.
  for (uint32_t b = 0; b < count; ++b) {
    if (!in_seen[b]) continue;
    Started started = in[b];
    for (const Event& event : main.blocks[b].events) {
      started_at_main_event_[&event] = started;
      if (auto targets = main_targets.find(&event); targets != main_targets.end()) {
        for (const FunctionFact* target : targets->second) reach(target, started);
        if (event.kind == EventKind::call)
          for (const Arg* arg : callables_.invoked_args(event))
            if (arg->kind == ArgKind::lambda || arg->kind == ArgKind::function)
              if (const FunctionFact* target = project_.function(arg->function)) reach(target, started);
      }
      step(event, started);
    }
  }
}

void Reach::compute_main_thread_only() {
  // What any `main` reaches (a test program's own `main` too: it is that
  // process's main thread), and what anything else reaches: a function no
  // `main` reaches, or one whose address escapes, and what they call.
  auto closure = [&](std::vector<const FunctionFact*> work, llvm::DenseSet<const FunctionFact*>& into) {
    while (!work.empty()) {
      const FunctionFact* function = work.back();
      work.pop_back();
      if (!into.insert(function).second) continue;
      if (auto it = edges_.find(function); it != edges_.end())
        for (const Edge& edge : it->second)
          if (!edge.to->has(function_flags::main)) work.push_back(edge.to);
    }
  };
  std::vector<const FunctionFact*> mains;
  for (const FunctionFact* function : project_.functions())
    if (function->has(function_flags::main)) mains.push_back(function);
  closure(mains, reached_from_main_);
  std::vector<const FunctionFact*> others(escaped_roots_.begin(), escaped_roots_.end());
  for (const FunctionFact* function : project_.functions())
    if (!reached_from_main_.contains(function)) others.push_back(function);
  closure(std::move(others), reached_off_main_);
}

const llvm::DenseSet<const FunctionFact*>& Reach::reached_from_entry(const FunctionFact& entry) const {
  auto [it, inserted] = entry_reach_.try_emplace(&entry);
  if (!inserted) return it->second;
  llvm::DenseSet<const FunctionFact*> reached{&entry};
  std::vector<const FunctionFact*> work{&entry};
  while (!work.empty()) {
    const FunctionFact* function = work.back();
    work.pop_back();
    if (auto found = edges_.find(function); found != edges_.end())
      for (const Edge& edge : found->second)
        if (reached.insert(edge.to).second) work.push_back(edge.to);
    // A thread it starts in turn.
    if (auto found = installs_.find(function); found != installs_.end())
      for (const FunctionFact* started : found->second)
        if (reached.insert(started).second) work.push_back(started);
  }
  return entry_reach_[&entry] = std::move(reached);
}

bool Reach::main_thread_only(const FunctionFact& function) const {
  if (contexts_of(function) & (contexts::thread | contexts::external)) return false;
  return reached_from_main_.contains(&function) && !reached_off_main_.contains(&function) &&
         !in_signal_handler(function);
}

bool Reach::before_threads_reaching(const FunctionFact& function, const Event* event,
                                    const FunctionFact& other) const {
  // Only code that runs on the main thread alone: not on a thread, not a
  // library entry, not a callback of a framework.
  const uint32_t bits = contexts_of(function);
  if (bits & (contexts::thread | contexts::external | contexts::test)) return false;
  if (event && after_thread_start(*event)) return false;
  const Started* started = nullptr;
  if (function.has(function_flags::main)) {
    if (!event) return false;
    auto it = started_at_main_event_.find(event);
    if (it == started_at_main_event_.end()) return false;
    started = &it->second;
  } else {
    auto it = started_on_main_.find(&function);
    if (it == started_on_main_.end()) return false;
    started = &it->second;
  }
  if (!*started) return false;
  // Reached as a root too (no callers, an escaped address): not only from main.
  if (escaped_roots_.contains(&function) || external_roots_.contains(&function)) return false;
  for (const FunctionFact* entry : **started)
    if (reached_from_entry(*entry).contains(&other)) return false;
  return true;
}

}  // namespace concur::analyzer_internal

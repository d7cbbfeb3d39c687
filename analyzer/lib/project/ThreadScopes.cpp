#include "project/ThreadScopes.h"

#include "llvm/ADT/STLExtras.h"

#include <utility>
#include <vector>

namespace concur::analyzer_internal {
namespace {

/// Fields deep enough for a thread owned through a few objects
/// (sink.writer_.th_); longer paths come from recursion and are dropped.
constexpr size_t kMaxHandlePath = 8;

/// The last thread start of a block: the one whose status its branch tests.
const Event* last_start_in(const Block& block) {
  for (auto it = block.events.rbegin(); it != block.events.rend(); ++it)
    if (it->kind == EventKind::thread_start) return &*it;
  return nullptr;
}

/// The same holder (display text aside: `t` and `this->t` spell one place).
bool same_holder(const Ref& a, const Ref& b) {
  return a.root == b.root && a.base == b.base && a.index == b.index && a.path == b.path;
}

/// A call that runs `callee` itself on the object `ref` names.
bool direct_call_on_object(const Event& event) {
  return event.kind == EventKind::call && !event.has(event_flags::virtual_call) && !event.ref.empty();
}

/// The edge to `next` is taken when `handle` holds no thread
/// (`if (t.joinable ())` is false): nothing to join on it.
bool idle_edge(const Block& block, uint32_t next, const Ref& handle) {
  return block.idle_successor == next && same_holder(block.idle_handle, handle);
}

/// The edge to `next` is taken when the pointer to the object that holds
/// `handle` is null (`if (!d) return 1;` after `d = svcd_start (n)`): there is
/// no such object, so no thread held in it to join.
bool null_holder_edge(const Block& block, uint32_t next, const Ref& handle) {
  const Ref& pointer = block.null_pointer;
  return block.null_successor == next && !pointer.empty() && handle.path.size() > pointer.path.size() &&
         ref_prefix(pointer, handle);
}

/// The elements of a container of threads (`workers[]`): started one by one,
/// joined all together by a loop over the container.
bool is_elements(const Ref& handle) { return !handle.path.empty() && handle.path.back() == "[]"; }

/// The edge to `next` leaves a loop that joined every thread of `handle`.
bool joined_all_edge(const Block& block, uint32_t next, const Ref& handle) {
  return block.joined_all_successor == next && same_holder(block.joined_all, handle);
}

/// Appends the scopes `into` does not hold yet.
void add_scopes(std::vector<const ThreadScope*>& into, llvm::ArrayRef<const ThreadScope*> scopes) {
  for (const ThreadScope* scope : scopes)
    if (!llvm::is_contained(into, scope)) into.push_back(scope);
}

}  // namespace

ThreadScopes::ThreadScopes(const Project& project) : project_(&project) {
  // Stores of what a call or a `new` made.
  std::vector<std::pair<const FunctionFact*, const Event*>> stores;
  for (const FunctionFact* function : project.functions())
    for (const auto& block : function->blocks)
      for (size_t i = 0; i < block.events.size(); ++i) {
        const Event& store = block.events[i];
        if (store.kind != EventKind::store_object || store.callee.empty()) continue;
        stores.push_back({function, &store});
        // The call whose result it stores: the nearest one before it, inside
        // the statement (`crew *c = crew_start (4);` and `s.crew = crew_start
        // (4);`, which starts at `s`).
        for (size_t j = i; j-- > 0;)
          if (const Event& call = block.events[j];
              call.kind == EventKind::call && call.callee == store.callee && !(call.loc < store.loc)) {
            stored_result_.try_emplace(&call, &store);
            break;
          }
      }
  summarize_objects(project);

  // Every start, and every call that starts a thread on an object.
  std::vector<std::pair<const FunctionFact*, const Event*>> direct;
  for (const FunctionFact* function : project.functions())
    for (const auto& block : function->blocks)
      for (const auto& event : block.events) {
        if (event.kind != EventKind::thread_start) continue;
        direct.push_back({function, &event});
        std::optional<ThreadScope> scope;
        if (!event.ref.empty()) scope = examine(*function, event, event.ref);
        else if (!event.refs.empty()) scope = examine_handed_task(project, *function, event);
        if (scope) scopes_.try_emplace(&event, std::move(*scope));
        else leaves_running_.insert(&event);
      }
  // `auto* pool = new TaskPool;`: a construction that only the store of the
  // new object records.
  for (const auto& [function, store] : stores)
    if (const FunctionFact* built = project.function(store->callee))
      if (auto it = objects_.find(built); it != objects_.end() && !it->second.starts.empty()) {
        run_untracked_.insert(built);
        leaves_running_.insert(store);
      }
  for (const auto& [method, threads] : objects_) {
    if (threads.starts.empty()) continue;
    for (const CallSite& site : project.callers(method->id)) {
      if (site.event->callee != method->id) continue;
      // An object concur does not follow (`std::make_unique<Crew> (4)`, a
      // temporary): its thread runs on after the call.
      if (!direct_call_on_object(*site.event)) {
        if (!site.event->has(event_flags::virtual_call)) {
          leaves_running_.insert(site.event);
          run_untracked_.insert(method);
        }
        continue;
      }
      if (std::optional<ThreadScope> merged = examine_each(*site.caller, *site.event, started_by(*site.event)))
        scopes_.try_emplace(site.event, std::move(*merged));
      else leaves_running_.insert(site.event);
    }
  }
  // Each stored result of a factory that leaves threads in what it returns.
  for (const auto& [caller, store] : stores) {
    if (run_untracked_.contains(project.function(store->callee))) continue;
    const std::vector<Ref> handles = started_by(*store);
    if (handles.empty()) continue;
    if (std::optional<ThreadScope> merged = examine_each(*caller, *store, handles))
      scopes_.try_emplace(store, std::move(*merged));
    else leaves_running_.insert(store);
  }
  // The map is complete: pointers into it stay valid from here on.
  for (auto& [event, scope] : scopes_) by_function_[scope.function].push_back(&scope);
  // A scope whose threads are several at once (a pool's workers), as a copy
  // marked so, made once per scope.
  llvm::DenseMap<const ThreadScope*, const ThreadScope*> pooled;  // scope -> its `several` copy
  auto make_several = [&](std::vector<const ThreadScope*>& scopes) {
    for (const ThreadScope*& scope : scopes) {
      const ThreadScope*& copy = pooled[scope];
      if (!copy) {
        pool_scopes_.push_back(*scope);
        pool_scopes_.back().several = true;
        copy = &pool_scopes_.back();
      }
      scope = copy;
    }
  };
  for (const auto& [method, start] : direct) {
    if (auto it = scopes_.find(start); it != scopes_.end()) {
      starts_[start] = {&it->second};
      continue;
    }
    if (start->ref.empty() && !start->refs.empty()) continue;  // a hand-over: below
    if (returned_with(*method, *start)) {
      if (std::optional<std::vector<const ThreadScope*>> scopes = receivers(project, *method); scopes && !scopes->empty())
        starts_[start] = std::move(*scopes);
      continue;
    }
    if (start->ref.root != RefRoot::this_object) continue;
    // Started for the object its method runs on: its callers decide.
    if (auto it = objects_.find(method); it == objects_.end() || !it->second.starts.count(start->ref.path)) continue;
    if (std::optional<std::vector<const ThreadScope*>> scopes = owners(project, *method); scopes && !scopes->empty()) {
      // Into a container of handles (`workers_.emplace_back (...)` in a
      // loop): the owner's scope holds several such threads at once.
      if (is_elements(start->ref)) make_several(*scopes);
      starts_[start] = std::move(*scopes);
    }
  }
  // A task handed to an object whose threads this caller does not join runs
  // wherever that class runs its tasks (every thread start above is settled).
  for (const auto& [method, start] : direct)
    if (start->ref.root == RefRoot::this_object && !method->record.empty())
      class_starts_[method->record].push_back(start);
  std::vector<std::pair<const Event*, std::vector<const ThreadScope*>>> handed;
  for (const auto& [method, start] : direct) {
    if (!start->ref.empty() || start->refs.empty() || scopes_.count(start)) continue;
    const FunctionFact* submit = project.function(start->callee);
    if (!submit || submit->record.empty()) continue;
    bool several = false;
    std::optional<std::vector<const ThreadScope*>> scopes = class_scopes(project, submit->record, submit, 0, several);
    if (!scopes || scopes->empty()) continue;
    if (several) make_several(*scopes);
    handed.push_back({start, std::move(*scopes)});
  }
  for (auto& [start, scopes] : handed) starts_[start] = std::move(scopes);
}

std::optional<ThreadScope> ThreadScopes::examine_handed_task(const Project& project, const FunctionFact& function,
                                                             const Event& start) const {
  // The threads the object's class starts into its fields, by any method.
  const FunctionFact* method = project.function(start.callee);
  if (!method || method->record.empty()) return std::nullopt;
  std::set<Path> fields;
  for (const auto& [other, threads] : objects_)
    if (other->record == method->record) fields.insert(threads.starts.begin(), threads.starts.end());
  if (fields.empty()) return std::nullopt;
  // Each of them joined after the hand-over: the task ran on one of them.
  std::vector<Ref> handles;
  for (const Path& field : fields) {
    Ref handle = start.refs.front();
    if (handle.path.size() + field.size() > kMaxHandlePath) return std::nullopt;
    handle.path.insert(handle.path.end(), field.begin(), field.end());
    handles.push_back(std::move(handle));
  }
  return examine_each(function, start, handles, /*repeats=*/true);
}

std::optional<ThreadScope> ThreadScopes::examine_each(const FunctionFact& function, const Event& start,
                                                      const std::vector<Ref>& handles, bool repeats) const {
  std::optional<ThreadScope> merged;
  for (const Ref& handle : handles) {
    std::optional<ThreadScope> scope = examine(function, start, handle, repeats);
    if (!scope) return std::nullopt;
    if (!merged) merged = std::move(scope);
    else merged->region.insert(scope->region.begin(), scope->region.end());
  }
  return merged;
}

llvm::ArrayRef<const ThreadScope*> ThreadScopes::scopes_of(const Event& start) const {
  auto it = starts_.find(&start);
  return it == starts_.end() ? llvm::ArrayRef<const ThreadScope*>() : llvm::ArrayRef(it->second);
}

llvm::ArrayRef<const ThreadScope*> ThreadScopes::scopes_in(const FunctionFact& function) const {
  auto it = by_function_.find(&function);
  return it == by_function_.end() ? llvm::ArrayRef<const ThreadScope*>() : llvm::ArrayRef(it->second);
}

bool ThreadScopes::leaves_running(const Event& event) const { return leaves_running_.contains(&event); }

std::vector<Ref> ThreadScopes::on_receiver(const Event& call, std::set<Path> ObjectThreads::*fields) const {
  std::vector<Ref> out;
  if (!direct_call_on_object(call)) return out;
  const FunctionFact* callee = project_->function(call.callee);
  auto it = callee ? objects_.find(callee) : objects_.end();
  if (it == objects_.end()) return out;
  for (const Path& path : it->second.*fields) {
    if (call.ref.path.size() + path.size() > kMaxHandlePath) continue;
    Ref handle = call.ref;
    handle.path.insert(handle.path.end(), path.begin(), path.end());
    out.push_back(std::move(handle));
  }
  return out;
}

std::vector<Ref> ThreadScopes::started_by(const Event& event) const {
  if (event.kind == EventKind::thread_start) return event.ref.empty() ? std::vector<Ref>{} : std::vector<Ref>{event.ref};
  if (event.kind == EventKind::store_object) {
    std::vector<Ref> out;
    const FunctionFact* factory = event.ref.empty() ? nullptr : project_->function(event.callee);
    auto it = factory ? returned_.find(factory) : returned_.end();
    if (it == returned_.end()) return out;
    for (const Path& path : it->second) {
      if (event.ref.path.size() + path.size() > kMaxHandlePath) continue;
      Ref handle = event.ref;
      handle.display.clear();
      handle.path.insert(handle.path.end(), path.begin(), path.end());
      out.push_back(std::move(handle));
    }
    return out;
  }
  return on_receiver(event, &ObjectThreads::starts);
}

bool ThreadScopes::returned_with(const FunctionFact& function, const Event& start) const {
  auto it = returned_.find(&function);
  return it != returned_.end() && start.ref.root == RefRoot::local && start.ref.index == function.returns_local &&
         it->second.count(start.ref.path);
}

std::vector<Ref> ThreadScopes::joined_by(const Event& event) const {
  if (event.kind == EventKind::thread_join) return {event.ref};
  std::vector<Ref> out = on_receiver(event, &ObjectThreads::joins);
  llvm::append_range(out, through_arguments(event));
  return out;
}

std::vector<Ref> ThreadScopes::through_arguments(const Event& call) const {
  std::vector<Ref> out;
  if (call.kind != EventKind::call || call.has(event_flags::virtual_call)) return out;
  const FunctionFact* callee = project_->function(call.callee);
  auto it = callee ? param_joins_.find(callee) : param_joins_.end();
  if (it == param_joins_.end()) return out;
  for (const auto& [index, path] : it->second) {
    if (index >= call.args.size()) continue;
    const Arg& arg = call.args[index];
    Ref handle = arg.ref;
    if (handle.empty() && arg.kind == ArgKind::param) {  // the caller's own parameter, passed on
      handle.root = RefRoot::param;
      handle.index = arg.index;
    }
    if (handle.empty()) continue;
    // The caller's reference, then the callee's way from its parameter
    // (`&workers` then `*` is `workers`).
    for (const std::string& element : path)
      if (element == "*" && !handle.path.empty() && handle.path.back() == "&") handle.path.pop_back();
      else handle.path.push_back(element);
    if (handle.path.size() > kMaxHandlePath) continue;
    out.push_back(std::move(handle));
  }
  return out;
}

bool ThreadScopes::joins_all(const Event& event, const Ref& handle) const {
  // One thread of a container joined is not all of them: for those, only
  // the end of a loop that joins each, or a call that does, counts.
  if (is_elements(handle) && event.kind == EventKind::thread_join && !event.has(event_flags::all_elements)) return false;
  return llvm::any_of(joined_by(event), [&](const Ref& joined) { return same_holder(joined, handle); });
}

bool ThreadScopes::joins_on_every_path(const FunctionFact& function, const Ref& handle) const {
  if (function.entry_block >= function.blocks.size()) return false;
  std::vector<uint32_t> worklist{function.entry_block};
  llvm::DenseSet<uint32_t> seen{function.entry_block};
  while (!worklist.empty()) {
    const uint32_t b = worklist.back();
    worklist.pop_back();
    const Block& block = function.blocks[b];
    const bool joins = llvm::any_of(block.events, [&](const Event& event) { return joins_all(event, handle); });
    if (joins || block.no_return) continue;
    if (b == function.exit_block) return false;
    for (uint32_t next : block.successors)
      if (next < function.blocks.size() && !idle_edge(block, next, handle) && !joined_all_edge(block, next, handle) &&
          seen.insert(next).second)
        worklist.push_back(next);
  }
  return true;
}

void ThreadScopes::summarize_objects(const Project& project) {
  // Joins first (a start is scoped by the joins after it), each up the call
  // graph to a fixpoint: a method that joins a field's thread on every path
  // makes its callers on `this` join it in that object.
  auto rooted_at_this = [](const Ref& ref) { return ref.root == RefRoot::this_object; };
  auto up_from = [&](const FunctionFact& method, std::vector<const FunctionFact*>& worklist) {
    for (const CallSite& site : project.callers(method.id))
      if (direct_call_on_object(*site.event) && project.original(site.event->callee) == method.id &&
          site.event->ref.root == RefRoot::this_object)
        worklist.push_back(site.caller);
  };
  // A function that joins what its parameter reaches (`join_all (workers)`)
  // makes every caller join what it passes there.
  auto rooted_at_param = [](const Ref& ref) { return ref.root == RefRoot::param; };
  auto to_callers = [&](const FunctionFact& function, std::vector<const FunctionFact*>& worklist) {
    for (const CallSite& site : project.callers(function.id))
      if (site.event->kind == EventKind::call && project.original(site.event->callee) == function.id &&
          !site.event->has(event_flags::virtual_call))
        worklist.push_back(site.caller);
  };
  std::vector<const FunctionFact*> worklist;
  for (const FunctionFact* function : project.functions())
    for (const auto& block : function->blocks)
      for (const auto& event : block.events)
        if (event.kind == EventKind::thread_join && (rooted_at_this(event.ref) || rooted_at_param(event.ref)))
          worklist.push_back(function);
  while (!worklist.empty()) {
    const FunctionFact* function = worklist.back();
    worklist.pop_back();
    bool grew = false, grew_for_callers = false;
    for (const auto& block : function->blocks)
      for (const auto& event : block.events)
        for (const Ref& handle : joined_by(event)) {
          if (rooted_at_this(handle) && !objects_[function].joins.count(handle.path) &&
              joins_on_every_path(*function, handle)) {
            objects_[function].joins.insert(handle.path);
            grew = true;
          }
          if (rooted_at_param(handle) && !param_joins_[function].count({handle.index, handle.path}) &&
              joins_on_every_path(*function, handle)) {
            param_joins_[function].insert({handle.index, handle.path});
            grew_for_callers = true;
          }
        }
    if (grew) up_from(*function, worklist);
    if (grew_for_callers) to_callers(*function, worklist);
  }
  // Then the threads a factory leaves running in the object it returns, up
  // through factories that return what another made (`c = crew_start (n);
  // return c;`).
  auto returned = [](const FunctionFact& function, const Ref& ref) {
    return ref.root == RefRoot::local && ref.index == function.returns_local && !ref.path.empty();
  };
  // Runs `worklist` to a fixpoint: a function records each handle `takes`
  // accepts that it starts a thread into and leaves running (examine finds
  // no scope for it there); `up` then queues who inherits what it records.
  auto record_running = [&](auto takes, auto recorded, auto record, auto up) {
    while (!worklist.empty()) {
      const FunctionFact* function = worklist.back();
      worklist.pop_back();
      bool grew = false;
      for (const auto& block : function->blocks)
        for (const auto& event : block.events)
          for (const Ref& handle : started_by(event))
            if (takes(*function, handle) && !recorded(function, handle.path) && !examine(*function, event, handle)) {
              record(function, handle.path);
              grew = true;
            }
      if (grew) up(*function);
    }
  };
  auto factories_up = [&] {
    record_running(
        returned,
        [&](const FunctionFact* function, const Path& path) {
          auto it = returned_.find(function);
          return it != returned_.end() && it->second.count(path) != 0;
        },
        [&](const FunctionFact* function, const Path& path) { returned_[function].insert(path); },
        [&](const FunctionFact& function) {
          for (const CallSite& site : project.callers(function.id))
            if (site.caller->returns_local != kNoLocal) worklist.push_back(site.caller);
        });
  };
  for (const FunctionFact* function : project.functions())
    if (function->returns_local != kNoLocal)
      for (const auto& block : function->blocks)
        for (const auto& event : block.events)
          if (event.kind == EventKind::thread_start && returned(*function, event.ref)) worklist.push_back(function);
  factories_up();
  // Then the threads a method leaves running in its object, up the same way.
  for (const FunctionFact* function : project.functions())
    for (const auto& block : function->blocks)
      for (const auto& event : block.events)
        if (event.kind == EventKind::thread_start && rooted_at_this(event.ref)) worklist.push_back(function);
  record_running(
      [&](const FunctionFact&, const Ref& handle) { return rooted_at_this(handle); },
      [&](const FunctionFact* function, const Path& path) { return objects_[function].starts.count(path) != 0; },
      [&](const FunctionFact* function, const Path& path) { objects_[function].starts.insert(path); },
      [&](const FunctionFact& function) { up_from(function, worklist); });
  // Then C++ factories that build such an object and return it
  // (`return std::make_unique<Crew> (n);`): the threads go with it.
  for (const FunctionFact* function : project.functions())
    if (function->returns_local != kNoLocal)
      for (const auto& block : function->blocks)
        for (const auto& event : block.events)
          if (event.kind == EventKind::call && returned(*function, event.ref) && !on_receiver(event, &ObjectThreads::starts).empty()) {
            worklist.push_back(function);
            break;
          }
  factories_up();
}

std::optional<ThreadScopes::ScopeList> ThreadScopes::callers_scopes(const Project& project,
                                                                    const FunctionFact& function,
                                                                    const Handover& handover) {
  if (auto it = handover.memo.find(&function); it != handover.memo.end()) return it->second;
  if (!resolving_.insert(&function).second) return std::nullopt;
  // Callers the project does not show: one whose address is taken, one
  // nothing calls (its users call it), and what `callers_shown` rules out.
  std::optional<ScopeList> result;
  const std::vector<CallSite>& sites = project.callers(function.id);
  if (!project.address_taken(function.id) && !sites.empty() && handover.callers_shown(function)) {
    result.emplace();
    for (const CallSite& site : sites) {
      const Event* holder = handover.holder(site, function);
      if (!holder) {
        result.reset();
        break;
      }
      if (auto it = scopes_.find(holder); it != scopes_.end()) {
        add_scopes(*result, &it->second);
        continue;
      }
      std::optional<ScopeList> up;
      if (handover.passes_on(site, *holder)) up = callers_scopes(project, *site.caller, handover);
      else if (handover.returns_it && handover.returns_it(site, *holder)) up = receivers(project, *site.caller);
      if (!up) {
        result.reset();
        break;
      }
      add_scopes(*result, *up);
    }
  }
  resolving_.erase(&function);
  handover.memo[&function] = result;
  return result;
}

std::optional<ThreadScopes::ScopeList> ThreadScopes::owners(const Project& project, const FunctionFact& method) {
  // A virtual method's callers may run another override.
  auto callers_shown = [&](const FunctionFact& f) {
    return !f.has(function_flags::virtual_method) && !run_untracked_.contains(&f);
  };
  auto holder = [&](const CallSite& site, const FunctionFact& callee) -> const Event* {
    return direct_call_on_object(*site.event) && project.original(site.event->callee) == callee.id ? site.event
                                                                                                 : nullptr;
  };
  // A method that calls it on its own object leaves the thread there in turn.
  auto passes_on = [](const CallSite&, const Event& call) { return call.ref.root == RefRoot::this_object; };
  // A factory that builds the object it returns hands the thread to the
  // callers that store it (`auto crew = Crew::Create (4);`).
  auto returns_it = [&](const CallSite& site, const Event& call) {
    return call.ref.root == RefRoot::local && call.ref.index == site.caller->returns_local &&
           call.ref.path == std::vector<std::string>{"*"} && returned_.count(site.caller);
  };
  return callers_scopes(project, method, Handover{callers_shown, holder, passes_on, owners_, returns_it});
}

std::optional<std::vector<const ThreadScope*>> ThreadScopes::class_scopes(const Project& project,
                                                                          const std::string& record,
                                                                          const FunctionFact* submit,
                                                                          unsigned depth, bool& several) const {
  constexpr unsigned kMaxHandOns = 4;
  if (depth > kMaxHandOns) return std::nullopt;
  std::vector<const ThreadScope*> result;
  if (auto starts = class_starts_.find(record); starts != class_starts_.end()) {
    for (const Event* start : starts->second) {
      several = several || starts->second.size() > 1 || is_elements(start->ref);
      auto it = starts_.find(start);
      if (it == starts_.end() || it->second.empty()) return std::nullopt;  // one of its threads runs on
      add_scopes(result, it->second);
    }
    return result;
  }
  // A class with no threads of its own runs its tasks where its submit
  // method hands them on; every such hand-over must resolve.
  if (!submit) return std::nullopt;
  bool hands_on = false;
  for (const auto& block : submit->blocks)
    for (const auto& event : block.events) {
      if (event.kind != EventKind::thread_start || !event.ref.empty() || event.refs.empty()) continue;
      const FunctionFact* next = project.function(event.callee);
      if (!next || next->record.empty() || next->record == record) return std::nullopt;
      std::optional<std::vector<const ThreadScope*>> scopes =
          class_scopes(project, next->record, next, depth + 1, several);
      if (!scopes || scopes->empty()) return std::nullopt;
      hands_on = true;
      add_scopes(result, *scopes);
    }
  if (!hands_on) return std::nullopt;
  return result;
}

std::optional<ThreadScopes::ScopeList> ThreadScopes::receivers(const Project& project,
                                                               const FunctionFact& factory) {
  auto callers_shown = [](const FunctionFact&) { return true; };
  // The store of the call's result; none: it is dropped or passed on unseen.
  auto holder = [&](const CallSite& site, const FunctionFact&) -> const Event* {
    auto stored = stored_result_.find(site.event);
    return stored == stored_result_.end() ? nullptr : stored->second;
  };
  // A factory that returns what it stored hands the threads on in turn.
  auto passes_on = [&](const CallSite& site, const Event& store) {
    return store.ref.root == RefRoot::local && store.ref.index == site.caller->returns_local &&
           returned_.count(site.caller);
  };
  return callers_scopes(project, factory, Handover{callers_shown, holder, passes_on, receivers_});
}

std::optional<ThreadScope> ThreadScopes::examine(const FunctionFact& function, const Event& start,
                                                 const Ref& handle, bool repeats) const {
  // Where the start is: its block and position.
  uint32_t start_block = kNoBlock;
  size_t start_index = 0;
  for (uint32_t b = 0; b < function.blocks.size() && start_block == kNoBlock; ++b)
    for (size_t i = 0; i < function.blocks[b].events.size(); ++i)
      if (&function.blocks[b].events[i] == &start) {
        start_block = b;
        start_index = i;
        break;
      }
  if (start_block == kNoBlock) return std::nullopt;

  ThreadScope scope;
  scope.function = &function;
  scope.start = &start;
  const bool elements = repeats || is_elements(handle);
  // Walk forward from just after the start; a path stops at a join of the
  // handle. Reaching the start again, or the end of the function, before a
  // join: not scoped. A block that never returns (abort) ends its path.
  std::vector<std::pair<uint32_t, size_t>> worklist = {{start_block, start_index + 1}};
  llvm::DenseSet<uint32_t> entered;  // blocks walked from their first event
  bool joined_somewhere = false;
  while (!worklist.empty()) {
    const auto [b, first] = worklist.back();
    worklist.pop_back();
    const Block& block = function.blocks[b];
    bool joined = false;
    for (size_t i = first; i < block.events.size(); ++i) {
      const Event& event = block.events[i];
      // Started again before the join: two at once. Into a container, that
      // is the next element, which the loop that joins them all waits for too
      // (and which runs alongside this one: the start is in the region).
      if (&event == &start && !elements) return std::nullopt;
      if (llvm::any_of(joined_by(event), [&](const Ref& joins) { return same_holder(joins, handle); })) {
        if (!scope.joined_at.valid()) scope.joined_at = event.loc;
        if (joins_all(event, handle)) {
          joined = joined_somewhere = true;
          break;
        }
      }
      scope.region.insert(&event);
    }
    if (joined || block.no_return) continue;
    if (b == function.exit_block) return std::nullopt;
    // `if (pthread_create (&t, ...) != 0) return -1;`: where the start
    // failed, there is no thread to join.
    const bool tests_this_start = b == start_block && block.failed_start_successor != kNoBlock &&
                                  last_start_in(block) == &start;
    for (uint32_t next : block.successors) {
      if (next >= function.blocks.size() || (tests_this_start && next == block.failed_start_successor) ||
          idle_edge(block, next, handle) || null_holder_edge(block, next, handle))
        continue;
      if (joined_all_edge(block, next, handle)) {
        joined_somewhere = true;
        continue;
      }
      if (entered.insert(next).second) worklist.push_back({next, 0});
    }
  }
  if (!joined_somewhere) return std::nullopt;
  return scope;
}

}  // namespace concur::analyzer_internal

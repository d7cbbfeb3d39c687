// A pool the project writes itself hands its tasks to its threads whatever
// its submit method is called. `pool.scheduleOrThrowOnError ([] {...})` runs
// the lambda on the pool's threads when the method keeps the callable it is
// given in a member of its object (`jobs.push_back (std::move (job))`), and a
// function that runs on a thread the class starts reads that member and calls
// a callable (`job = std::move (jobs.front ()); ... job ();`). Such a call is
// a hand-over to those threads, as a call of a `taskSubmitMethods` name is:
// the extractor marks those by name, this marks the others by what they do.
#include "project/Project.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"

#include <map>
#include <optional>
#include <set>

namespace concur::analyzer_internal {
namespace {

/// How far down the class's own methods a thread of the class is followed.
constexpr unsigned kMaxDepth = 3;

bool is_callable_arg(const Arg& arg) {
  return arg.kind == ArgKind::lambda || arg.kind == ArgKind::function || arg.kind == ArgKind::param;
}

/// The member a reference of `this` starts with ("Pool::jobs" for
/// `this->jobs[]`); empty for anything else.
llvm::StringRef member_of(const Ref& ref) {
  if (ref.root != RefRoot::this_object || ref.path.empty()) return {};
  return ref.path.front();
}

}  // namespace

void Project::resolve_handed_tasks() {
  llvm::StringMap<FunctionFact*> by_id;
  for (auto& tu : tus_)
    for (auto& function : tu.functions) by_id.try_emplace(function.id, &function);

  // Per class: the members a method keeps a callable parameter in, with the
  // method and the parameter.
  std::map<std::string, std::map<std::string, std::set<std::pair<std::string, uint32_t>>>> kept;
  // Per class: the functions its threads run, starting from each entry a
  // method of the class starts.
  std::map<std::string, std::vector<const FunctionFact*>> entries;
  for (auto& tu : tus_)
    for (auto& function : tu.functions) {
      if (function.record.empty()) continue;
      for (const auto& block : function.blocks)
        for (const auto& event : block.events) {
          if (event.kind == EventKind::store_callable && !event.args.empty() &&
              event.args.front().kind == ArgKind::param && !member_of(event.ref).empty())
            kept[function.record][member_of(event.ref).str()].insert({function.id, event.args.front().index});
          if (event.kind == EventKind::thread_start && !event.args.empty() && event.refs.empty())
            if (auto it = by_id.find(event.args.front().function); it != by_id.end())
              entries[function.record].push_back(it->second);
        }
    }
  if (kept.empty()) return;

  // The methods whose kept callables a thread of their class runs.
  std::map<std::string, std::set<uint32_t>> handing;  // method id -> parameters
  for (const auto& [record, members] : kept) {
    auto started = entries.find(record);
    if (started == entries.end()) continue;
    // What the class's threads run: each entry, and the class's own methods it calls.
    std::vector<const FunctionFact*> run;
    llvm::DenseSet<const FunctionFact*> seen;
    std::vector<std::pair<const FunctionFact*, unsigned>> work;
    for (const FunctionFact* entry : started->second) work.push_back({entry, 0});
    while (!work.empty()) {
      auto [function, depth] = work.back();
      work.pop_back();
      if (!seen.insert(function).second) continue;
      run.push_back(function);
      if (depth >= kMaxDepth) continue;
      for (const auto& block : function->blocks)
        for (const auto& event : block.events)
          if (event.kind == EventKind::call)
            if (auto it = by_id.find(event.callee); it != by_id.end() && it->second->record == record)
              work.push_back({it->second, depth + 1});
    }
    // A function of those that calls the member (`tick_ ()`), or reads it
    // and calls a callable (`job = std::move (jobs.front ()); job ();`),
    // runs what the member keeps.
    for (const auto& [member, keepers] : members) {
      const bool runs_kept = llvm::any_of(run, [&](const FunctionFact* function) {
        bool reads = false, calls = false;
        for (const auto& block : function->blocks)
          for (const auto& event : block.events) {
            if (event.kind == EventKind::foreign && member_of(event.ref) == member) return true;
            if (event.kind == EventKind::foreign) calls = true;
            if (event.kind == EventKind::access && member_of(event.ref) == member) reads = true;
          }
        return reads && calls;
      });
      if (!runs_kept) continue;
      for (const auto& [method, param] : keepers) handing[method].insert(param);
    }
  }
  if (handing.empty()) return;

  // Each call of such a method with a callable there hands it over: a
  // thread start of the pool's, before the call, as the extractor writes
  // one for `pool.submit (task)`.
  for (auto& tu : tus_)
    for (auto& function : tu.functions) {
      // A fresh event id past the function's own, found on the first insertion.
      std::optional<uint32_t> next_id;
      auto fresh_id = [&] {
        if (!next_id) {
          next_id = 0;
          for (const auto& block : function.blocks)
            for (const auto& event : block.events) next_id = std::max(*next_id, event.id + 1);
        }
        return (*next_id)++;
      };
      for (auto& block : function.blocks)
        for (size_t i = 0; i < block.events.size(); ++i) {
          const Event& call = block.events[i];
          if (call.kind != EventKind::call || call.ref.empty()) continue;
          auto it = handing.find(call.callee);
          if (it == handing.end()) continue;
          // A submit method by name: the extractor already wrote its start.
          if (i > 0 && block.events[i - 1].kind == EventKind::thread_start && block.events[i - 1].loc == call.loc)
            continue;
          for (uint32_t param : it->second) {
            if (param >= call.args.size() || !is_callable_arg(call.args[param])) continue;
            Event start;
            start.kind = EventKind::thread_start;
            start.id = fresh_id();
            start.loc = call.loc;
            start.args.push_back(call.args[param]);
            start.refs.push_back(call.ref);
            start.callee = call.callee;
            if (const auto found = by_id.find(call.callee); found != by_id.end())
              start.text = found->second->name.substr(found->second->name.rfind(':') + 1);
            block.events.insert(block.events.begin() + static_cast<std::ptrdiff_t>(i), std::move(start));
            ++i;  // past the call again
            break;
          }
        }
    }
}

}  // namespace concur::analyzer_internal

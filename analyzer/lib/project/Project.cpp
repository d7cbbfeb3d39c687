#include "project/Project.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <deque>
#include <functional>

namespace concur::analyzer_internal {

uint32_t Project::file_index(const std::string& path) {
  auto [it, inserted] = file_indices_.try_emplace(path, static_cast<uint32_t>(files_.size()));
  if (inserted) files_.push_back(path);
  return it->second;
}

void Project::remap(TuFacts& facts) {
  std::vector<uint32_t> map;
  map.reserve(facts.files.size());
  for (const auto& path : facts.files) map.push_back(file_index(path));
  auto fix = [&](Loc& loc) {
    if (loc.valid() && loc.file < map.size()) loc.file = map[loc.file];
  };
  for (auto& function : facts.functions) {
    fix(function.loc);
    for (auto& block : function.blocks)
      for (auto& event : block.events) fix(event.loc);
    for (auto& candidate : function.lazy) fix(candidate.test);
  }
  for (auto& variable : facts.variables) fix(variable.loc);
}

void Project::add(TuFacts facts) { tus_.push_back(std::move(facts)); }

namespace {

/// The file a variable with internal linkage is defined in, as its USR
/// names it (`static int g_failures;` in main.c: "c:main.c@g_failures"
/// gives "main.c"); empty for any other USR.
llvm::StringRef internal_linkage_file(llvm::StringRef usr) {
  if (!usr.consume_front("c:") || usr.starts_with("@")) return {};
  return usr.take_until([](char c) { return c == '@'; });
}

/// Calls `visit` on the identity of every global variable `tu` names.
template <typename Visit>
void for_each_global(TuFacts& tu, Visit&& visit) {
  auto ref = [&](Ref& r) {
    if (r.root == RefRoot::global && !r.base.empty()) visit(r.base);
  };
  for (auto& variable : tu.variables) visit(variable.id);
  for (auto& lock : tu.recursive_locks) ref(lock.lock);
  for (auto& function : tu.functions) {
    ref(function.returns);
    ref(function.returns_attempt);
    for (auto& guard : function.returned_guard) ref(guard);
    for (auto& lazy : function.lazy) ref(lazy.target);
    for (auto& block : function.blocks) {
      for (Ref* r : {&block.null_pointer, &block.try_locked, &block.idle_handle, &block.joined_all}) ref(*r);
      for (auto& event : block.events) {
        ref(event.ref);
        for (auto& r : event.refs) ref(r);
        for (auto& arg : event.args) ref(arg.ref);
      }
    }
  }
}

}  // namespace

void Project::separate_same_named_definitions() {
  // Several programs of one project may each define `main`, `usage()` or a
  // `put()` of their own: one identity (USR), different definitions. Each TU
  // then calls its own; other TUs reach the first one.
  llvm::StringMap<std::vector<std::pair<size_t, Loc>>> definitions;
  for (size_t t = 0; t < tus_.size(); ++t)
    for (const auto& function : tus_[t].functions) {
      auto& list = definitions[function.id];
      if (llvm::none_of(list, [&](const auto& d) { return d.second == function.loc; }))
        list.push_back({t, function.loc});
    }
  for (const auto& entry : definitions) {
    if (entry.getValue().size() < 2) continue;
    const std::string usr = entry.getKey().str();
    for (const auto& [t, loc] : entry.getValue()) {
      if (t == entry.getValue().front().first) continue;  // the first keeps the plain identity
      TuFacts& tu = tus_[t];
      const std::string own = usr + "@" + tu.main_file;
      auto rename = [&](std::string& id) {
        if (id == usr) id = own;
      };
      for (auto& function : tu.functions) {
        rename(function.id);
        for (auto& block : function.blocks)
          for (auto& event : block.events) {
            rename(event.callee);
            if (event.ref.root == RefRoot::call_result) rename(event.ref.base);
            for (auto& arg : event.args) rename(arg.function);
          }
        if (function.returns.root == RefRoot::call_result) rename(function.returns.base);
      }
      for (auto& id : tu.address_taken) rename(id);
      for (auto& id : tu.address_escapes) rename(id);
      for (auto& id : tu.runs_once) rename(id);
    }
  }
  // The same for variables with internal linkage defined in a TU's main
  // file: two programs' `static pthread_mutex_t g_stats_lock;` in sources
  // that are both named main.c are two variables with one USR
  // ("c:main.c@g_stats_lock"). A header's static keeps one identity (its
  // file is no TU's main file), and so does a static local of an inline
  // function, which is one object.
  llvm::StringMap<std::vector<size_t>> defining;  // USR -> TUs whose main file defines it
  for (size_t t = 0; t < tus_.size(); ++t) {
    const llvm::StringRef own = llvm::sys::path::filename(tus_[t].main_file);
    for_each_global(tus_[t], [&](std::string& id) {
      if (internal_linkage_file(id) != own) return;
      auto& list = defining[id];
      if (!llvm::is_contained(list, t)) list.push_back(t);
    });
  }
  for (const auto& entry : defining) {
    if (entry.getValue().size() < 2) continue;
    const std::string usr = entry.getKey().str();
    for (const size_t t : llvm::drop_begin(entry.getValue())) {
      const std::string own = usr + "@" + tus_[t].main_file;
      for_each_global(tus_[t], [&](std::string& id) {
        if (id == usr) id = own;
      });
      for (auto& function : tus_[t].functions)
        if (function.id == "init:" + usr) function.id = "init:" + own;
    }
  }
}

void Project::finish() {
  // The same inputs give the same project whatever order the TUs finished in.
  std::sort(tus_.begin(), tus_.end(),
            [](const TuFacts& a, const TuFacts& b) { return a.main_file < b.main_file; });
  llvm::StringSet<> users;
  for (auto& tu : tus_) {
    remap(tu);
    for (const auto& file : tu.user_files)
      if (users.insert(file).second) user_files_.push_back(file);
  }
  std::sort(user_files_.begin(), user_files_.end());

  separate_same_named_definitions();
  resolve_member_locks();
  resolve_handed_tasks();

  // One function per identity: an inline function in a header is extracted
  // by every TU that includes it. Templates analyzed as instantiated are not
  // analyzed again as written.
  llvm::StringSet<> instantiated;
  for (const auto& tu : tus_)
    for (const auto& function : tu.functions)
      if (!function.pattern.empty()) instantiated.insert(function.pattern);
  for (const auto& tu : tus_) {
    for (const auto& function : tu.functions) {
      if (function.has(function_flags::template_pattern) && instantiated.contains(function.id))
        continue;
      if (!by_id_.try_emplace(function.id, &function).second) continue;
      functions_.push_back(&function);
    }
    for (const auto& variable : tu.variables) {
      variables_.try_emplace(variable.id, &variable);
      if (variable.defined) {
        // A TU whose main file is not known still defines it.
        auto file = file_indices_.find(tu.main_file);
        defined_variables_.try_emplace(variable.id, file != file_indices_.end() ? file->second : kNoFile);
      }
    }
    for (const auto& id : tu.address_taken) address_taken_.try_emplace(id, 0);
    for (const auto& id : tu.address_escapes) {
      address_escapes_.try_emplace(id, 0);
      escapes_in_tu_.try_emplace(id, 0);
    }
    for (const auto& id : tu.runs_once) runs_once_.try_emplace(id, 0);
    for (const auto& constant : tu.constant_structs)
      if (auto [it, fresh] = constant_structs_.try_emplace(constant.id, constant.field_values);
          !fresh && it->second != constant.field_values)
        it->second.reset();  // two definitions that disagree (two programs' defaults): neither is known
    for (const auto& lock : tu.recursive_locks) {
      recursive_keys_.try_emplace(canonical_key(lock.lock, ""), 0);
      // `pthread_mutex_init (&mutex_, &recursive_attr)` in Mutex::Mutex():
      // the field "ns::Mutex::mutex_" makes the class ns::Mutex recursive.
      if (lock.lock.root == RefRoot::this_object && lock.lock.path.size() == 1)
        if (auto [owner, field] = llvm::StringRef(lock.lock.path.front()).rsplit("::"); !field.empty())
          recursive_classes_.try_emplace(owner, 0);
    }
  }

  specialize_constant_arguments();

  llvm::DenseSet<uint32_t> starting_files;  // where a thread_start is
  bool starts_in_unknown_file = false;
  for (const FunctionFact* function : functions_) {
    for (const auto& overridden : function->overrides)
      overrides_[function->id].push_back(overridden);
    if (function->has(function_flags::main) && function->loc.valid()) main_files_.insert(function->loc.file);
    if (function->has(function_flags::main) && !function->has(function_flags::test_code)) {
      has_main_ = true;
      if (function->loc.valid()) program_files_.insert(function->loc.file);
    }
    auto& positions = event_positions_[function];
    for (uint32_t b = 0; b < function->blocks.size(); ++b) {
      const auto& events = function->blocks[b].events;
      for (uint32_t i = 0; i < events.size(); ++i) {
        const Event& event = events[i];
        owners_[&event] = function;
        positions[event.id] = {b, i};
        switch (event.kind) {
          case EventKind::call:
            if (!event.callee.empty()) callers_[event.callee].push_back({function, &event});
            // The original of a specialization keeps the call sites it had.
            if (auto origin = specialized_from_.find(event.callee); origin != specialized_from_.end())
              callers_[origin->second].push_back({function, &event});
            break;
          case EventKind::thread_start:
            starts_threads_ = true;
            if (function->loc.valid()) starting_files.insert(function->loc.file);
            else starts_in_unknown_file = true;
            break;
          case EventKind::acquire:
          case EventKind::guard_begin: uses_locks_ = true; break;
          default: break;
        }
      }
    }
  }
  add_program_targets();
  if (!starts_in_unknown_file) find_serial_executables(starting_files);
  add_recursive_subclasses();
  // Overriders at any depth, and virtual calls of a base method as calls of
  // each override.
  for (const FunctionFact* function : functions_) {
    std::vector<std::string> pending(function->overrides.begin(), function->overrides.end());
    llvm::StringSet<> seen;
    while (!pending.empty()) {
      std::string base = pending.back();
      pending.pop_back();
      if (!seen.insert(base).second) continue;
      overriders_[base].push_back(function);
      if (auto it = overrides_.find(base); it != overrides_.end())
        pending.insert(pending.end(), it->second.begin(), it->second.end());
    }
  }
  for (const FunctionFact* function : functions_) {
    if (!function->has(function_flags::virtual_method)) continue;
    for (const std::string& base : overridden(function->id))
      if (auto it = callers_.find(base); it != callers_.end())
        for (const CallSite& site : std::vector<CallSite>(it->second))
          if (site.event->has(event_flags::virtual_call)) callers_[function->id].push_back(site);
  }
  find_escaping_arguments();
  for (const FunctionFact* function : functions_)
    for (const auto& block : function->blocks)
      for (const auto& event : block.events)
        for (const FunctionFact* method : member_pointer_callees(event))
          member_pointer_callers_[method].push_back({function, &event});
  // Once the call graph is whole: every check and phase asks, per event or call site.
  namespace f = function_flags;
  for (const FunctionFact* function : functions_) {
    if (function->flags & (f::method | f::lambda | f::main | f::startup | f::static_init | f::runs_once |
                           f::address_taken | f::coroutine))
      continue;
    if (function->has(f::external) && !function->has(f::hidden)) continue;
    if (callers(function->id).empty() && !address_taken(function->id) && !runs_once(function->id) &&
        !hand_overs_.count(function->id))
      never_runs_.insert(function);
  }
}

void Project::add_recursive_subclasses() {
  // `class Mutex: private MutexImpl` with `Mutex::Mutex () {}` running
  // `MutexImpl::MutexImpl ()`, which sets up `_mutex` recursive (poco): a
  // Mutex is recursive; a FastMutex, whose base constructor is `MutexImpl
  // (true)`, is not. A constructor is recursive when it sets up its member
  // mutex so or runs such a constructor as its base, to a fixpoint.
  llvm::DenseSet<const FunctionFact*> recursive;
  for (const FunctionFact* function : functions_)
    if (function->has(function_flags::constructor) && function->has(function_flags::makes_recursive_lock))
      recursive.insert(function);
  for (bool changed = !recursive.empty(); changed;) {
    changed = false;
    for (const FunctionFact* function : functions_) {
      if (!function->has(function_flags::constructor) || recursive.contains(function)) continue;
      for (const auto& block : function->blocks)
        for (const auto& event : block.events)
          if (event.kind == EventKind::call && event.ref.root == RefRoot::this_object && event.ref.path.empty())
            if (const FunctionFact* base = this->function(event.callee); base && recursive.contains(base)) {
              recursive.insert(function);
              changed = true;
            }
    }
  }
  for (const FunctionFact* ctor : recursive)
    if (auto [owner, name] = llvm::StringRef(ctor->name).rsplit("::"); !name.empty())
      recursive_classes_.try_emplace(owner, 0);
}

void Project::add_program_targets() {
  // An executable that loads plugins (pluginHostFiles) runs code the
  // project does not show: a plugin may call what it exports and hand its
  // libraries functions of its own.
  auto names_host = [&](const TuFacts& tu) {
    return llvm::any_of(plugin_host_files_, [&](const OwnedGlob& glob) { return glob.match(tu.main_file); });
  };
  llvm::StringSet<> plugin_hosts;
  for (const auto& tu : tus_)
    if (names_host(tu))
      for (const auto& target : tu.targets)
        if (!target.empty()) plugin_hosts.insert(target);
  // The other sources of a program's build target (memcached.c's
  // memcached-items.o, memcached-stats_prefix.o) are linked into that
  // program, as its main's file is. A target that holds a main only in test
  // code stays open, as does every TU whose target the build does not name.
  // A source built into several targets (gdbus-test-codegen.c, with its
  // main, into two test binaries) counts for each.
  llvm::StringSet<> programs, executables;
  for (const auto& tu : tus_) {
    auto it = file_indices_.find(tu.main_file);
    if (it == file_indices_.end()) continue;
    for (const auto& target : tu.targets) {
      if (target.empty() || plugin_hosts.contains(target)) continue;
      if (program_files_.contains(it->second)) programs.insert(target);
      // Any target with a main, a test's too, is an executable.
      if (main_files_.contains(it->second)) executables.insert(target);
    }
  }
  for (const auto& tu : tus_)
    if (names_host(tu) || llvm::any_of(tu.targets, [&](const std::string& t) { return plugin_hosts.contains(t); }))
      if (auto it = file_indices_.find(tu.main_file); it != file_indices_.end()) program_files_.erase(it->second);
  // A source also compiled into a library (or into a TU whose target the
  // build does not name) is not only a program's, nor only an executable's.
  auto only_in = [](const TuFacts& tu, const llvm::StringSet<>& kind) {
    return !tu.targets.empty() &&
           llvm::all_of(tu.targets, [&](const std::string& target) { return kind.contains(target); });
  };
  llvm::DenseSet<uint32_t> shared;
  for (const auto& tu : tus_) {
    auto it = file_indices_.find(tu.main_file);
    if (it == file_indices_.end()) continue;
    if (only_in(tu, programs)) program_files_.insert(it->second);
    if (only_in(tu, executables)) executable_files_.insert(it->second);
    else shared.insert(it->second);
  }
  for (const uint32_t file : shared) executable_files_.erase(file);
}

void Project::find_serial_executables(const llvm::DenseSet<uint32_t>& starting_files) {
  // A thread started outside the executables' own sources (in a library, a
  // header, a source whose target the build does not name) may run in any
  // of them: none is known to be serial.
  for (const uint32_t file : starting_files)
    if (!executable_files_.contains(file)) return;
  llvm::StringSet<> starting_targets;
  for (const auto& tu : tus_)
    if (auto it = file_indices_.find(tu.main_file); it != file_indices_.end() && starting_files.contains(it->second))
      for (const auto& target : tu.targets) starting_targets.insert(target);
  for (const auto& tu : tus_) {
    auto it = file_indices_.find(tu.main_file);
    if (it == file_indices_.end() || !executable_files_.contains(it->second)) continue;
    if (llvm::none_of(tu.targets, [&](const std::string& target) { return starting_targets.contains(target); }))
      serial_files_.insert(it->second);
  }
}

std::vector<const FunctionFact*> Project::member_pointer_callees(const Event& call) const {
  std::vector<const FunctionFact*> out;
  if (call.kind != EventKind::foreign || !call.has(event_flags::member_pointer)) return out;
  for (const Arg& arg : call.args) {
    if (const FunctionFact* method = function(arg.function); method && address_taken(method->id)) out.push_back(method);
    for (const FunctionFact* override_ : overriders(arg.function))
      if (address_taken(override_->id) && !llvm::is_contained(out, override_)) out.push_back(override_);
  }
  return out;
}

llvm::ArrayRef<CallSite> Project::member_pointer_callers(const FunctionFact& method) const {
  auto it = member_pointer_callers_.find(&method);
  if (it == member_pointer_callers_.end()) return {};
  return it->second;
}

void Project::find_escaping_arguments() {
  // A lambda that calls a parameter it captured keeps that parameter.
  llvm::DenseSet<std::pair<const FunctionFact*, uint32_t>> captured;
  for (const FunctionFact* function : functions_)
    for (const auto& block : function->blocks)
      for (const auto& event : block.events)
        if (event.kind == EventKind::invoke_param && event.has(event_flags::captured))
          if (const FunctionFact* owner = this->function(event.callee)) captured.insert({owner, event.index});
  // Whether `callee` keeps its parameter `index` beyond the call: stores it,
  // starts a thread or installs a signal handler with it, hands it to a
  // library that keeps it, or to a function that does. A parameter passed
  // down a recursion is not kept by the recursion itself.
  llvm::DenseMap<std::pair<const FunctionFact*, uint32_t>, bool> memo;
  std::function<bool(const Event&, uint32_t)> passes_on;
  std::function<bool(const FunctionFact*, uint32_t)> keeps = [&](const FunctionFact* callee, uint32_t index) {
    if (auto it = memo.find({callee, index}); it != memo.end()) return it->second;
    memo[{callee, index}] = false;  // while in progress
    bool kept = captured.contains({callee, index});
    auto from_param = [&](const Event& event) {
      return !event.args.empty() && event.args.front().kind == ArgKind::param && event.args.front().index == index;
    };
    for (const auto& block : callee->blocks)
      for (const auto& event : block.events) {
        if (kept) break;
        if ((event.kind == EventKind::store_callable && !is_plain_local(event.ref)) ||
            event.kind == EventKind::thread_start || event.kind == EventKind::signal_handler)
          kept = from_param(event);
        else if (event.kind == EventKind::call)
          for (uint32_t j = 0; j < event.args.size() && !kept; ++j)
            if (event.args[j].kind == ArgKind::param && event.args[j].index == index) kept = passes_on(event, j);
      }
    memo[{callee, index}] = kept;
    return kept;
  };
  passes_on = [&](const Event& call, uint32_t index) {
    if (call.has(event_flags::system)) return library_keeps_callable(call) || library_registers(call);
    std::vector<const FunctionFact*> targets;
    if (const FunctionFact* callee = function(call.callee)) targets.push_back(callee);
    if (call.has(event_flags::virtual_call)) llvm::append_range(targets, overriders(call.callee));
    if (targets.empty()) return true;  // declared only: it may keep it
    return llvm::any_of(targets, [&](const FunctionFact* target) { return keeps(target, index); });
  };
  for (const FunctionFact* function : functions_)
    for (const auto& block : function->blocks)
      for (const auto& event : block.events) {
        if (event.kind != EventKind::call || event.has(event_flags::system)) continue;
        for (uint32_t j = 0; j < event.args.size(); ++j) {
          const Arg& arg = event.args[j];
          if (arg.kind != ArgKind::function) continue;
          hand_overs_[arg.function].push_back({function, &event, j});
          if (!address_escapes(arg.function) && passes_on(event, j)) {
            address_taken_.try_emplace(arg.function, 0);
            address_escapes_.try_emplace(arg.function, 0);
          }
        }
      }
}

namespace {

/// "swap" for "sys:std::swap": the library function's own name.
llvm::StringRef unqualified(llvm::StringRef callee) {
  callee.consume_front("sys:");
  const auto [scope, name] = callee.rsplit("::");
  return name.empty() ? scope : name;
}

}  // namespace

std::vector<const Event*> stores_into_local(const FunctionFact& function, uint32_t index) {
  std::vector<const Event*> out;
  for (const auto& block : function.blocks)
    for (const auto& event : block.events)
      if (event.kind == EventKind::store_object && event.ref.root == RefRoot::local && event.ref.index == index &&
          event.ref.path.empty())
        out.push_back(&event);
  return out;
}

bool library_keeps_callable(const Event& call) {
  const llvm::StringRef name = unqualified(call.callee);
  if (name == "operator==" || name == "operator!=") return false;  // only looks at it
  // Container methods (push, emplace, assign) and utilities (swap, bind,
  // make_pair) keep it; algorithms (std::for_each, qsort) run it and return.
  return call.has(event_flags::method_call) || library_takes_without_running(call.callee);
}

void Project::set_exported_functions(const std::vector<std::string>& globs) {
  exported_functions_.clear();
  for (const auto& glob : globs)
    if (auto pattern = OwnedGlob::create(glob)) exported_functions_.push_back(std::move(*pattern));
}

bool Project::exported(const FunctionFact& function) const {
  if (!function.has(function_flags::external) || function.has(function_flags::hidden)) return false;
  return exported_functions_.empty() ||
         llvm::any_of(exported_functions_, [&](const OwnedGlob& glob) { return glob.match(function.name); });
}

void Project::set_plugin_host_files(const std::vector<std::string>& globs) {
  plugin_host_files_.clear();
  for (const auto& glob : globs)
    if (auto pattern = OwnedGlob::create(glob)) plugin_host_files_.push_back(std::move(*pattern));
}

void Project::set_registration_words(const std::vector<std::string>& words) {
  for (const auto& word : words) registration_words_.insert(llvm::StringRef(word).lower());
}

bool Project::library_registers(const Event& call) const {
  if (!call.has(event_flags::system) || call.has(event_flags::method_call) || registration_words_.empty())
    return false;
  const llvm::StringRef name = unqualified(call.callee);
  if (registration_words_.contains(name.lower())) return true;
  // `bufferevent_setcb`, `g_timeout_add_seconds`, `XML_SetElementHandler`:
  // words end at an underscore and before an upper-case letter that follows
  // a lower-case one.
  size_t begin = 0;
  for (size_t i = 0; i <= name.size(); ++i) {
    const bool end = i == name.size() || name[i] == '_' ||
                     (i > begin && llvm::isUpper(name[i]) && llvm::isLower(name[i - 1]));
    if (!end) continue;
    if (i > begin && registration_words_.contains(name.slice(begin, i).lower())) return true;
    if (i < name.size()) begin = name[i] == '_' ? i + 1 : i;
  }
  return false;
}

bool library_takes_without_running(llvm::StringRef callee) {
  const llvm::StringRef name = unqualified(callee);
  if (name.starts_with("operator")) return true;
  static const llvm::StringSet<> keepers{"swap",      "exchange",  "move",        "forward",
                                         "addressof", "ref",       "cref",        "bind",
                                         "bind_front", "bind_back", "make_pair",  "make_tuple",
                                         "make_shared", "make_unique", "forward_as_tuple", "tie"};
  return keepers.contains(name);
}

const FunctionFact* Project::function(llvm::StringRef id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second;
}

const std::vector<HandOver>& Project::hand_overs(llvm::StringRef id) const {
  static const std::vector<HandOver> none;
  auto it = hand_overs_.find(id);
  return it == hand_overs_.end() ? none : it->second;
}

const VariableFact* Project::variable(llvm::StringRef id) const {
  auto it = variables_.find(id);
  return it == variables_.end() ? nullptr : it->second;
}

const std::vector<CallSite>& Project::callers(llvm::StringRef id) const {
  static const std::vector<CallSite> none;
  auto it = callers_.find(id);
  return it == callers_.end() ? none : it->second;
}

const std::vector<const FunctionFact*>& Project::overriders(llvm::StringRef method) const {
  static const std::vector<const FunctionFact*> none;
  auto it = overriders_.find(method);
  return it == overriders_.end() ? none : it->second;
}

const FunctionFact* Project::sole_definition(const Event& call) const {
  if (call.kind != EventKind::call || !call.has(event_flags::virtual_call)) return nullptr;
  const FunctionFact* callee = function(call.callee);
  if (!callee || callee->has(function_flags::pure_virtual) || callee->blocks.empty()) return nullptr;
  return overriders(call.callee).empty() ? callee : nullptr;
}

std::vector<std::string> Project::overridden(llvm::StringRef method) const {
  std::vector<std::string> out;
  std::vector<std::string> pending{method.str()};
  llvm::StringSet<> seen;
  while (!pending.empty()) {
    std::string current = pending.back();
    pending.pop_back();
    auto it = overrides_.find(current);
    if (it == overrides_.end()) continue;
    for (const auto& base : it->second)
      if (seen.insert(base).second) {
        out.push_back(base);
        pending.push_back(base);
      }
  }
  return out;
}

const FunctionFact* Project::owner(const Event* event) const {
  auto it = owners_.find(event);
  return it == owners_.end() ? nullptr : it->second;
}

const Event* Project::event(const FunctionFact& function, uint32_t id) const {
  auto fit = event_positions_.find(&function);
  if (fit == event_positions_.end()) return nullptr;
  auto it = fit->second.find(id);
  if (it == fit->second.end()) return nullptr;
  return &function.blocks[it->second.first].events[it->second.second];
}

bool Project::reaches(const FunctionFact& function, const Event* from, const Event* to) const {
  auto fit = event_positions_.find(&function);
  if (fit == event_positions_.end()) return false;
  auto a = fit->second.find(from->id);
  auto b = fit->second.find(to->id);
  if (a == fit->second.end() || b == fit->second.end()) return false;
  const auto [from_block, from_index] = a->second;
  const auto [to_block, to_index] = b->second;
  if (from_block == to_block && from_index < to_index) return true;
  std::vector<bool> seen(function.blocks.size(), false);
  std::deque<uint32_t> queue(function.blocks[from_block].successors.begin(),
                             function.blocks[from_block].successors.end());
  while (!queue.empty()) {
    const uint32_t block = queue.front();
    queue.pop_front();
    if (block == to_block) return true;
    if (seen[block]) continue;
    seen[block] = true;
    for (uint32_t succ : function.blocks[block].successors) queue.push_back(succ);
  }
  return false;
}

std::vector<uint32_t> Project::flow_order(const FunctionFact& function) const {
  const uint32_t count = static_cast<uint32_t>(function.blocks.size());
  std::vector<uint32_t> order;
  order.reserve(count);
  if (count == 0) return order;
  // Iterative depth-first search: (block, next successor to visit).
  std::vector<bool> seen(count, false);
  std::vector<std::pair<uint32_t, size_t>> stack;
  auto visit = [&](uint32_t root) {
    if (root >= count || seen[root]) return;
    seen[root] = true;
    stack.push_back({root, 0});
    while (!stack.empty()) {
      auto& [block, next] = stack.back();
      const auto& successors = function.blocks[block].successors;
      if (next < successors.size()) {
        const uint32_t succ = successors[next++];
        if (succ < count && !seen[succ]) {
          seen[succ] = true;
          stack.push_back({succ, 0});
        }
        continue;
      }
      order.push_back(block);
      stack.pop_back();
    }
  };
  visit(function.entry_block);
  std::reverse(order.begin(), order.end());
  const size_t reached = order.size();
  for (uint32_t block = 0; block < count; ++block) visit(block);
  // Unreachable blocks keep their own post-order, after the reachable ones.
  std::reverse(order.begin() + static_cast<long>(reached), order.end());
  return order;
}

}  // namespace concur::analyzer_internal

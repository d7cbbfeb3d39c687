#include "project/Callables.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"

namespace concur::analyzer_internal {

namespace {

constexpr unsigned kMaxRounds = 16;
/// Rounds of the foreign-parameter and pointer-store fixpoint (each one
/// pass over the project's stores).
constexpr unsigned kMaxFixpointRounds = 64;

/// The callees a call event may run: the named function, and for a virtual
/// call every override in the project.
std::vector<const FunctionFact*> targets(const Project& project, const Event& call) {
  std::vector<const FunctionFact*> out;
  if (const FunctionFact* callee = project.function(call.callee)) out.push_back(callee);
  if (call.has(event_flags::virtual_call))
    for (const FunctionFact* override_ : project.overriders(call.callee)) out.push_back(override_);
  return out;
}

bool is_callable_kind(ArgKind kind) {
  return kind == ArgKind::lambda || kind == ArgKind::function || kind == ArgKind::param ||
         kind == ArgKind::foreign_callable;
}

/// Whether `function` is reachable by code the project does not show: not a
/// lambda, not a private member, not in an internal namespace (detail,
/// *_internal: the project's own plumbing).
bool is_visible_outside(const FunctionFact& function, const llvm::Regex& internal) {
  return !function.has(function_flags::lambda) && !function.has(function_flags::private_member) &&
         !internal.match(function.name);
}

/// A type's name without its scopes, as a record identity ("c:@N@ns@S@Hooks")
/// or a field's class ("ns::Hooks") spells it: "Hooks".
llvm::StringRef unqualified_type_name(llvm::StringRef type) {
  for (const llvm::StringRef separator : {"@", "::", ":"}) {
    const size_t at = type.rfind(separator);
    if (at != llvm::StringRef::npos) type = type.substr(at + separator.size());
  }
  return type;
}

/// Whether code outside the project can call `function`: visible, with
/// external linkage, not hidden from other shared objects (-fvisibility=hidden
/// without an export attribute: glib's, libuv's and curl's internal helpers),
/// and on the export list when the project gives one (exportedFunctions).
/// A function defined beside a program's `main` (memcached's `server_stats
/// (ADD_STAT add_stats, ...)` in memcached.c) is linked into that program
/// only, whatever its linkage.
/// An override is called through the method it overrides: from outside when
/// that one is (a pure virtual method of a public header has no body in the
/// project, so no facts: outside code may call it).
/// In a closed world (Callables::World::executables) nothing outside links
/// against the project: only a library (a method without facts) calls in.
bool is_externally_callable(const Project& project, const FunctionFact& function, const llvm::Regex& internal,
                            bool closed) {
  if (project.in_program_file(function)) return false;
  if (!closed && project.exported(function) && is_visible_outside(function, internal)) return true;
  for (const auto& overridden : function.overrides) {
    const FunctionFact* base = project.function(overridden);
    if (!base || (base != &function && is_externally_callable(project, *base, internal, closed))) return true;
  }
  return false;
}

/// The entry point of the project a parameter can come from: a function the
/// project's own non-test code never calls, that code outside can call (in
/// an open world).
bool is_entry_point(const Project& project, const FunctionFact& function, const llvm::Regex& internal,
                    bool closed) {
  if (!is_visible_outside(function, internal)) return false;
  if (project.address_taken(function.id)) return true;
  if (closed || !project.exported(function) || project.in_program_file(function)) return false;
  for (const CallSite& site : project.callers(function.id))
    if (!site.caller->has(function_flags::test_code)) return false;
  return true;
}

/// Adds what a pointer may hold to `into`; false when that is not known.
bool unite(std::vector<const FunctionFact*>& into, const std::optional<std::vector<const FunctionFact*>>& targets) {
  if (!targets) return false;
  for (const FunctionFact* target : *targets)
    if (!llvm::is_contained(into, target)) into.push_back(target);
  return true;
}

}  // namespace

Callables::Callables(const Project& project, const LockFlow& locks, const std::string& internal_namespaces,
                     World world)
    : project_(project), locks_(locks), internal_namespaces_(internal_namespaces),
      closed_(world == World::executables) {
  compute_invokes();
  compute_locks_at_invoke();
  compute_library_supplied();
  compute_handed();
  for (const FunctionFact* function : project_.functions()) {
    if (!is_externally_callable(project_, *function, internal_namespaces_, closed_)) continue;
    for (const ParamFact& param : function->params)
      if (!param.pointee_type.empty()) handed_in_types_.insert(unqualified_type_name(param.pointee_type));
  }
  // A setter's parameter is foreign when a caller passes a pointer that may
  // hold foreign code, and a pointer may hold foreign code when a setter's
  // parameter is foreign. Start from what is foreign whatever the pointers
  // hold (entry points, code outside calling in) and add the parameters
  // whose callers pass pointers the stores leave unknown, until nothing
  // changes. A value only ever comes from somewhere: a handler saved and
  // restored (`old = g_set_print_handler (h); ... g_set_print_handler (old)`)
  // holds what was set, not anything. Each round only adds (more foreign
  // parameters leave more pointers unknown), so the rounds end.
  compute_foreign_sources(PassedPointers::ignored);
  for (unsigned round = 0; round < kMaxFixpointRounds; ++round) {
    compute_pointer_stores();
    const size_t before = foreign_.size();
    compute_foreign_sources(PassedPointers::by_stores);
    if (foreign_.size() == before) return;
  }
  // Not settled (a chain longer than the rounds): every pointer passed on
  // is foreign.
  compute_foreign_sources(PassedPointers::foreign);
  compute_pointer_stores();
}

void Callables::compute_pointer_stores() {
  stores_.clear();
  std::vector<std::pair<std::string, std::string>> copies;  // from key, to key
  for (const FunctionFact* function : project_.functions())
    for (const auto& block : function->blocks)
      for (const auto& event : block.events) {
        if (event.kind != EventKind::store_callable) continue;
        const std::string key = canonical_key(event.ref, function->id);
        // A local function pointer counts too ("<function>#l<n>"): what a
        // function returns or passes on from one is what it was set to.
        if (key.empty() || (is_private_key(key) && !is_plain_local(event.ref))) continue;
        // `copy->free = orig->free`, `*vtable = *value_table;`: whatever the
        // other pointer holds (add_copied_stores).
        if (event.callee.empty() && !event.args.empty() && event.args.front().kind == ArgKind::foreign_callable) {
          const Ref& source = event.args.front().ref;
          const std::string from = canonical_key(source, function->id);
          // From the table a public function's caller passes (`module_info->info
          // = *interface_info;` in g_type_module_add_interface), or from a
          // pointer the key does not name: code the project does not show.
          if ((source.root == RefRoot::param && is_externally_callable(project_, *function, internal_namespaces_, closed_)) ||
              from.empty() || (is_private_key(from) && !is_plain_local(source))) {
            stores_[key].unknown = true;
          } else if (from != key) {
            stores_.try_emplace(key);
            copies.emplace_back(from, key);
          }
          // Between objects of one type the field holds what it held: nothing
          // new, and no entry, so that a pointer no one stores to stays unknown.
          continue;
        }
        Stores& stores = stores_[key];
        if (!event.callee.empty() && function->has(function_flags::static_init) && !project_.function(event.callee))
          stores.outside_default = event.callee;
        if (!event.callee.empty()) {
          if (!llvm::is_contained(stores.targets, event.callee)) stores.targets.push_back(event.callee);
        } else if (!event.args.empty() && event.args.front().kind == ArgKind::param) {
          // Set from a parameter: unknown when callers may pass foreign code.
          // A setter others can call (a library's public API) takes values the
          // project never shows, however harmless its own callers' are.
          const uint32_t index = event.args.front().index;
          if (takes_outside_values(*function, index)) stores.unknown = true;
          llvm::DenseSet<Key> seen;
          add_passed_values(*function, index, key, stores, copies, seen);
        } else if (event.text != "null") {
          stores.unknown = true;
        }
      }
  add_table_stores();
  holder_keys_.clear();
  for (const auto& entry : stores_) {
    const llvm::StringRef key = entry.getKey();
    const size_t last = key.rfind('/');
    if (last != llvm::StringRef::npos && is_field_element(key.substr(last + 1)))
      holder_keys_[key.substr(last + 1)].push_back(key.str());
  }
  add_copied_stores(copies);
}

bool Callables::takes_outside_values(const FunctionFact& function, uint32_t index) const {
  return foreign_sourced(function, index) || is_externally_callable(project_, function, internal_namespaces_, closed_);
}

void Callables::add_passed_values(const FunctionFact& function, uint32_t index, const std::string& key,
                                  Stores& into, std::vector<std::pair<std::string, std::string>>& copies,
                                  llvm::DenseSet<Key>& seen) const {
  if (!seen.insert({&function, index}).second) return;
  for (const CallSite& site : project_.callers(function.id)) {
    if (index >= site.event->args.size()) continue;
    const Arg& arg = site.event->args[index];
    if (arg.kind == ArgKind::function || arg.kind == ArgKind::lambda) {
      if (!llvm::is_contained(into.targets, arg.function)) into.targets.push_back(arg.function);
    } else if (arg.kind == ArgKind::param) {
      // A wrapper passing its own parameter on (slabhash_create's sizefunc to
      // lruhash_create): what the wrapper's callers pass, unless code outside
      // the project can call the wrapper too.
      if (takes_outside_values(*site.caller, arg.index)) into.unknown = true;
      else add_passed_values(*site.caller, arg.index, key, into, copies, seen);
    } else if (arg.kind == ArgKind::foreign_callable) {
      // A pointer passed on (`g_set_print_handler (old)`, a handler saved
      // in a local and restored): what it holds (add_copied_stores).
      const std::string from = canonical_key(arg.ref, site.caller->id);
      if (from.empty() || (is_private_key(from) && !is_plain_local(arg.ref))) into.unknown = true;
      else if (from != key) copies.emplace_back(from, key);
    } else if (arg.text != "null") {
      into.unknown = true;
    }
  }
}

void Callables::add_copied_stores(llvm::ArrayRef<std::pair<std::string, std::string>> copies) {
  // Copies may chain (a to b, b to c): until nothing changes. A pointer
  // nothing in the project stores to may be set from outside: unknown.
  for (unsigned round = 0; round < kMaxRounds; ++round) {
    bool changed = false;
    for (const auto& [from, to] : copies) {
      const Stores* found = stores_at(from);
      // A copy whose source is found only as the target itself (`*vtable =
      // *info->value_table;`: 'GTypeInfo::value_table/*/GTypeValueTable::value_free'
      // falls back to 'GTypeValueTable::value_free') says nothing of the source.
      if (auto self = stores_.find(to); found && self != stores_.end() && found == &self->second) found = nullptr;
      // `worker->env = *worker->daemon->env;` from an object no store names:
      // what the other holders of the type hold.
      const std::optional<Stores> source =
          found ? std::optional<Stores>(with_holders(from, *found)) : stores_of_every_holder(from, /*except=*/to);
      Stores& target = stores_[to];  // may move what `found` points to
      if (source) {
        changed = target.absorb(*source) || changed;
      } else if (!target.unknown) {
        target.unknown = true;
        changed = true;
      }
    }
    if (!changed) break;
  }
}

namespace {

/// Adds to `into`, through `add_table`, the tables every store into local
/// `index` of `function` puts there: a call's result (a lookup that returns
/// a table's address) or a copy of a global's. False when some store is
/// anything else, or there is none.
template <typename Tables, typename AddTable>
bool add_local_tables(const FunctionFact& function, uint32_t index, Tables& into, AddTable&& add_table) {
  bool stored = false;
  for (const Event* store : stores_into_local(function, index)) {
    if (store->text == "null") continue;
    Ref value;
    if (!store->callee.empty() && store->text.empty()) {
      value.root = RefRoot::call_result;
      value.base = store->callee;
    } else if (store->text == "copy" && !store->args.empty() && store->args.front().ref.root == RefRoot::global) {
      value = store->args.front().ref;
    } else {
      return false;
    }
    add_table(into, value);
    stored = true;
  }
  return stored;
}

}  // namespace

void Callables::add_table_stores() {
  // Which global tables each table pointer field may point to, by the field
  // ("DBusTransport::vtable"), or each table pointer variable, by the
  // variable ("g:<id>"); a value from elsewhere leaves it open.
  struct Tables {
    std::vector<std::string> keys;  ///< table_address_key of each table
    bool unknown = false;
  };
  llvm::StringMap<Tables> tables;
  // Stores of an element of a global array of table pointers (`c->mod =
  // k_all[i]`): the field may point to any table the array's elements do.
  // (A StringMap's values stay where they are as it grows.)
  std::vector<std::pair<Tables*, std::string>> element_of;  // what is filled, the array's key
  // The table whose address `table` is (`&socket_ops`); unknown otherwise.
  auto add_address = [](Tables& into, const Ref& table) {
    std::string key = table_address_key(table);
    if (key.empty()) into.unknown = true;
    else if (!llvm::is_contained(into.keys, key)) into.keys.push_back(std::move(key));
  };
  auto add_table = [&](Tables& into, const Ref& value) {
    // `auth->mech = find_mech (name)`: what the function returns, a table's
    // address or an element of an array of table pointers (`return *p;`
    // with `p` walking `k_codecs`).
    const FunctionFact* callee = value.root == RefRoot::call_result && value.path.empty()
                                     ? project_.function(value.base)
                                     : nullptr;
    // `return (*fb[i]) ();` (unbound's module_factory): what every getter
    // the pointer may hold returns, each a table's address.
    const Event* returned_call = callee && callee->returns_call != kNoEvent
                                    ? project_.event(*callee, callee->returns_call)
                                    : nullptr;
    if (returned_call && returned_call->kind == EventKind::foreign) {
      auto getters = pointer_targets(*callee, *returned_call);
      if (!getters || getters->empty()) {
        into.unknown = true;
        return;
      }
      for (const FunctionFact* getter : *getters) add_address(into, getter->returns);
      return;
    }
    const Ref& table = callee ? callee->returns : value;
    if (is_global_element(table)) {
      element_of.emplace_back(&into, "g:" + table.base + "/[]");
      return;
    }
    add_address(into, table);
  };
  for (const FunctionFact* function : project_.functions())
    for (const auto& block : function->blocks)
      for (const auto& event : block.events) {
        if (event.kind != EventKind::store_table) continue;
        const auto field = llvm::find_if(llvm::reverse(event.ref.path), is_field_element);
        const bool variable = event.ref.root == RefRoot::global && event.ref.path.empty();
        // `static const struct ops *const k_all[] = {&a_ops, &b_ops, NULL};`
        const bool elements = is_global_element(event.ref);
        if (field == event.ref.path.rend() && !variable && !elements) continue;
        // `stack->mod[i] = module_factory (name)`: an element of an array of
        // table pointers a field holds ("module_stack::mod/[]").
        const bool field_array = !variable && !elements && field == event.ref.path.rbegin() + 1 &&
                                 event.ref.path.back() == "[]";
        Tables& into = tables[variable   ? "g:" + event.ref.base
                              : elements ? "g:" + event.ref.base + "/[]"
                                         : *field + (field_array ? "/[]" : "")];
        if (event.text == "null") continue;
        if (event.args.empty()) into.unknown = true;
        for (const Arg& value : event.args) {
          if (value.ref.root == RefRoot::global || value.ref.root == RefRoot::call_result) {
            add_table(into, value.ref);
            continue;
          }
          // `klass = find_element_class (name); ... element->klass = klass;`:
          // what every store into the local put there.
          if (value.ref.root == RefRoot::local) {
            if (!value.ref.path.empty() || !add_local_tables(*function, value.ref.index, into, add_table))
              into.unknown = true;
            continue;
          }
          // From a parameter: what the project's callers pass, unless code
          // outside can call the setter with a table of its own.
          if (is_externally_callable(project_, *function, internal_namespaces_, closed_)) into.unknown = true;
          for (const CallSite& site : project_.callers(function->id))
            if (value.ref.index < site.event->args.size() && site.event->args[value.ref.index].text != "null")
              add_table(into, site.event->args[value.ref.index].ref);
        }
      }
  for (const auto& [filled, array] : element_of) {
    auto it = tables.find(array);
    const Tables from = it == tables.end() ? Tables{{}, true} : it->second;
    Tables& into = *filled;
    into.unknown = into.unknown || from.unknown;
    for (const auto& key : from.keys)
      if (!llvm::is_contained(into.keys, key)) into.keys.push_back(key);
  }
  // A call through `transport->vtable->finalize` runs what the tables the
  // field may point to hold in `finalize`.
  std::vector<std::pair<std::string, std::string>> copies;  // from key, to key
  for (const auto& [field, into] : tables) {
    if (into.unknown) continue;
    for (const auto& table : into.keys) {
      const std::string prefix = table + "/";
      // A field pointing into an array of tables is indexed too (`&l->entry_map[event]`).
      const bool array = llvm::StringRef(table).ends_with("/[]");
      for (const auto& entry : stores_)
        if (entry.getKey().starts_with(prefix)) {
          const std::string rest = entry.getKey().substr(prefix.size()).str();
          copies.emplace_back(entry.getKey().str(), field.str() + "/*/" + rest);
          if (array) copies.emplace_back(entry.getKey().str(), field.str() + "/[]/" + rest);
        }
    }
  }
  for (const auto& [from, to] : copies) {
    const Stores source = stores_[from];
    Stores& target = stores_[to];
    target.absorb(source);
    if (target.outside_default.empty()) target.outside_default = source.outside_default;
  }
}

bool Callables::Stores::absorb(const Stores& other) {
  const size_t known = targets.size();
  const bool was_unknown = unknown;
  for (const auto& id : other.targets)
    if (!llvm::is_contained(targets, id)) targets.push_back(id);
  unknown = unknown || other.unknown;
  return unknown != was_unknown || targets.size() != known;
}

std::optional<std::vector<const FunctionFact*>> Callables::pointer_targets(const FunctionFact& function,
                                                                           const Event& call) const {
  // A local table pointer (`klass->recurse`) is the field of one of the
  // tables it was set to: every one of them must be known.
  if (call.kind == EventKind::foreign && !call.refs.empty()) {
    std::vector<const FunctionFact*> out;
    for (const Ref& alternative : call.refs)
      if (!unite(out, pointer_targets(function, alternative))) return std::nullopt;
    return out;
  }
  return pointer_targets(function, call.ref);
}

std::optional<std::vector<const FunctionFact*>> Callables::pointer_targets(const FunctionFact& function,
                                                                           const Ref& pointer) const {
  if (pointer.empty()) return std::nullopt;
  if (auto looked_up = through_lookup_results(function, pointer)) return looked_up;
  // `fbgetfunctype *fb = module_funcs_avail (); ... (*fb[i]) ()`: a local
  // set only to a global array of function pointers, or to what an accessor
  // returning one gives, points into that array.
  if (pointer.root == RefRoot::local && pointer.path.size() == 1 && pointer.path.front() == "[]")
    return array_local_targets(function, pointer);
  if (is_plain_local(pointer)) {
    if (auto copied = local_copy_targets(function, pointer.index)) return copied;
    // Set from a parameter or another local: what the stores say, following
    // the callers' values (compute_pointer_stores).
    auto it = stores_.find(canonical_key(pointer, function.id));
    if (it == stores_.end()) return std::nullopt;
    return targets_of(it->second);
  }
  // `glib__private__ ()->g_wakeup_signal`: a function that returns the
  // address of a table in static storage (`return &table;`) is that table.
  // What its initializer stores there counts, and so does every store into
  // that field through the call or through any pointer to the type.
  if (pointer.root == RefRoot::call_result && !pointer.path.empty() && pointer.path.front() == "*")
    if (const FunctionFact* accessor = project_.function(pointer.base);
        accessor && is_global_address(accessor->returns)) {
      Ref table;
      table.root = RefRoot::global;
      table.base = accessor->returns.base;
      table.path.assign(pointer.path.begin() + 1, pointer.path.end());
      Ref any_object;  // the field of any object of the table's type
      any_object.root = RefRoot::param;
      any_object.path = pointer.path;
      std::vector<const FunctionFact*> out;
      for (const std::string& key : {canonical_key(table, function.id), canonical_key(pointer, function.id),
                                     canonical_key(any_object, function.id)}) {
        auto it = stores_.find(key);
        if (it == stores_.end()) continue;  // nothing stored there: the initializer left it null
        if (!unite(out, targets_of(it->second))) return std::nullopt;
      }
      return out;
    }
  // `k_all[i]->init`, `(*p)->init` with `p` walking k_all: a field of the
  // table an element of a global array of table pointers points to.
  if (pointer.root == RefRoot::global && pointer.path.size() >= 3 && pointer.path[0] == "[]" &&
      pointer.path[1] == "*" && llvm::all_of(llvm::drop_begin(pointer.path, 2), is_field_element)) {
    std::string key = "g:" + pointer.base + "/[]/*";
    for (const std::string& field : llvm::drop_begin(pointer.path, 2)) key += "/" + field;
    if (auto it = stores_.find(key); it != stores_.end()) return targets_of(it->second);
  }
  // `stack->mod[i]->init`: a field of a table an element of a field's array
  // of table pointers points to ("module_stack::mod/[]/*/module_block::init").
  if (const std::string key = field_array_key(pointer); !key.empty())
    if (auto it = stores_.find(key); it != stores_.end()) return targets_of(it->second);
  const std::string key = canonical_key(pointer, function.id);
  const Stores* stores = stores_at(key);
  // A hook variable nothing in the project sets:
  // - `pcre_free (p)`: a library's own, which the project only declares (a
  //   system header, or a copy of the library's header), holds the library's
  //   default: library code, as a call of a library function is. The only
  //   code that sets a library's hook for this program is the program's.
  // - a program's own holds what it was initialized with, nothing: no code
  //   outside the program links against a program's sources.
  if (!stores && pointer.root == RefRoot::global && pointer.path.empty() &&
      (!project_.defines_variable(pointer.base) || project_.defined_in_program(pointer.base)))
    return std::vector<const FunctionFact*>{};
  if (!stores) {
    const auto every_holder = stores_of_every_holder(key);
    return every_holder ? targets_of(*every_holder) : std::nullopt;
  }
  return targets_of(with_holders(key, *stores));
}

Callables::Stores Callables::with_holders(llvm::StringRef key, const Stores& stores) const {
  auto holders = holder_keys_.find(key);
  auto exact = stores_.find(key);
  if (holders == holder_keys_.end() || exact == stores_.end() || &exact->second != &stores) return stores;
  Stores every = stores;
  for (const std::string& holder : holders->second) every.absorb(stores_.find(holder)->second);
  return every;
}

std::optional<Callables::Stores> Callables::stores_of_every_holder(llvm::StringRef key,
                                                                    llvm::StringRef except) const {
  // Only a field of an object reached through a pointer, a field's
  // ("query::env/*/query_env::attach_sub") or a parameter's or local's
  // ("query_env::attach_sub"): a member object no one stores into holds
  // what its type's own stores say (stores_at).
  const size_t through = key.rfind("/*/");
  if (through == llvm::StringRef::npos && key.contains('/')) return std::nullopt;
  const llvm::StringRef field = through == llvm::StringRef::npos ? key : key.substr(through + 3);
  if (!is_field_element(field)) return std::nullopt;
  const llvm::StringRef type = field.drop_back(field_name(field).size() + 2);
  if (handed_in_types_.contains(unqualified_type_name(type))) return std::nullopt;
  auto it = holder_keys_.find(field);
  if (it == holder_keys_.end()) return std::nullopt;
  Stores out;
  for (const std::string& holder : it->second) {
    if (holder == except) continue;
    const Stores& stores = stores_.find(holder)->second;
    if (stores.unknown) return std::nullopt;
    out.absorb(stores);
  }
  return out;
}

std::optional<std::vector<const FunctionFact*>> Callables::local_copy_targets(const FunctionFact& function,
                                                                              uint32_t index) const {
  // `GErrorClearFunc clear = info->clear; ... clear (error);`: a local
  // function pointer holds the functions it is set to and what the pointers
  // copied into it hold. A parameter, another local or anything else: not known.
  std::vector<const FunctionFact*> out;
  bool stored = false;
  for (const auto& block : function.blocks)
    for (const auto& event : block.events) {
      if (event.kind != EventKind::store_callable || !is_plain_local(event.ref) || event.ref.index != index) continue;
      stored = true;
      if (!event.callee.empty()) {
        const FunctionFact* target = project_.function(event.callee);
        if (!target) return std::nullopt;  // declared only: its body is not known
        if (!llvm::is_contained(out, target)) out.push_back(target);
      } else if (event.text == "null") {
        continue;
      } else if (event.args.empty() || event.args.front().kind != ArgKind::foreign_callable ||
                 is_plain_local(event.args.front().ref) ||
                 !unite(out, pointer_targets(function, event.args.front().ref))) {
        return std::nullopt;
      }
    }
  if (!stored) return std::nullopt;
  return out;
}

std::string Callables::field_array_key(const Ref& pointer) {
  const auto& path = pointer.path;
  for (size_t i = path.size(); i-- > 2;) {
    if (path[i] != "*" || path[i - 1] != "[]" || !is_field_element(path[i - 2])) continue;
    if (i + 1 >= path.size() || !std::all_of(path.begin() + i + 1, path.end(), is_field_element)) return {};
    std::string key = path[i - 2] + "/[]/*";
    for (size_t j = i + 1; j < path.size(); ++j) key += "/" + path[j];
    return key;
  }
  return {};
}

std::optional<std::vector<const FunctionFact*>> Callables::array_local_targets(const FunctionFact& function,
                                                                               const Ref& element) const {
  std::vector<const FunctionFact*> out;
  bool stored = false;
  for (const Event* store : stores_into_local(function, element.index)) {
    if (store->text == "null") continue;
    Ref array;
    if (!store->callee.empty() && store->text.empty()) {
      const FunctionFact* accessor = project_.function(store->callee);
      if (!accessor) return std::nullopt;
      array = accessor->returns;
    } else if (store->text == "copy" && !store->args.empty()) {
      array = store->args.front().ref;
    }
    if (array.root != RefRoot::global || !array.path.empty()) return std::nullopt;
    array.path = element.path;
    if (!unite(out, pointer_targets(function, array))) return std::nullopt;
    stored = true;
  }
  if (!stored) return std::nullopt;
  return out;
}

std::optional<std::vector<const FunctionFact*>> Callables::through_lookup_results(const FunctionFact& function,
                                                                                  const Ref& pointer) const {
  // `const struct codec_ops *c = find_codec (name); c->init (st)`: a local
  // that only lookups set holds what they return, the address of a table in
  // static storage or an element of a global array of table pointers
  // (`return *p;` with `p` walking `k_builtin`).
  if (pointer.root != RefRoot::local || pointer.path.size() < 2 || pointer.path.front() != "*") return std::nullopt;
  std::vector<const FunctionFact*> out;
  bool looked_up = false;
  for (const Event* store : stores_into_local(function, pointer.index)) {
    if (store->text == "null") continue;
    if (store->callee.empty() || !store->text.empty()) return std::nullopt;
    const FunctionFact* lookup = project_.function(store->callee);
    if (!lookup) return std::nullopt;
    Ref value;
    if (is_global_address(lookup->returns)) {
      value.root = RefRoot::call_result;
      value.base = lookup->id;
      value.path = pointer.path;
    } else if (is_global_element(lookup->returns)) {
      value.root = RefRoot::global;
      value.base = lookup->returns.base;
      value.path = {"[]"};
      value.path.insert(value.path.end(), pointer.path.begin(), pointer.path.end());
    } else {
      return std::nullopt;
    }
    if (!unite(out, pointer_targets(function, value))) return std::nullopt;
    looked_up = true;
  }
  if (!looked_up) return std::nullopt;
  // And whatever is stored into that field through any pointer to the type
  // (`c = find_builtin (name); c->flush = flush;` in a public setter).
  Ref any_object;
  any_object.root = RefRoot::param;
  any_object.path = pointer.path;
  if (auto it = stores_.find(canonical_key(any_object, function.id)); it != stores_.end())
    if (!unite(out, targets_of(it->second))) return std::nullopt;
  return out;
}

std::optional<std::vector<const FunctionFact*>> Callables::targets_of(const Stores& stores) const {
  if (stores.unknown) return std::nullopt;
  // Set only to NULL (every caller of the setter passes NULL): a call
  // through it runs nothing.
  std::vector<const FunctionFact*> out;
  for (const auto& id : stores.targets) {
    const FunctionFact* target = project_.function(id);
    if (!target) return std::nullopt;  // declared only: its body is not known
    out.push_back(target);
  }
  return out;
}

bool Callables::runs_only_through_pointers(const FunctionFact& function) const {
  if (project_.escapes_in_tu(function.id)) return false;
  for (const auto& entry : stores_) {
    const Stores& stores = entry.getValue();
    if (llvm::is_contained(stores.targets, function.id) && stores.unknown) return false;
  }
  // Handed to a function of the project: it calls it (a call site the lock
  // contexts see) or stores it (`user_callback = cb;`), and does nothing
  // else with it.
  for (const HandOver& hand_over : project_.hand_overs(function.id)) {
    const FunctionFact* runner = project_.function(hand_over.call->callee);
    if (!runner || hand_over.call->has(event_flags::virtual_call)) return false;
    if (invokes(*runner, hand_over.index)) continue;
    for (const auto& block : runner->blocks)
      for (const auto& event : block.events) {
        if (event.kind == EventKind::store_callable) continue;
        for (const Arg& arg : event.args)
          if (arg.kind == ArgKind::param && arg.index == hand_over.index) return false;
      }
  }
  return true;
}

std::optional<std::string> Callables::stands_in_for(const FunctionFact& function, const Event& call) const {
  if (call.ref.empty()) return std::nullopt;
  const Stores* stores = stores_at(canonical_key(call.ref, function.id));
  if (!stores || stores->outside_default.empty()) return std::nullopt;
  return stores->outside_default;
}

const Callables::Stores* Callables::stores_at(llvm::StringRef key) const {
  if (auto it = stores_.find(key); it != stores_.end()) return &it->second;
  // `registry->names->find`, keyed by the field that holds the pointer
  // ("ht_registry::names/*/ht_table::find"), with no store through that
  // field: the object it points to got its value where it was made, through
  // whatever pointer the maker had ("ht_table::find").
  const size_t through = key.rfind("/*/");
  if (through != llvm::StringRef::npos) {
    key = key.substr(through + 3);
    if (auto it = stores_.find(key); it != stores_.end()) return &it->second;
  }
  // `default_value_.gen_func`, a field of a member object no one stores
  // through the member: what that object's own type stores in the field
  // (its constructor's `gen_func(arg)`).
  const size_t member = key.rfind('/');
  if (member == llvm::StringRef::npos || !is_field_element(key.substr(member + 1))) return nullptr;
  if (auto it = stores_.find(key.substr(member + 1)); it != stores_.end()) return &it->second;
  return nullptr;
}

std::vector<const Arg*> Callables::invoked_args(const Event& call) const {
  std::vector<const Arg*> out;
  if (call.kind != EventKind::call) return out;
  const auto callees = targets(project_, call);
  for (uint32_t i = 0; i < call.args.size(); ++i) {
    const Arg& arg = call.args[i];
    if (!is_callable_kind(arg.kind)) continue;
    bool runs = false;
    if (call.has(event_flags::system)) {
      // Algorithms (std::for_each, std::sort, qsort) run what they are given
      // now; container methods (push, emplace) and registrations (event_set,
      // g_idle_add) store it for later; operators and utilities
      // (`f != nullptr`, std::swap) look at it or move it.
      runs = !call.has(event_flags::method_call) && !library_takes_without_running(call.callee) &&
             !project_.library_registers(call);
    } else if (callees.empty()) {
      runs = true;  // declared only: assume it calls what it is given
    } else {
      for (const FunctionFact* callee : callees) runs = runs || invokes(*callee, i);
    }
    if (runs) out.push_back(&arg);
  }
  return out;
}

void Callables::compute_invokes() {
  for (const FunctionFact* function : project_.functions())
    for (const auto& block : function->blocks)
      for (const auto& event : block.events)
        if (event.kind == EventKind::invoke_param && !event.has(event_flags::captured)) {
          invokes_.insert({function, event.index});
          invocations_.try_emplace({function, event.index}, &event);
        }
  for (unsigned round = 0; round < kMaxRounds; ++round) {
    std::vector<Key> added;
    for (const FunctionFact* function : project_.functions())
      for (const auto& block : function->blocks)
        for (const auto& event : block.events) {
          if (event.kind != EventKind::call) continue;
          for (const Arg* arg : invoked_args(event))
            if (arg->kind == ArgKind::param && !invokes_.contains({function, arg->index}))
              added.push_back({function, arg->index});
        }
    if (added.empty()) break;
    for (const Key& key : added) invokes_.insert(key);
  }
}

bool Callables::invokes(const FunctionFact& function, uint32_t index) const {
  return invokes_.contains({&function, index});
}

const Event* Callables::invocation(const FunctionFact& function, uint32_t index) const {
  auto it = invocations_.find({&function, index});
  return it == invocations_.end() ? nullptr : it->second;
}

void Callables::compute_locks_at_invoke() {
  // Direct invocations first; then, in rounds, locks held where a function
  // passes its parameter on to one that calls it.
  llvm::DenseMap<Key, std::optional<std::vector<HeldLock>>> current;
  auto definitely = [&](const FunctionFact& function, const Event& event) {
    std::vector<HeldLock> out;
    for (const HeldLock& lock : locks_.held_at(function, event).locks)
      if (lock.definitely) out.push_back(lock);
    return out;
  };
  for (unsigned round = 0; round < kMaxRounds; ++round) {
    llvm::DenseMap<Key, std::optional<std::vector<HeldLock>>> next;
    for (const FunctionFact* function : project_.functions())
      for (const auto& block : function->blocks)
        for (const auto& event : block.events) {
          if (event.kind == EventKind::invoke_param && !event.has(event_flags::captured)) {
            meet_locks(next[{function, event.index}], definitely(*function, event));
          } else if (event.kind == EventKind::call) {
            for (const Arg* arg : invoked_args(event)) {
              if (arg->kind != ArgKind::param) continue;
              std::vector<HeldLock> here = definitely(*function, event);
              const uint32_t position = static_cast<uint32_t>(arg - event.args.data());
              for (const FunctionFact* callee : targets(project_, event)) {
                auto it = current.find({callee, position});
                if (it != current.end() && it->second)
                  for (const HeldLock& lock : *it->second)
                    if (llvm::none_of(here, [&](const HeldLock& l) { return l.key == lock.key; }))
                      here.push_back(lock);
              }
              meet_locks(next[{function, arg->index}], std::move(here));
            }
          }
        }
    bool changed = next.size() != current.size();
    for (auto& [key, value] : next)
      if (!changed) {
        auto it = current.find(key);
        changed = it == current.end() || lock_keys(it->second) != lock_keys(value);
      }
    current = std::move(next);
    if (!changed) break;
  }
  for (auto& [key, value] : current)
    if (value && !value->empty()) locks_at_[key] = std::move(*value);
}

std::vector<HeldLock> Callables::locks_at_invoke(const FunctionFact& function, uint32_t index) const {
  auto it = locks_at_.find({&function, index});
  return it == locks_at_.end() ? std::vector<HeldLock>{} : it->second;
}

std::vector<std::string> Callables::released_at_invoke(const FunctionFact& function, uint32_t index) const {
  std::optional<std::vector<std::string>> every;  // released at each invocation so far
  for (const auto& block : function.blocks)
    for (const auto& event : block.events) {
      if (event.kind != EventKind::invoke_param || event.index != index || event.has(event_flags::captured))
        continue;
      const llvm::ArrayRef<std::string> dropped = locks_.dropped_at(event);
      if (!every) {
        every.emplace(dropped.begin(), dropped.end());
        continue;
      }
      llvm::erase_if(*every, [&](const std::string& key) { return !llvm::is_contained(dropped, key); });
    }
  return every.value_or(std::vector<std::string>{});
}

void Callables::compute_library_supplied() {
  for (const FunctionFact* function : project_.functions())
    for (const auto& block : function->blocks)
      for (const auto& event : block.events) {
        if (event.kind != EventKind::call || !llvm::StringRef(event.callee).starts_with("sys:")) continue;
        for (const Arg& arg : event.args) {
          if (arg.kind != ArgKind::lambda && arg.kind != ArgKind::function) continue;
          const FunctionFact* callable = project_.function(arg.function);
          if (!callable) continue;
          for (uint32_t i = 0; i < callable->params.size(); ++i)
            if (callable->params[i].callable)
              library_supplied_.try_emplace({callable, i}, event.callee.substr(4));
        }
      }
}

bool Callables::passes_foreign_pointer(const FunctionFact& caller, const Arg& arg, PassedPointers mode) const {
  // A pointer the project only ever sets to its own functions passes those.
  return arg.kind == ArgKind::foreign_callable && mode != PassedPointers::ignored &&
         !(mode == PassedPointers::by_stores && pointer_targets(caller, arg.ref));
}

void Callables::compute_handed() {
  // A callable parameter called with a callable argument (`f (id, handler)`
  // for each handler a member template's class keeps) hands it to the
  // lambdas and functions the callers pass as that parameter.
  for (const FunctionFact* function : project_.functions())
    for (const auto& block : function->blocks)
      for (const auto& event : block.events) {
        if (event.kind != EventKind::invoke_param ||
            llvm::none_of(event.args, [](const Arg& arg) {
              return arg.kind == ArgKind::foreign_callable || arg.kind == ArgKind::param;
            }))
          continue;
        const FunctionFact* owner = event.has(event_flags::captured) ? project_.function(event.callee) : function;
        if (!owner) continue;
        for (const FunctionFact* callable : passed_callables(*owner, event.index))
          for (uint32_t j = 0; j < event.args.size() && j < callable->params.size(); ++j)
            if (callable->params[j].callable) handed_[{callable, j}].push_back({function, &event.args[j]});
      }
}

namespace {

/// Whether code outside the project can make instantiations of its own of
/// the function template `function` is one of: a visible member template
/// defined in a header (not a program's), whose instantiations with the
/// project's own lambdas have internal linkage but the template does not.
bool instantiable_outside(const Project& project, const FunctionFact& function, const llvm::Regex& internal,
                          bool closed) {
  if (closed || !llvm::StringRef(function.pattern).contains("@FT@") || !function.loc.valid()) return false;
  if (project.in_program_file(function) || !is_visible_outside(function, internal) ||
      llvm::StringRef(function.name).contains("(anonymous namespace)"))
    return false;
  const llvm::StringRef extension = llvm::sys::path::extension(project.file(function.loc.file));
  return extension.empty() || llvm::is_contained({".h", ".hh", ".hpp", ".hxx", ".inl", ".ipp", ".tcc"}, extension);
}

/// Whether `function` stores its parameter `index` into a callable place of
/// its own (a store_callable event: a function pointer or type-erased member).
bool stores_param(const FunctionFact& function, uint32_t index) {
  for (const auto& block : function.blocks)
    for (const auto& event : block.events)
      if (event.kind == EventKind::store_callable && !event.args.empty() && event.args[0].kind == ArgKind::param &&
          event.args[0].index == index)
        return true;
  return false;
}

}  // namespace

void Callables::compute_foreign_sources(PassedPointers passed_pointers) {
  foreign_.clear();
  for (const auto& [key, library] : library_supplied_)
    foreign_[key] = "'" + library + "' calls it with values of its own";
  // Seeds: entry points and callers passing foreign callables.
  for (const FunctionFact* function : project_.functions()) {
    for (uint32_t i = 0; i < function->params.size(); ++i) {
      // A function template's parameter that it stores into a type-erased
      // member (`template <class F> OnceCallback (F&& f) : fn_ (std::forward<F>
      // (f))`, where `f` is the project's own lambda in each instantiation the
      // project makes): code outside the project instantiates the template with its
      // own callables, and the member keeps any of them, whatever the
      // project's own instantiations are given.
      // (A class template's own parameters make another class, with members
      // of its own.)
      if (stores_param(*function, i) && instantiable_outside(project_, *function, internal_namespaces_, closed_)) {
        foreign_[{function, i}] = "'" + function->name + "' can be instantiated from outside the project";
        continue;
      }
      if (!function->params[i].callable) continue;
      if (is_entry_point(project_, *function, internal_namespaces_, closed_)) {
        foreign_[{function, i}] = project_.address_taken(function->id)
                                      ? "'" + function->name + "' is used as a callback"
                                      : "'" + function->name + "' is an entry point of the project";
        continue;
      }
      // A parameter of a fixed callable type (function pointer, std::function)
      // on a function others can call accepts any code of that signature: the
      // project's own callers are a sample, not the set.
      if (function->params[i].type_erased && is_externally_callable(project_, *function, internal_namespaces_, closed_)) {
        foreign_[{function, i}] = "'" + function->name + "' can be called from outside the project";
        continue;
      }
      for (const CallSite& site : project_.callers(function->id)) {
        if (i >= site.event->args.size()) continue;
        const Arg& arg = site.event->args[i];
        if (passes_foreign_pointer(*site.caller, arg, passed_pointers)) {
          foreign_[{function, i}] = "'" + site.caller->name + "' passes '" + arg.text + "'";
          break;
        }
      }
    }
  }
  for (const auto& [key, handings] : handed_) {
    if (foreign_.count(key)) continue;
    for (const Handing& handing : handings)
      if (passes_foreign_pointer(*handing.caller, *handing.arg, passed_pointers)) {
        foreign_[key] = "'" + handing.caller->name + "' passes '" + handing.arg->text + "'";
        break;
      }
  }
  // Callers that pass on a parameter that is itself foreign.
  for (unsigned round = 0; round < kMaxRounds; ++round) {
    std::vector<std::pair<Key, std::string>> added;
    auto passed_on = [&](const FunctionFact& from, const Arg& arg, const Key& to) {
      if (arg.kind != ArgKind::param) return false;
      auto it = foreign_.find({&from, arg.index});
      if (it == foreign_.end()) return false;
      added.push_back({to, it->second});
      return true;
    };
    for (const FunctionFact* function : project_.functions())
      for (uint32_t i = 0; i < function->params.size(); ++i) {
        if (foreign_.count({function, i})) continue;
        if (llvm::any_of(project_.callers(function->id), [&](const CallSite& site) {
              return i < site.event->args.size() && passed_on(*site.caller, site.event->args[i], {function, i});
            }))
          continue;
        if (auto it = handed_.find({function, i}); it != handed_.end())
          for (const Handing& handing : it->second)
            if (passed_on(*handing.caller, *handing.arg, {function, i})) break;
      }
    if (added.empty()) break;
    for (auto& [key, why] : added) foreign_.try_emplace(key, std::move(why));
  }
}

std::string Callables::hands_foreign(const FunctionFact& runner, uint32_t index, uint32_t position) const {
  llvm::DenseSet<Key> seen;
  std::vector<Key> work{{&runner, index}};
  while (!work.empty()) {
    const auto [function, param] = work.back();
    work.pop_back();
    if (!seen.insert({function, param}).second) continue;
    for (const auto& block : function->blocks)
      for (const auto& event : block.events) {
        if (event.kind == EventKind::invoke_param && !event.has(event_flags::captured) && event.index == param &&
            position < event.args.size()) {
          const Arg& arg = event.args[position];
          if (passes_foreign_pointer(*function, arg, PassedPointers::by_stores))
            return "'" + function->name + "' passes '" + arg.text + "'";
          if (arg.kind == ArgKind::param)
            if (auto it = foreign_.find({function, arg.index}); it != foreign_.end()) return it->second;
        } else if (event.kind == EventKind::call) {
          for (const Arg* arg : invoked_args(event))
            if (arg->kind == ArgKind::param && arg->index == param)
              for (const FunctionFact* callee : targets(project_, event))
                work.push_back({callee, static_cast<uint32_t>(arg - event.args.data())});
        }
      }
  }
  return {};
}

std::vector<const FunctionFact*> Callables::passed_callables(const FunctionFact& function, uint32_t index) const {
  std::vector<const FunctionFact*> out;
  llvm::DenseSet<Key> seen;
  std::vector<Key> work{{&function, index}};
  while (!work.empty()) {
    const auto [callee, position] = work.back();
    work.pop_back();
    if (!seen.insert({callee, position}).second) continue;
    for (const CallSite& site : project_.callers(callee->id)) {
      if (position >= site.event->args.size()) continue;
      const Arg& arg = site.event->args[position];
      if (arg.kind == ArgKind::param) {
        work.push_back({site.caller, arg.index});
      } else if (arg.kind == ArgKind::lambda || arg.kind == ArgKind::function) {
        const FunctionFact* callable = project_.function(arg.function);
        if (callable && !llvm::is_contained(out, callable)) out.push_back(callable);
      }
    }
  }
  return out;
}

bool Callables::foreign_sourced(const FunctionFact& function, uint32_t index) const {
  return foreign_.count({&function, index}) != 0;
}

std::string Callables::library_supplier(const FunctionFact& function, uint32_t index) const {
  auto it = library_supplied_.find({&function, index});
  return it == library_supplied_.end() ? std::string() : it->second;
}

std::string Callables::foreign_source(const FunctionFact& function, uint32_t index) const {
  auto it = foreign_.find({&function, index});
  return it == foreign_.end() ? std::string() : it->second;
}

}  // namespace concur::analyzer_internal

#include "project/ObjectCallbacks.h"

#include "llvm/ADT/STLExtras.h"

namespace concur::analyzer_internal {
namespace {

/// The field `ref` names on the object a factory makes: `hash_table->key_destroy_func`
/// on the local it returns, or `deleter_` in a constructor (`: deleter_ (d)`). Empty otherwise.
llvm::StringRef made_field(const FunctionFact& function, const Ref& ref) {
  if (function.returns_local != kNoLocal && ref.root == RefRoot::local && ref.index == function.returns_local &&
      ref.path.size() == 2 && ref.path[0] == "*")
    return ref.path[1];
  if (function.has(function_flags::constructor) && ref.root == RefRoot::this_object && ref.path.size() == 1)
    return ref.path[0];
  return {};
}

}  // namespace

ObjectCallbacks::ObjectCallbacks(const Project& project, PointerTargets pointer_targets)
    : project_(project), pointer_targets_(std::move(pointer_targets)) {
  for (const FunctionFact* function : project.functions()) {
    // A specialization's stores are its original's.
    if (function->has(function_flags::specialization)) continue;
    for (const auto& block : function->blocks)
      for (const auto& event : block.events) {
        if (event.kind == EventKind::store_object) {
          if (std::string key = holder_key(event.ref); !key.empty()) holder_stores_[key].push_back(&event);
        } else if (event.kind == EventKind::store_callable && !event.ref.path.empty() &&
                   is_field_element(event.ref.path.back()) && made_field(*function, event.ref).empty()) {
          // `q->free = NULL` in a reset, `q->free = free_default`: null runs
          // nothing, and a function of the project is one more value.
          if (event.text == "null") continue;
          auto add = [&](ElsewhereStores& into, bool any_object) {
            if (event.callee.empty()) into.unknown = true;
            else into.functions.push_back(HeldFunction{event.callee, event.loc, -1, any_object});
          };
          // Into one table in static storage by name (`static const struct ops
          // text_ops = {...}`, an element of `k_tables[]`), or through a
          // pointer, which may point to any object of the type.
          if (const std::string table = static_object_key(event.ref); !table.empty())
            add(in_static_objects_[table], false);
          else
            add(set_elsewhere_[event.ref.path.back()], true);
        }
      }
  }
}

std::string ObjectCallbacks::holder_key(const Ref& holder) {
  for (auto it = holder.path.rbegin(); it != holder.path.rend(); ++it)
    if (is_field_element(*it)) return *it;
  if (holder.root == RefRoot::global && !holder.base.empty()) return "g:" + holder.base;
  return {};
}

std::optional<std::vector<ObjectCallbacks::HeldFunction>> ObjectCallbacks::held(llvm::StringRef holder_key,
                                                                                llvm::StringRef field) const {
  if (holder_key.empty()) return std::nullopt;
  auto stores = holder_stores_.find(holder_key);
  if (stores == holder_stores_.end()) return std::nullopt;  // set some other way (an out-parameter)
  // Holders that copy each other (`a = b; b = a;`): a cycle is not known.
  const std::string guard = "holder:" + holder_key.str() + '\0' + field.str();
  if (!in_progress_.try_emplace(guard).second) return std::nullopt;
  std::optional<std::vector<HeldFunction>> out = set_elsewhere(field);
  for (const Event* store : stores->second)
    if (out && !stored_values(*store, field, *out)) {
      out.reset();
      break;
    }
  in_progress_.erase(guard);
  return out;
}

std::optional<std::vector<ObjectCallbacks::HeldFunction>> ObjectCallbacks::held_by_local(
    const FunctionFact& function, uint32_t index, llvm::StringRef field) const {
  const std::vector<const Event*> stores = stores_into_local(function, index);
  if (stores.empty()) return std::nullopt;  // a parameter's alias, or set some other way
  std::optional<std::vector<HeldFunction>> out = set_elsewhere(field);
  for (const Event* store : stores)
    if (out && !stored_values(*store, field, *out, /*own_params=*/true)) out.reset();
  return out;
}

std::optional<std::vector<std::string>> ObjectCallbacks::returned_by(llvm::StringRef callee,
                                                                    llvm::StringRef field) const {
  const FunctionFact* factory = project_.function(callee);
  if (!factory) return std::nullopt;
  Values made = made_by(*factory, field);
  if (!made) return std::nullopt;
  std::vector<std::string> out;
  for (const Value& value : *made) {
    if (value.param >= 0) return std::nullopt;  // what the call passes
    if (!llvm::is_contained(out, value.function)) out.push_back(value.function);
  }
  return out;
}

std::string ObjectCallbacks::static_object_key(const Ref& place) {
  using Path = std::vector<std::string>;
  if (place.root != RefRoot::global || place.path.empty() || place.base.empty()) return {};
  Path object(place.path.begin(), place.path.end() - 1);
  if (!object.empty() && object != Path{"[]"}) return {};
  return place.base + '\0' + place.path.back();
}

std::optional<std::vector<ObjectCallbacks::HeldFunction>> ObjectCallbacks::held_at(const Ref& place,
                                                                                  llvm::StringRef field) const {
  using Path = std::vector<std::string>;
  if (place.root != RefRoot::global || (place.path != Path{"&"} && place.path != Path{"[]", "&"}))
    return held(holder_key(place), field);
  // Set by its initializer, by stores into it by name, and by stores through
  // pointers, which may point to it.
  std::vector<HeldFunction> out;
  for (const auto* stores : {&in_static_objects_, &set_elsewhere_}) {
    const std::string key = stores == &in_static_objects_ ? place.base + '\0' + field.str() : field.str();
    auto it = stores->find(key);
    if (it == stores->end()) continue;
    if (it->second.unknown) return std::nullopt;
    llvm::append_range(out, it->second.functions);
  }
  return out;
}

std::optional<std::vector<ObjectCallbacks::HeldFunction>> ObjectCallbacks::set_elsewhere(llvm::StringRef field) const {
  auto elsewhere = set_elsewhere_.find(field);
  if (elsewhere == set_elsewhere_.end()) return std::vector<HeldFunction>{};
  if (elsewhere->second.unknown) return std::nullopt;
  return elsewhere->second.functions;
}

bool ObjectCallbacks::stored_values(const Event& store, llvm::StringRef field, std::vector<HeldFunction>& out,
                                    bool own_params) const {
  auto add = [&](const std::string& function, Loc at, int param = -1, bool any_object = false) {
    auto same = llvm::find_if(out, [&](const HeldFunction& held) { return held.function == function && held.param == param; });
    if (same == out.end()) out.push_back(HeldFunction{function, at, param, any_object});
    else if (!any_object) same->any_object = false;  // this object's own, not only any object's
  };
  if (store.text == "null") return true;
  if (store.text == "copy") {
    if (store.args.empty()) return false;
    auto copied = held_at(store.args[0].ref, field);
    if (!copied) return false;
    for (const HeldFunction& function : *copied) add(function.function, function.made_at, -1, function.any_object);
    return true;
  }
  std::vector<Value> seen;
  if (!made_by_call(store.callee, store.args, field, seen)) return false;
  for (const Value& value : seen) {
    if (value.param >= 0 && !own_params) return false;  // the storing function's caller decides
    add(value.function, store.loc, value.param);
  }
  return true;
}

bool ObjectCallbacks::made_by_call(llvm::StringRef callee, const std::vector<Arg>& args, llvm::StringRef field,
                                   std::vector<Value>& out) const {
  const FunctionFact* factory = project_.function(callee);
  if (!factory) return false;  // not a call, or a function the project does not define
  Values made = made_by(*factory, field);
  if (!made) return false;
  for (const Value& value : *made)
    if (!through_args(value, args, out)) return false;
  return true;
}

bool ObjectCallbacks::through_args(const Value& value, const std::vector<Arg>& args, std::vector<Value>& out) {
  if (value.param < 0) {
    out.push_back(value);
    return true;
  }
  if (static_cast<size_t>(value.param) >= args.size()) return false;
  const Arg& arg = args[value.param];
  if (arg.text == "null") return true;  // nothing to call
  if (arg.kind == ArgKind::function || arg.kind == ArgKind::lambda) {
    out.push_back(Value{arg.function, -1});
    return true;
  }
  if (arg.kind == ArgKind::param) {
    out.push_back(Value{{}, static_cast<int>(arg.index)});
    return true;
  }
  return false;  // a pointer read from elsewhere, or an expression
}

ObjectCallbacks::Values ObjectCallbacks::made_by(const FunctionFact& factory, llvm::StringRef field) const {
  std::string key = factory.id + '\0' + field.str();
  if (auto it = made_.find(key); it != made_.end()) return it->second;
  if (!in_progress_.try_emplace(key).second) return std::nullopt;  // recursion: not known
  Values values = compute_made_by(factory, field);
  in_progress_.erase(key);
  made_.try_emplace(key, values);
  return values;
}

ObjectCallbacks::Values ObjectCallbacks::compute_made_by(const FunctionFact& factory,
                                                         llvm::StringRef field) const {
  // `return *p;` with `p` walking `k_builtin[]`, `return &all_mechanisms[i];`:
  // an object in static storage, or one a global holds.
  if (factory.returns.root == RefRoot::global) {
    auto held = held_at(factory.returns, field);
    if (!held) return std::nullopt;
    std::vector<Value> out;
    for (const HeldFunction& function : *held) out.push_back(Value{function.function, -1});
    return out;
  }
  const Event* returned_call =
      factory.returns_call != kNoEvent ? project_.event(factory, factory.returns_call) : nullptr;
  // `return new LruCache (capacity, deleter);`: what that constructor makes
  // of these arguments, the factory's own parameters among them.
  if (returned_call && returned_call->kind == EventKind::call) {
    std::vector<Value> out;
    if (!made_by_call(returned_call->callee, returned_call->args, field, out)) return std::nullopt;
    return out;
  }
  // `return (*fb[i]) ();` with `fb` a table of getters: what each getter the
  // pointer may hold returns. A getter that makes its object from what the
  // call passes is not followed.
  if (returned_call && returned_call->kind == EventKind::foreign) {
    if (!pointer_targets_) return std::nullopt;
    auto getters = pointer_targets_(factory, *returned_call);
    if (!getters || getters->empty()) return std::nullopt;
    std::vector<Value> out;
    for (const FunctionFact* getter : *getters) {
      Values made = made_by(*getter, field);
      if (!made) return std::nullopt;
      for (const Value& value : *made) {
        if (value.param >= 0) return std::nullopt;
        if (!llvm::is_contained(out, value)) out.push_back(value);
      }
    }
    return out;
  }
  // `hash_table->key_destroy_func = key_destroy_func; ... return hash_table;`,
  // `Table (Deleter d) : deleter_ (d) {}`
  if (factory.returns_local != kNoLocal || factory.has(function_flags::constructor)) {
    std::vector<Value> out;
    bool stored = false;
    for (const auto& block : factory.blocks)
      for (const auto& event : block.events) {
        if (event.kind != EventKind::store_callable || made_field(factory, event.ref) != field) continue;
        stored = true;
        if (!event.callee.empty()) out.push_back(Value{event.callee, -1});
        else if (event.text == "null") continue;
        else if (!event.args.empty() && event.args[0].kind == ArgKind::param)
          out.push_back(Value{{}, static_cast<int>(event.args[0].index)});
        else return std::nullopt;
      }
    if (stored) return out;
    if (factory.returns_local == kNoLocal) return std::nullopt;  // a constructor that leaves it to others
    // `table *t = table_new_full (free_name, NULL); ... return t;`: what the
    // calls that set the local made. Set any other way (an allocation, whose
    // fields the facts do not know): not known.
    bool made = false;
    for (const Event* store : stores_into_local(factory, factory.returns_local)) {
      if (store->text == "null") continue;
      if (!made_by_call(store->callee, store->args, field, out)) return std::nullopt;
      made = true;
    }
    if (!made) return std::nullopt;
    return out;
  }
  // `return g_hash_table_new_full (hash_func, key_equal_func, NULL, NULL);`
  if (factory.returns.root == RefRoot::call_result && factory.returns.path.empty()) {
    const FunctionFact* inner = project_.function(factory.returns.base);
    if (!inner) return std::nullopt;
    std::vector<Value> out;
    bool called = false;
    for (const auto& block : factory.blocks)
      for (const auto& event : block.events) {
        if (event.kind != EventKind::call || project_.original(event.callee) != inner->id) continue;
        called = true;
        if (!made_by_call(inner->id, event.args, field, out)) return std::nullopt;
      }
    if (!called) return std::nullopt;
    return out;
  }
  return std::nullopt;
}

}  // namespace concur::analyzer_internal

// Which functions the function pointers of an object may run, judged by
// where the object is held. A C library's container carries its callbacks
// per object (`g_hash_table_new_full (hash, equal, key_destroy, value_destroy)`),
// so over the whole project its `key_destroy_func` may be anything a user
// passes; the table a field holds, though, is the one its creating call made
// (`context->sources = g_hash_table_new (NULL, NULL)`: no destroy function).
//
// The answer is known when:
//   - every store into the field that holds the object (any object's: fields
//     are instance-insensitive) is the result of a call of a project function;
//   - that function is a factory: it returns a local it filled in, or a
//     local another factory's call set, or what another factory returns,
//     followed through the arguments each call passes, or what every
//     function a pointer it calls may hold returns (`return (*fb[i]) ();`,
//     a getter from a table of getters); or it returns a
//     table in static storage (`return &all_mechanisms[i];`, `return *p;`
//     with `p` walking an array of table pointers);
//   - outside factories (on the object they return), the function pointer
//     field is only ever set to null or to functions of the project (no
//     setter gives it a caller's value later); those functions count too.
// Otherwise it is not known, and a call through the pointer stays foreign.
#pragma once

#include "project/Project.h"

#include "llvm/ADT/StringMap.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace concur::analyzer_internal {

class ObjectCallbacks {
public:
  /// The functions a call through a function pointer (a foreign event of
  /// the function) may reach; nullopt when not known (Callables::pointer_targets).
  using PointerTargets =
      std::function<std::optional<std::vector<const FunctionFact*>>(const FunctionFact&, const Event&)>;

  ObjectCallbacks(const Project& project, PointerTargets pointer_targets);

  /// The key of the place a pointer to an object is held: its last field
  /// ("_GMainContext::sources"), or a global holding it ("g:<id>"); empty
  /// when `holder` names neither.
  static std::string holder_key(const Ref& holder);

  /// A function an object's function pointer may hold, and the store that
  /// put the object made with it where it is held. For the objects a local
  /// points to, `param` >= 0 instead stands for whatever the local's
  /// function is passed as that parameter (`bytes = g_bytes_new_with_free_func
  /// (data, size, notify, user_data)` in a function taking `notify`).
  struct HeldFunction {
    std::string function;
    Loc made_at;
    int param = -1;
    /// Stored through a pointer outside the objects' makers
    /// (`listSetFreeMethod (l, f)` on some list): an object of the type may
    /// hold it, this one need not.
    bool any_object = false;
  };
  /// The functions the function pointer field `field` of the objects held
  /// at `holder_key` may hold (none: always null); nullopt when not known.
  std::optional<std::vector<HeldFunction>> held(llvm::StringRef holder_key, llvm::StringRef field) const;
  /// The same for the objects `function`'s local `index` points to: what
  /// the calls that set it made, or what the holders it copies hold
  /// (`table *t = c->sources;`); a value from one of `function`'s own
  /// parameters is a HeldFunction with that `param`.
  std::optional<std::vector<HeldFunction>> held_by_local(const FunctionFact& function, uint32_t index,
                                                         llvm::StringRef field) const;

  /// The functions `field` holds in the object a call of `callee` returns
  /// (`find_codec (name)->encode (...)`), when that does not depend on what
  /// the call passes; nullopt when not known.
  std::optional<std::vector<std::string>> returned_by(llvm::StringRef callee, llvm::StringRef field) const;

private:
  /// A value a factory gives a field of the object it returns: a function,
  /// or whatever its caller passes as parameter `param`.
  struct Value {
    std::string function;
    int param = -1;
    friend bool operator==(const Value&, const Value&) = default;
  };
  using Values = std::optional<std::vector<Value>>;  ///< nullopt: not known

  /// What `factory` stores in `field` of the object it returns.
  Values made_by(const FunctionFact& factory, llvm::StringRef field) const;
  Values compute_made_by(const FunctionFact& factory, llvm::StringRef field) const;
  /// What `field` is set to through pointers outside factories: none,
  /// functions of the project, or nullopt (a caller's value).
  std::optional<std::vector<HeldFunction>> set_elsewhere(llvm::StringRef field) const;
  /// What `field` holds in the object `place` gives: when it is the address
  /// of a table in static storage (`&gzip_ops`, `&all_mechanisms[i]`), what
  /// its initializer and stores into it or through pointers put there;
  /// otherwise what the object held at `place` carries.
  std::optional<std::vector<HeldFunction>> held_at(const Ref& place, llvm::StringRef field) const;
  /// What the object a store puts in its holder carries in `field`; false
  /// when unknown. A copy of another holder is judged by what that holds.
  /// `own_params`: a value from the storing function's parameter is kept
  /// as such (the store is into that function's local), not unknown.
  bool stored_values(const Event& store, llvm::StringRef field, std::vector<HeldFunction>& out,
                     bool own_params = false) const;
  /// What a call of `callee` with `args` makes `field` of the object it
  /// returns, as the caller sees it (its own parameters for what it passes
  /// on), added to `out`; false when not known.
  bool made_by_call(llvm::StringRef callee, const std::vector<Arg>& args, llvm::StringRef field,
                    std::vector<Value>& out) const;
  /// `value` as the caller that passes `args` sees it; false when unknown.
  static bool through_args(const Value& value, const std::vector<Arg>& args, std::vector<Value>& out);

  const Project& project_;
  PointerTargets pointer_targets_;
  llvm::StringMap<std::vector<const Event*>> holder_stores_;  ///< holder key -> store_object events
  /// What function pointer fields are set to outside a factory's object.
  struct ElsewhereStores {
    std::vector<HeldFunction> functions;
    bool unknown = false;  ///< a parameter or any other value
  };
  /// By field, the stores through pointers (`q->free = free_default`), which
  /// may reach any object of the type.
  llvm::StringMap<ElsewhereStores> set_elsewhere_;
  /// By static_object_key, the stores into a table in static storage by its
  /// name (its initializer's among them): they reach that table only.
  llvm::StringMap<ElsewhereStores> in_static_objects_;
  /// "id\0field" for a store into `field` of a global object or of an
  /// element of a global array of objects; empty for any other place.
  static std::string static_object_key(const Ref& place);
  mutable llvm::StringMap<Values> made_;  ///< factory id + '\0' + field
  mutable llvm::StringMap<char> in_progress_;
};

}  // namespace concur::analyzer_internal

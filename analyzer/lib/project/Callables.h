// What happens to callables across the project: which parameters a function
// calls (itself or by passing them on), which locks are held when it does,
// and which parameters receive code from outside the project (or from a
// std::function member, a function pointer variable ...) rather than a
// lambda its callers wrote.
#pragma once

#include "project/LockFlow.h"
#include "project/Project.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Regex.h"

#include <optional>

namespace concur::analyzer_internal {

class Callables {
public:
  /// Who may call the project's functions and hand them code.
  enum class World {
    /// Any program may link the project's libraries and call what they export.
    open,
    /// Only the project's executables run: what holds for code in a source
    /// compiled only into executables (Project::in_executable_file), which
    /// nothing links against. A library the executable links calls only
    /// what the project hands it; a function pointer its public setters
    /// keep holds what the project's own callers pass.
    executables,
  };

  /// `internal_namespaces`: a regex on qualified names of functions that are
  /// the project's own plumbing (never entry points for outside code).
  Callables(const Project& project, const LockFlow& locks, const std::string& internal_namespaces,
            World world = World::open);

  /// Whether `function` calls its parameter `index` (directly, or by
  /// passing it to a function that does, or to a standard algorithm).
  bool invokes(const FunctionFact& function, uint32_t index) const;
  /// Where it does, when it calls it itself (the first such place).
  const Event* invocation(const FunctionFact& function, uint32_t index) const;
  /// The locks definitely held whenever parameter `index` may be called.
  std::vector<HeldLock> locks_at_invoke(const FunctionFact& function, uint32_t index) const;
  /// The locks, named in `function`'s frame, that it has released wherever it
  /// calls parameter `index` itself (dbus's protected_change_watch drops the
  /// server lock around the watch function it is given). Empty when it only
  /// passes the parameter on.
  std::vector<std::string> released_at_invoke(const FunctionFact& function, uint32_t index) const;
  /// Whether parameter `index` may receive a callable the project did not
  /// write: the function is an entry point of the project (externally
  /// callable, no caller outside tests), its address is taken, or a caller
  /// passes a std::function member, a function pointer or its own such parameter.
  bool foreign_sourced(const FunctionFact& function, uint32_t index) const;
  /// Why (for notes): the function at the top of the chain, or the call that
  /// passes the foreign callable.
  std::string foreign_source(const FunctionFact& function, uint32_t index) const;
  /// The callable arguments of `call` that the callee runs before returning.
  std::vector<const Arg*> invoked_args(const Event& call) const;
  /// The lambdas and functions the callers of `function` pass as its
  /// parameter `index`, also through callers that pass their own parameter on.
  std::vector<const FunctionFact*> passed_callables(const FunctionFact& function, uint32_t index) const;
  /// Whether `runner` calls what it is given as parameter `index` (itself, or
  /// through the functions it passes it on to) with a callable the project
  /// does not write as that callable's parameter `position`: why (the call
  /// that hands it over), or empty.
  std::string hands_foreign(const FunctionFact& runner, uint32_t index, uint32_t position) const;
  /// The functions a call through a function pointer (a foreign event with
  /// the pointer's reference) may reach, when every value the project stores
  /// in that pointer is a function of the project; nullopt otherwise (a value
  /// from a parameter or from outside: foreign).
  std::optional<std::vector<const FunctionFact*>> pointer_targets(const FunctionFact& function,
                                                                  const Event& call) const;
  /// The function from outside the project a function pointer called at
  /// `call` stands in for: its default, the value its static initializer
  /// gives it (`static struct allocator a = {malloc, realloc, calloc, free};`).
  /// Whatever replaces it keeps that function's contract.
  std::optional<std::string> stands_in_for(const FunctionFact& function, const Event& call) const;
  /// The library function (`std::for_each`) that fills parameter `index` of
  /// `function`, a callable the project hands it, with values of its own
  /// (elements of a range): foreign where it is called. Empty when none does.
  std::string library_supplier(const FunctionFact& function, uint32_t index) const;
  /// The same for a function pointer `function` reads and passes on (`op_`
  /// in `Copy(op_, from, to)`): what that pointer may hold.
  std::optional<std::vector<const FunctionFact*>> pointer_targets(const FunctionFact& function,
                                                                  const Ref& pointer) const;
  /// The same for a field reached through a local that only calls of
  /// lookups set, each returning a table in static storage; nullopt when
  /// some store is anything else.
  std::optional<std::vector<const FunctionFact*>> through_lookup_results(const FunctionFact& function,
                                                                         const Ref& pointer) const;

  /// The key of the stores a call through an element of a field's array of
  /// table pointers reaches (`stack->mod[i]->init`:
  /// "module_stack::mod/[]/*/module_block::init"); empty for another pointer.
  static std::string field_array_key(const Ref& pointer);

  /// The same for an element of the array of function pointers a local of
  /// `function` points to (`fb[i]`): every store into the local must be a
  /// global array, or the call of an accessor that returns one.
  std::optional<std::vector<const FunctionFact*>> array_local_targets(const FunctionFact& function,
                                                                      const Ref& element) const;

  /// The same for local function pointer `index` of `function`
  /// (`GErrorClearFunc clear = info->clear;`): the functions it is set to
  /// and what every pointer copied into it holds; nullopt when some value is
  /// not known (a parameter, a call's result) or nothing sets it.
  std::optional<std::vector<const FunctionFact*>> local_copy_targets(const FunctionFact& function,
                                                                     uint32_t index) const;

  /// Whether `function` runs only where the project calls it: directly, by
  /// a function it is handed to that calls it, or through function pointers
  /// whose every value the project knows. Its address goes nowhere else (no
  /// library keeps it, no pointer with unknown values holds it, no function
  /// it is handed to passes it on).
  bool runs_only_through_pointers(const FunctionFact& function) const;

private:
  using Key = std::pair<const FunctionFact*, uint32_t>;
  void compute_invokes();
  void compute_locks_at_invoke();
  /// What a function pointer a caller passes makes of the parameter.
  enum class PassedPointers {
    ignored,    ///< nothing yet: the first round, before any stores are known
    by_stores,  ///< foreign when what the project stores in it is not known (stores_)
    foreign,    ///< foreign, whatever it holds
  };
  void compute_foreign_sources(PassedPointers passed_pointers);
  /// Whether `arg`, a function pointer or callable object `caller` passes,
  /// may hold code the project does not show, as `mode` reads pointers.
  bool passes_foreign_pointer(const FunctionFact& caller, const Arg& arg, PassedPointers mode) const;
  /// The callable arguments calls of callable parameters hand to the
  /// parameters of the lambdas and functions passed there (handed_).
  void compute_handed();
  /// Callables of the project handed to a library function
  /// (`std::for_each (cbs_.begin (), cbs_.end (), [id] (auto& cb) { cb (id); })`):
  /// the library calls them with values of its own, so their callable
  /// parameters take code the project does not show.
  void compute_library_supplied();
  void compute_pointer_stores();
  /// The stores of the global tables a table pointer field may point to
  /// (`transport->vtable = &socket_vtable`) count as stores through it.
  void add_table_stores();
  /// A pointer set from another (`copy->free = orig->free`) may hold what
  /// that one holds.
  void add_copied_stores(llvm::ArrayRef<std::pair<std::string, std::string>> copies);

  const Project& project_;
  const LockFlow& locks_;
  llvm::Regex internal_namespaces_;
  bool closed_;  ///< World::executables
  llvm::DenseSet<Key> invokes_;
  llvm::DenseMap<Key, const Event*> invocations_;
  llvm::DenseMap<Key, std::vector<HeldLock>> locks_at_;
  llvm::DenseMap<Key, std::string> foreign_;
  llvm::DenseMap<Key, std::string> library_supplied_;  ///< the library function (compute_library_supplied)
  /// Where a callable's parameter is handed a callable: the function calling
  /// its own callable parameter with it, and the argument (compute_handed).
  struct Handing {
    const FunctionFact* caller;
    const Arg* arg;
  };
  llvm::DenseMap<Key, std::vector<Handing>> handed_;
  struct Stores {
    std::vector<std::string> targets;
    bool unknown = false;
    std::string outside_default;  ///< a function the project does not define, set by a static initializer
    /// Adds what `other` may hold (not its default); whether anything changed.
    bool absorb(const Stores& other);
  };
  llvm::StringMap<Stores> stores_;  ///< function pointer key -> what is stored there
  /// By field ("query_env::attach_sub"), the keys of stores_ that reach it
  /// through a holder ("lib_worker::env/*/query_env::attach_sub").
  llvm::StringMap<std::vector<std::string>> holder_keys_;
  /// The unqualified names of the record types that functions outside code
  /// can call take by pointer or reference: objects outside code may make.
  llvm::StringSet<> handed_in_types_;
  /// Whether parameter `index` of `function` may receive a value the project
  /// does not show: a caller passes foreign code, or code outside the
  /// project can call `function`.
  bool takes_outside_values(const FunctionFact& function, uint32_t index) const;
  /// Adds to `into`, the stores at `key`, what the callers of `function`
  /// pass for its parameter `index`, following callers that pass their own
  /// parameter on; a pointer passed adds a copy from its key to `copies`.
  void add_passed_values(const FunctionFact& function, uint32_t index, const std::string& key, Stores& into,
                         std::vector<std::pair<std::string, std::string>>& copies,
                         llvm::DenseSet<Key>& seen) const;
  /// What is stored at `key`, or, for a field reached through a pointer field
  /// or a member object no one stores through, at that field of any object
  /// of its type.
  const Stores* stores_at(llvm::StringRef key) const;
  /// `qstate->env->attach_sub`: a field of an object that a pointer no store
  /// names points to. When code outside the project cannot hand the project
  /// an object of the type (no function it can call takes one), every such
  /// object is one of the project's holders' (`worker->env.attach_sub = ...`,
  /// `w->env->attach_sub = ...`), and the field holds what the stores into
  /// it through any holder put there (but `except`, the copy being made).
  /// Nullopt when that is not so, or no holder's store is known.
  std::optional<Stores> stores_of_every_holder(llvm::StringRef key, llvm::StringRef except = {}) const;
  /// `stores`, found at `key`, with what the stores through each holder of
  /// the field put there when `key` names the field of any object of its
  /// type (`h->notify`: also `t->items[i].notify = notify` in the table's
  /// add, not only `h->notify = NULL`).
  Stores with_holders(llvm::StringRef key, const Stores& stores) const;
  /// The functions `stores` may hold, when every one is the project's own.
  std::optional<std::vector<const FunctionFact*>> targets_of(const Stores& stores) const;
};

}  // namespace concur::analyzer_internal

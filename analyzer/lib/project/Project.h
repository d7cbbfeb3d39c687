// The project: every TU's facts merged (one function per identity, one file
// table), with the indexes the analyses need: who calls whom, which methods
// override which, which variables are shared. Built once; read-only after
// `finish()`.
#pragma once

#include "config/OwnedGlob.h"
#include "facts/Facts.h"
#include "facts/RefKeys.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace concur::analyzer_internal {

/// A library function that takes a callable without running it before it
/// returns: an operator (`f != nullptr`, `g = f`) or a utility that moves,
/// stores or wraps it (std::swap, std::bind, std::make_pair).
bool library_takes_without_running(llvm::StringRef callee);
/// Whether a call of a library function keeps a callable argument beyond
/// the call: container methods and the utilities above, not comparisons.
bool library_keeps_callable(const Event& call);
/// The stores of an object pointer into `function`'s local `index` itself
/// (`t = table_new ()`, `ops = find_ops (name)`, `base = ev->base`, null ones
/// included), in block and event order.
std::vector<const Event*> stores_into_local(const FunctionFact& function, uint32_t index);

struct CallSite {
  const FunctionFact* caller = nullptr;
  const Event* event = nullptr;
};

/// A call of the project's own function that hands it a function as
/// argument `index` (`walk_dirs (load_directory, NULL)`).
struct HandOver {
  const FunctionFact* caller = nullptr;
  const Event* call = nullptr;
  uint32_t index = 0;
};

/// The call outside specializations that runs a specialization (directly,
/// or through other specializations it specializes in turn), and what that
/// call passes: `constants` reads "o.have_lock = 0, notify = 1".
struct SpecializingCall {
  CallSite site;
  const FunctionFact* callee = nullptr;  ///< the specialization the site calls
  std::string constants;
};

class Project {
public:
  /// Adds one TU's facts. Order does not matter: finish() sorts.
  void add(TuFacts facts);
  /// Merges what was added and builds the indexes.
  void finish();

  const std::vector<std::string>& files() const { return files_; }
  const std::string& file(uint32_t index) const { return files_[index]; }
  /// Every user file of every TU (for baselines: which files were scanned).
  const std::vector<std::string>& user_files() const { return user_files_; }
  /// Whether some TU of the project defines the global `id` (not only
  /// declares it, as `extern void (*pcre_free) (void *);` of a library).
  bool defines_variable(llvm::StringRef id) const { return defined_variables_.contains(id); }

  const std::vector<const FunctionFact*>& functions() const { return functions_; }
  const FunctionFact* function(llvm::StringRef id) const;
  /// The function a specialization was made from (ConstantArguments.cpp):
  /// `id` itself for any other function.
  llvm::StringRef original(llvm::StringRef id) const {
    auto it = specialized_from_.find(id);
    return it == specialized_from_.end() ? id : llvm::StringRef(it->second);
  }
  /// Which call of the project's own code runs `specialization`, with what
  /// (the first, through the specializations that lead to it); nothing when
  /// none does.
  std::optional<SpecializingCall> specializing_call(const FunctionFact& specialization) const;
  const VariableFact* variable(llvm::StringRef id) const;

  /// Call events that name `id` as their callee (virtual calls of a method
  /// this one overrides included).
  const std::vector<CallSite>& callers(llvm::StringRef id) const;
  /// Calls of the project's own functions (not the library's) that hand
  /// `id` over as an argument.
  const std::vector<HandOver>& hand_overs(llvm::StringRef id) const;
  /// Methods defined in the project that override `method`, at any depth.
  const std::vector<const FunctionFact*>& overriders(llvm::StringRef method) const;
  /// The one definition a virtual call runs: the method it names, when the
  /// project defines it and overrides it nowhere (`ApproximateMemtableSize
  /// ()` called in `DBImpl`, which implements it). Null otherwise.
  const FunctionFact* sole_definition(const Event& call) const;
  /// The methods `method` overrides, at any depth.
  std::vector<std::string> overridden(llvm::StringRef method) const;
  /// Whether the function's address escapes: used as a value other than as an
  /// argument of the project's own function that only calls it (a registrar's
  /// constructor, a foreach helper), so code the project does not show may call it.
  bool address_taken(llvm::StringRef id) const { return address_taken_.count(id) != 0; }
  /// Whether it is used as a value other than by being stored in a function
  /// pointer the project keeps (a field, a global, a static table): then it
  /// may run anywhere, not only where the project calls through them.
  bool address_escapes(llvm::StringRef id) const { return address_escapes_.count(id) != 0; }
  /// Whether a TU uses the function as a value other than by storing it in
  /// a function pointer the project keeps or handing it to a function of the
  /// project (which address_escapes also counts when that function keeps it).
  bool escapes_in_tu(llvm::StringRef id) const { return escapes_in_tu_.count(id) != 0; }
  /// A plain function only the project can call (internal linkage, or hidden
  /// from other shared objects) that the project never calls nor takes the
  /// address of: it never runs. (A method may be reached through a vtable or
  /// a template; main, constructors of the image and initializers run anyway.)
  bool never_runs(const FunctionFact& function) const { return never_runs_.contains(&function); }
  bool runs_once(llvm::StringRef id) const { return runs_once_.count(id) != 0; }
  /// The constant fields of const struct `id` (TuFacts::constant_structs);
  /// nullptr when no TU defines it, or two define it differently.
  const std::vector<std::pair<std::string, uint64_t>>* constant_struct(llvm::StringRef id) const {
    auto it = constant_structs_.find(id);
    return it == constant_structs_.end() || !it->second ? nullptr : &*it->second;
  }
  /// The methods a call through a pointer to member of a class the project
  /// defines (a foreign event flagged member_pointer) runs: those of the
  /// pointer's type whose address the project takes, overrides included.
  std::vector<const FunctionFact*> member_pointer_callees(const Event& call) const;
  /// Calls through pointers to member that may run `method`: where the
  /// project calls it when it keeps `&Class::method` (its address is taken
  /// only to be called back by the class).
  llvm::ArrayRef<CallSite> member_pointer_callers(const FunctionFact& method) const;
  bool recursive_key(llvm::StringRef key) const { return recursive_keys_.count(key) != 0; }
  /// A mutex class whose constructor made its own member mutex recursive.
  bool recursive_class(llvm::StringRef name) const { return recursive_classes_.count(name) != 0; }

  /// The function that holds `event` (events are stable after finish()).
  const FunctionFact* owner(const Event* event) const;
  /// The event with `id` in `function`, or nullptr.
  const Event* event(const FunctionFact& function, uint32_t id) const;

  /// Sets the words that name a library function as a registration
  /// (the vocabulary's registrationWords); before finish().
  void set_registration_words(const std::vector<std::string>& words);
  /// Sets the globs that name the functions the project's libraries export
  /// (the vocabulary's exportedFunctions: an export list or version script
  /// the compile database does not show).
  void set_exported_functions(const std::vector<std::string>& globs);
  /// Sets the path globs of the sources of executables that load plugins
  /// (the vocabulary's pluginHostFiles); before finish().
  void set_plugin_host_files(const std::vector<std::string>& globs);
  /// Whether code outside the project can link against `function`: external
  /// linkage, not hidden from other shared objects, and named by the export
  /// list when the project has one.
  bool exported(const FunctionFact& function) const;
  /// Whether `call` is of a library function that stores its callable
  /// arguments to run later (`event_set (ev, fd, EV_READ, on_read, conn)`,
  /// `g_idle_add (flush, self)`) instead of running them before it returns.
  bool library_registers(const Event& call) const;

  /// Whether the project has a `main` outside test code (a program, not only a library).
  bool has_main() const { return has_main_; }
  /// Whether `function` is defined in the source file of a program's `main`
  /// (not test code), or in another source of that program's build target:
  /// it is linked into that program, which no code outside the project links
  /// against, so only the project calls it.
  bool in_program_file(const FunctionFact& function) const {
    return function.loc.valid() && program_files_.contains(function.loc.file);
  }
  /// Whether `function` is defined in a source that is only ever compiled
  /// into executables' build targets (a program's or a test's, any target
  /// with a `main`) that load no plugins (pluginHostFiles): whatever code
  /// runs with it is the project's, its libraries' and the system's.
  /// Nothing links against an executable.
  bool in_executable_file(const FunctionFact& function) const {
    return function.loc.valid() && executable_files_.contains(function.loc.file);
  }
  /// Whether `function` is defined in a source compiled only into
  /// executables none of which starts a thread or runs tasks: no source of
  /// theirs does, and no source outside the executables does (a library
  /// any of them may link). Nothing runs alongside it (a serial test).
  bool in_serial_executable(const FunctionFact& function) const {
    return function.loc.valid() && serial_files_.contains(function.loc.file);
  }
  /// Whether any function is in_executable_file.
  bool has_executable_files() const { return !executable_files_.empty(); }
  /// Whether a source of a program's build target defines the global `id`.
  bool defined_in_program(llvm::StringRef id) const {
    auto it = defined_variables_.find(id);
    return it != defined_variables_.end() && program_files_.contains(it->second);
  }
  /// Whether any code starts a thread or runs tasks.
  bool starts_threads() const { return starts_threads_; }
  /// Whether any code takes a lock.
  bool uses_locks() const { return uses_locks_; }

  /// Calls `visit (event, callee)` for each direct call in `caller` (not
  /// virtual) of a function the project defines, `caller` itself included,
  /// in block and event order: what summaries computed in rounds walk.
  template <typename Visit>
  void for_each_direct_call(const FunctionFact& caller, Visit&& visit) const {
    for (const auto& block : caller.blocks)
      for (const auto& event : block.events) {
        if (event.kind != EventKind::call || event.has(event_flags::virtual_call)) continue;
        if (const FunctionFact* callee = function(event.callee)) visit(event, *callee);
      }
  }

  /// Whether `to` is reachable from `from` in `function`'s flow graph
  /// (`from` strictly before `to` on some path).
  bool reaches(const FunctionFact& function, const Event* from, const Event* to) const;
  /// `function`'s blocks in the order control reaches them: reverse
  /// post-order from the entry (a block before its successors, loops aside),
  /// then any block the entry does not reach.
  std::vector<uint32_t> flow_order(const FunctionFact& function) const;

private:
  uint32_t file_index(const std::string& path);
  void separate_same_named_definitions();
  /// Takes `checking.Lock ()` of a project's mutex class as a lock of the
  /// member mutex its lock methods take (MemberLocks.cpp).
  void resolve_member_locks();
  /// Marks a call of a method that keeps its callable for the threads of its
  /// class as a hand-over to those threads (HandedTasks.cpp).
  void resolve_handed_tasks();
  /// Points calls that pass constants a callee branches on at
  /// specializations of it (ConstantArguments.cpp).
  void specialize_constant_arguments();
  void remap(TuFacts& facts);
  void find_escaping_arguments();
  /// Adds the other sources of each program's build target to program_files_,
  /// and fills executable_files_.
  void add_program_targets();
  /// Fills serial_files_, given the files where threads start.
  void find_serial_executables(const llvm::DenseSet<uint32_t>& starting_files);
  /// Adds to recursive_classes_ the classes whose constructors set up their
  /// mutex recursive, themselves or through a base's constructor.
  void add_recursive_subclasses();

  std::vector<TuFacts> tus_;
  std::vector<std::string> files_;
  llvm::StringMap<uint32_t> file_indices_;
  std::vector<std::string> user_files_;
  static constexpr uint32_t kNoFile = UINT32_MAX;
  llvm::StringMap<uint32_t> defined_variables_;  ///< the main file of a TU that defines it, or kNoFile
  std::vector<const FunctionFact*> functions_;
  std::deque<FunctionFact> specializations_;
  llvm::StringMap<std::string> specialized_from_;  ///< specialization -> its original
  llvm::StringMap<const FunctionFact*> by_id_;
  llvm::StringMap<const VariableFact*> variables_;
  llvm::StringMap<std::vector<CallSite>> callers_;
  llvm::StringMap<std::vector<const FunctionFact*>> overriders_;
  llvm::StringMap<std::vector<std::string>> overrides_;
  llvm::StringMap<std::optional<std::vector<std::pair<std::string, uint64_t>>>> constant_structs_;
  llvm::StringMap<char> address_taken_, address_escapes_, escapes_in_tu_, runs_once_, recursive_keys_,
      recursive_classes_;
  llvm::DenseMap<const FunctionFact*, std::vector<CallSite>> member_pointer_callers_;
  llvm::StringMap<std::vector<HandOver>> hand_overs_;  ///< also: functions named as an argument of a project call
  llvm::DenseSet<const FunctionFact*> never_runs_;
  llvm::DenseMap<const Event*, const FunctionFact*> owners_;
  llvm::DenseMap<const FunctionFact*, llvm::DenseMap<uint32_t, std::pair<uint32_t, uint32_t>>>
      event_positions_;
  bool has_main_ = false, starts_threads_ = false, uses_locks_ = false;
  llvm::DenseSet<uint32_t> program_files_;  ///< the sources of programs' build targets
  llvm::DenseSet<uint32_t> executable_files_;  ///< sources compiled only into targets with a main
  llvm::DenseSet<uint32_t> serial_files_;      ///< executable files of targets that start no thread
  llvm::DenseSet<uint32_t> main_files_;        ///< the files that define a main, test code too
  llvm::StringSet<> registration_words_;     ///< lower case
  std::vector<OwnedGlob> exported_functions_;  ///< empty: no export list
  std::vector<OwnedGlob> plugin_host_files_;
};

}  // namespace concur::analyzer_internal

// The facts one translation unit contributes to the project: what crosses
// from a Clang AST to the project phase, and the only thing the per-TU cache
// and `--shard` files store. Nothing here points into an AST.
//
// A function is a small control-flow graph of *events* (lock acquisitions and
// releases, calls with their interesting arguments, invocations of
// parameters, foreign-code calls, accesses to static storage, creations,
// suspensions, thread starts). The project phase runs the one lock-set
// dataflow over these graphs, with what it learned about every callee in the
// project, so a lock taken by a helper in another file is a lock here too.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace concur::analyzer_internal {

/// A position: `file` indexes the owning TuFacts' (or Project's) file table.
struct Loc {
  uint32_t file = 0;
  uint32_t line = 0;  ///< 1-based; 0 = unknown
  uint32_t column = 0;
  bool valid() const { return line != 0; }
  friend bool operator==(const Loc&, const Loc&) = default;
  friend auto operator<=>(const Loc&, const Loc&) = default;  ///< by file, line, column
};

/// Where a reference starts.
enum class RefRoot : uint8_t {
  none,         ///< no stable identity
  global,       ///< a variable with static storage: `base` is its identity
  this_object,  ///< the object a method runs on
  param,        ///< parameter `index` of the function
  local,        ///< local variable `index` of the function (function-private)
  object_field, ///< a field of an object with no stable identity: path[0] names it
  call_result,  ///< what a call returns (by reference or pointer): `base` is the callee
};

/// A lockable object or a piece of shared state, as a root plus a path of
/// field names ("Class::field") and dereferences ("*"). Fields are
/// instance-insensitive: `a.mu_` and `b.mu_` are both "Conn::mu_".
struct Ref {
  RefRoot root = RefRoot::none;
  std::string base;  ///< global: its identity; call_result: callee identity
  uint32_t index = 0;  ///< param/local index
  std::vector<std::string> path;
  std::string display;  ///< as the code spells it: "mu_", "*lock_", "g_state.mu"
  bool empty() const { return root == RefRoot::none; }
  friend bool operator==(const Ref&, const Ref&) = default;
  friend auto operator<=>(const Ref&, const Ref&) = default;
};

/// What a call argument (or a thread entry) is, as far as callables and
/// references go.
enum class ArgKind : uint8_t {
  other,            ///< nothing the analysis follows
  ref,              ///< an object or lock with a stable reference (`&mu`, `this->lock_`)
  lambda,           ///< a lambda written here: `function` is its call operator
  function,         ///< a named function or method (`&Foo::run`, `callback`)
  param,            ///< this function's parameter `index`, passed on (forwarded)
  foreign_callable, ///< a callable this function did not write: a std::function field, a function pointer variable
};

/// What a scalar argument (an integer, a bool, an enumerator) is known to be
/// where a callee tests it for zero.
enum class ArgTruth : uint8_t {
  unknown,
  zero,       ///< a constant zero: `0`, `false`, `FALSE`, an enumerator of value 0
  nonzero,    ///< a constant other than zero
  forwarded,  ///< the calling function's own parameter `truth_param`, which it never changes: a scalar,
              ///< or a struct (or pointer or reference to one) whose fields it never changes
};

struct Arg {
  ArgKind kind = ArgKind::other;
  Ref ref;               ///< for `ref` (also set for other kinds when the argument has one)
  std::string function;  ///< lambda / function identity
  uint32_t index = 0;    ///< for `param`
  std::string text;      ///< for `foreign_callable`: how it is spelled; "null" for a null pointer constant
  /// For `foreign_callable`: its signature only asks (a comparator, a hash,
  /// a predicate: a value back; values and const pointers or references in).
  bool query = false;
  /// A whole object of a polymorphic class passed by address or reference
  /// (`&inserter`, `inserter`): its class, then its bases, most derived
  /// first. Its virtual methods run that class's overrides.
  std::vector<std::string> exact_type;
  ArgTruth truth = ArgTruth::unknown;
  uint32_t truth_param = 0;  ///< for ArgTruth::forwarded
  uint64_t value = 0;        ///< for ArgTruth::nonzero: the constant's bits (a flag mask a callee tests)
  /// A struct passed by address, by reference or by value (`&opts`,
  /// `&(struct opts){ .locked = 1 }`, `Options{.caller_holds = true}`, a
  /// const default) whose scalar fields are constants at the call: each
  /// field's path (`locked`, `mode.notify`) and bits.
  std::vector<std::pair<std::string, uint64_t>> field_values;
  /// A const struct in static storage whose initializer another TU holds
  /// (`&jobq_default_opts` with `extern const struct jobq_opts
  /// jobq_default_opts;`, or a local copied from it): its identity. Its
  /// constant fields (TuFacts::constant_structs) give the fields
  /// `field_values` does not name.
  std::string fields_from;
  /// A value the calling function owns, as an index of a thread's own slot:
  /// kOwnCapturedCopy, or kOwnFromParam + the parameter it comes from
  /// unchanged (`finish (job)`, `work (i)` in `[i] { work (i); }`); 0: neither.
  uint32_t own_source = 0;
};

/// Where an own index comes from (Arg::own_source, and Event::other of an
/// access with event_flags::own_slot).
constexpr uint32_t kOwnCapturedCopy = 1;  ///< a value a lambda captured by copy
constexpr uint32_t kOwnFromParam = 2;     ///< plus the parameter's index

enum class EventKind : uint8_t {
  acquire,        ///< a lock is taken: `ref`; flags: definitely (not try), shared, recursive;
                  ///< `text`: the mutex class of `m.lock()` when not known to be recursive
  release,        ///< a lock is released: `ref`
  guard_begin,    ///< RAII guard local `index` takes `refs` (flags: owns, definitely); `text`:
                  ///< the mutex class when not known to be recursive (another TU may say);
                  ///< `callee`: the guard factory (`auto lk = Lock ();`) or the project's
                  ///< guard constructor, whose lock effects say whether it takes a reader's lock
  guard_lock,     ///< guard `index`.lock() / try_lock()
  guard_unlock,   ///< guard `index`.unlock()
  guard_release,  ///< guard `index`.release(): the lock stays held, the guard forgets it
  guard_end,      ///< guard `index` is destroyed
  guard_move,     ///< guard `index` takes over what guard `other` held
  call,           ///< a call of `callee`; `ref` = receiver; `args`
  foreign,        ///< code this function does not control runs here: `text` says what
  invoke_param,   ///< parameter `index` (a callable) is called
  access,         ///< static storage `ref` is used: `op`, `text` = method or operation
  create,         ///< a new object is stored into `ref`; `callee` = factory when one is called
  suspend,        ///< co_await / co_yield (text)
  thread_start,   ///< a thread or task starts running `args[0]`; `text` = the API; `ref` = the
                  ///< handle that joins it (`std::thread t`, pthread_create's `&tid`), when one does
  store_callable, ///< a function pointer `ref` is set to `callee`, null (`text`), or `args[0]`: a
                  ///< parameter or another pointer (`copy->free = orig->free`); none: unknown
  /// `args[0]` is installed as a signal handler (`signal`, `sigaction`'s
  /// `sa_handler`/`sa_sigaction`); `text` = the API
  signal_handler,
  /// A pointer to a table of function pointers `ref` (`transport->vtable`,
  /// `reader->klass`) is set: `args[0]` is what it is set to, a reference
  /// (`&socket_vtable`, a parameter); no argument: a value from elsewhere;
  /// `text` "null": nothing.
  store_table,
  /// A lock is destroyed (`pthread_mutex_destroy (&mutex->lock)`,
  /// `g_mutex_clear`): `ref`. Whoever holds it across this call cannot be
  /// holding it, so a path on which it follows the foreign code does not run
  /// under it (dbus's last unref frees the connection lock its callers hold).
  destroy_lock,
  /// A pointer to an object, held by a field, a global or a local (`ref`), is
  /// set (`conn->names = g_hash_table_new (g_str_hash, g_str_equal)`): `callee`
  /// and `args` are the call whose result it is; `text` "null": nothing;
  /// `text` "copy": what the holder `args[0]` holds (`t = c->sources`);
  /// none of these: a value from elsewhere. With what each factory stores in the
  /// object it returns, the project knows which function pointers the
  /// objects held there carry (this table's destroy notify is NULL).
  store_object,
  /// The thread or task whose handle is `ref` is waited for (`t.join ()`,
  /// `pthread_join (tid, NULL)`, `f.get ()`, a std::jthread going out of
  /// scope): what it did happens before what follows.
  thread_join,
};

/// What an access does to static storage. Which methods mutate and which
/// are the "check" of check-then-act is the check's option, decided later.
enum class AccessOp : uint8_t {
  read,
  write,            ///< assignment, increment
  method,           ///< a member function called on it: `text`; flag const_method
  subscript,        ///< operator[] on a map-like container: inserts
  maybe_subscript,  ///< `return m[k];`: operator[] used as a read that may insert
  save,             ///< copied into local `index` (save of save/flip/restore)
  restore,          ///< assigned from local `index` (restore of save/flip/restore)
};

namespace event_flags {
constexpr uint16_t definitely = 1;     ///< acquire/guard: not a try-lock
constexpr uint16_t shared = 2;         ///< acquire/guard_begin: a reader lock (sharedLocks)
constexpr uint16_t owns = 4;           ///< guard_begin: the guard holds its locks
constexpr uint16_t virtual_call = 8;   ///< call: dispatched virtually; `text` = the class
constexpr uint16_t constructs = 16;    ///< call: constructs local `index` (user guard classes)
constexpr uint16_t destructs = 32;     ///< call: destroys local `index`
/// access (the bit of `constructs`, which only calls use): an element of
/// static storage picked by this function's own parameter, or a value it
/// captured by copy (`g_slots[id]`, `results[job->id]`): the slot a thread
/// entry is handed, not the array's shared state
constexpr uint16_t own_slot = 16;
constexpr uint16_t const_method = 64;  ///< access/call: the method is const
/// call: a const method returning a value (a question); foreign/invoke_param:
/// a callable whose signature only asks (a value back; values and const
/// pointers or references in)
constexpr uint16_t query = 128;
constexpr uint16_t copy = 256;         ///< call: clone()-like, returns a new object of its class
constexpr uint16_t once_init = 512;    ///< call: in a function-local static's initializer
constexpr uint16_t system = 1024;      ///< call: the callee is declared in a system header
constexpr uint16_t recursive = 2048;   ///< acquire/guard_begin: the mutex type is recursive; create: the lock made is
constexpr uint16_t method_call = 4096; ///< call: a non-static member function
constexpr uint16_t captured = 8192;    ///< invoke_param: a lambda calls `callee`'s parameter it captured
/// foreign (a field or local) or invoke_param (a parameter): a call through a
/// pointer to member of a class the project defines; `args` are the methods
/// of that class (and its bases) of the pointer's type: all it can point to
constexpr uint16_t member_pointer = 16384;
/// thread_join on a container's elements (`workers[]`): joins every one of
/// them (destroying a `std::vector<std::jthread>`), not one
constexpr uint16_t all_elements = 32768;
}  // namespace event_flags

struct Event {
  EventKind kind = EventKind::call;
  uint16_t flags = 0;
  AccessOp op = AccessOp::read;
  uint32_t index = 0;  ///< param / guard-local index, or the access' local
  uint32_t other = 0;  ///< guard_move: source guard; access with own_slot: where its index comes from (Arg::own_source)
  uint32_t id = 0;     ///< unique within the function (lazy-init candidates refer to it)
  Loc loc;
  Ref ref;
  /// guard_begin: the locks; foreign: the tables' fields a local table
  /// pointer may read; thread_start of a task handed to a project's object
  /// (`pool.Submit (task)`): that object, with `callee` its method
  std::vector<Ref> refs;
  std::string callee;     ///< call/create: identity of the callee
  std::string text;
  std::vector<Arg> args;
  bool has(uint16_t flag) const { return (flags & flag) != 0; }
};

constexpr uint32_t kNoBlock = 0xffffffffu;
constexpr uint32_t kNoLocal = 0xffffffffu;
/// No event: an event id that is never given.
constexpr uint32_t kNoEvent = 0xffffffffu;
/// As a local index: the object a function makes in its return statement
/// (`return std::make_unique<Crew> (n);`), which its caller receives.
constexpr uint32_t kReturnedObject = 0xfffffffeu;

/// How a flag test compares its value with the constant (Block).
enum class TestedRelation : uint8_t { equal, less, less_equal, greater, greater_equal };

/// Whether `value <relation> constant` holds, as signed or unsigned numbers.
inline bool relation_holds(TestedRelation relation, uint64_t value, uint64_t constant, bool is_signed) {
  auto compare = [&](auto a, auto b) {
    switch (relation) {
      case TestedRelation::equal: return a == b;
      case TestedRelation::less: return a < b;
      case TestedRelation::less_equal: return a <= b;
      case TestedRelation::greater: return a > b;
      case TestedRelation::greater_equal: return a >= b;
    }
    return false;
  };
  return is_signed ? compare(static_cast<int64_t>(value), static_cast<int64_t>(constant)) : compare(value, constant);
}

/// A basic block of events.
struct Block {
  std::vector<Event> events;
  std::vector<uint32_t> successors;
  /// Control never leaves this block: it ends in a call that does not return
  /// (abort, exit, a [[noreturn]] function), or it is part of an infinite
  /// loop that does nothing (`for (;;);` after a fatal log).
  bool no_return = false;
  /// The branch at the end of this block tests a pointer for null, and on
  /// the edge to this successor it is null (`if (mutex == NULL) return;`):
  /// nothing it points to exists there. kNoBlock: no such test.
  uint32_t null_successor = kNoBlock;
  Ref null_pointer;  ///< the pointer tested
  /// The branch at the end of this block tests whether a try-lock of this
  /// block took its lock (`if (mu.try_lock ())`, `if (pthread_mutex_trylock
  /// (&m) == 0)`): on the edge to this successor it did, on the other it did
  /// not. kNoBlock: no such test.
  uint32_t locked_successor = kNoBlock;
  Ref try_locked;  ///< the lock tried
  /// The branch at the end of this block tests what a call of this block to
  /// a function of the project returned (`if (!bus_trylock (b)) return;`):
  /// `result_call` is the call's event id, and on the edge to this successor
  /// the result was nonzero (true). The project decides, from what the
  /// callee returns, whether that says a lock was taken. kNoBlock: no such test.
  uint32_t result_true_successor = kNoBlock;
  uint32_t result_call = 0;
  /// The branch at the end of this block tests the status a thread start of
  /// this block returned (`if (pthread_create (&t, ...) != 0) return -1;`),
  /// and on the edge to this successor the start failed: no thread runs
  /// there. kNoBlock: no such test.
  uint32_t failed_start_successor = kNoBlock;
  /// The branch at the end of this block asks whether a thread object holds
  /// a thread (`if (t_.joinable ()) t_.join ();`), and on the edge to this
  /// successor it holds none: no join is owed there. kNoBlock: no such test.
  uint32_t idle_successor = kNoBlock;
  Ref idle_handle;  ///< the thread object asked
  /// This block is the head of a loop over a container of threads whose body
  /// joins each (`for (auto& t : workers) t.join ();`); on the edge to this
  /// successor, the loop's exit, every thread of `joined_all` has been
  /// joined. kNoBlock: no such loop.
  uint32_t joined_all_successor = kNoBlock;
  Ref joined_all;  ///< the container's elements: `workers[]`
  /// The branch at the end of this block compares scalar parameter
  /// `tested_param`, a parameter the function never changes, or its bits of
  /// `tested_mask`, with the constant `tested_value` (`if (locking)` and `if
  /// (!offline) return;` with 0, `mode != kAlreadyHeld`, `if (flags &
  /// F_LOCKED)`): on the edge to `param_equal_successor` they are equal, on
  /// the edge to `param_unequal_successor` not. A call that passes a constant
  /// there takes one edge only. kNoBlock: no such test (or that edge leads
  /// nowhere).
  uint32_t tested_param = 0;
  /// Not empty: what is compared is this field of the struct the parameter
  /// is or points to (`o->locked`, `opts.mode.notify`), which the function
  /// never changes.
  std::string tested_field;
  uint64_t tested_mask = 0;   ///< 0: the whole value
  uint64_t tested_value = 0;
  /// Not equality but an order (`if (o->limit <= 0)`, `level > 2`): the
  /// "equal" successor is where `value <relation> tested_value` holds, the
  /// "unequal" one where it does not; compared as signed when `tested_signed`.
  TestedRelation tested_relation = TestedRelation::equal;
  bool tested_signed = false;
  uint32_t param_unequal_successor = kNoBlock;
  uint32_t param_equal_successor = kNoBlock;

  /// Every successor a test above names, to move or drop an edge in one place.
  std::array<uint32_t*, 8> marked_edges() {
    return {&null_successor, &locked_successor, &result_true_successor, &failed_start_successor,
            &idle_successor, &joined_all_successor, &param_unequal_successor, &param_equal_successor};
  }
};

/// A parameter, as far as the analysis cares.
struct ParamFact {
  std::string name;
  bool callable = false;     ///< a type-erased callable, function pointer or template parameter
  /// A callable of a fixed type (function pointer, std::function ...), not a
  /// template parameter: any code of the signature can be passed.
  bool type_erased = false;
  std::string pointee_type;  ///< record identity of what a pointer/reference parameter names
};

/// `if (!p) p = create();` — a test for empty followed by code that may
/// create into the same place. The project decides whether what is created
/// is a lock and whether it is then used. Or `if (!ready) { ...; ready = 1; }`:
/// a test of a flag the guarded code sets (`flag`), which may create into
/// any place.
struct LazyCandidate {
  Ref target;  ///< the holder tested, or the flag
  Loc test;
  bool flag = false;
  bool tested_for_empty_optional = false;  ///< "empty" rather than "null" in messages
  std::string pointee_type;  ///< record identity of the object the target holds
  bool target_is_lock = false;  ///< the vocabulary already knows the held type as a mutex
  std::vector<uint32_t> creations;  ///< event ids in the guarded code: creates and calls
};

namespace function_flags {
constexpr uint32_t method = 1u << 0;
constexpr uint32_t virtual_method = 1u << 1;
constexpr uint32_t const_method = 1u << 2;
constexpr uint32_t constructor = 1u << 3;
constexpr uint32_t destructor = 1u << 4;
constexpr uint32_t main = 1u << 5;
constexpr uint32_t coroutine = 1u << 6;
constexpr uint32_t lambda = 1u << 7;
constexpr uint32_t runs_once = 1u << 8;       ///< call_once callable, magic-static initializer
constexpr uint32_t external = 1u << 9;        ///< callable from outside its TU
constexpr uint32_t private_member = 1u << 10;
constexpr uint32_t template_pattern = 1u << 11;  ///< a template as written
constexpr uint32_t instantiation = 1u << 12;     ///< an instantiated template body
constexpr uint32_t static_init = 1u << 13;       ///< the initializer of a static variable
constexpr uint32_t test_code = 1u << 14;         ///< defined in a test file
constexpr uint32_t address_taken = 1u << 15;     ///< used as a value somewhere in its TU
constexpr uint32_t pure_virtual = 1u << 16;
constexpr uint32_t startup = 1u << 17;  ///< __attribute__((constructor)) and friends
constexpr uint32_t returns_query = 1u << 18;  ///< const method returning a value: a query
constexpr uint32_t returns_copy = 1u << 19;   ///< clone(): returns a new object of its class
constexpr uint32_t makes_recursive_lock = 1u << 20;  ///< initializes a fresh mutex, or a constructor its own member mutex, as recursive
/// External linkage, but hidden from other shared objects (-fvisibility=hidden
/// without an export attribute, or visibility("hidden")): only the project calls it.
constexpr uint32_t hidden = 1u << 21;
/// A coroutine whose initial suspension suspends (std::suspend_always, any
/// awaiter not written as `return true;` in await_ready): a call makes its
/// frame and returns; the body runs when the task is awaited or resumed.
constexpr uint32_t starts_suspended = 1u << 22;
/// Sets up a fresh object's member mutex as plain, not recursive
/// (`pthread_mutex_init (&l->m, NULL)` in `zlock_alloc`), so what holds
/// its result is not recursive even when another factory makes that type
/// recursive (`zlock_alloc_recursive`); or the member of an object a
/// parameter points to (`vlc_mutex_init (&pl->lock)` beside
/// `vlc_mutex_init_recursive`), so the caller's object holds a plain lock.
constexpr uint32_t makes_plain_lock = 1u << 23;
/// Made by the project, not extracted: a function specialized for the
/// constants one call passes it (ConstantArguments.cpp). It stands for its
/// original as that call's callee only.
constexpr uint32_t specialization = 1u << 24;
}  // namespace function_flags

struct FunctionFact {
  std::string id;     ///< stable identity (USR)
  std::string name;   ///< qualified, for messages: "Bus::Emit"
  Loc loc;            ///< where its name is
  uint32_t flags = 0;
  std::string record;       ///< methods: identity of the class
  std::string record_name;  ///< methods: the class' unqualified name
  std::vector<std::string> overrides;  ///< methods it directly overrides
  std::string pattern;      ///< instantiations: the template's identity
  std::string return_type;  ///< qualified name of the returned class, if any
  std::vector<ParamFact> params;
  std::vector<Block> blocks;
  uint32_t entry_block = 0;
  uint32_t exit_block = 0;
  /// What the function returns, when it is static storage (an accessor),
  /// one of its parameters, or a newly created object (a factory).
  Ref returns;
  bool returns_new = false;
  /// Every `return` gives local `index` (`return hash_table;` after
  /// filling it in) or null: kNoLocal otherwise.
  uint32_t returns_local = kNoLocal;
  /// Every `return` gives the result of one call, or null: a call through a
  /// function pointer (`return (*fb[i]) ();`, a getter from a table of
  /// getters: its foreign event), or the constructor of a `new` (`return new
  /// LruCache (capacity, deleter);`: its call event). kNoEvent otherwise.
  uint32_t returns_call = kNoEvent;
  /// For a function returning a pointer to a polymorphic class: what each
  /// `return` gives, "new:<class>" (`return new Iter (...)`) or
  /// "call:<function>" (`return NewErrorIterator (s)`); "?" for anything
  /// else. The project decides which classes its objects may be.
  std::vector<std::string> returns_made;
  /// A function that returns a guard holding locks (`std::unique_lock<std::mutex>
  /// Lock () { return std::unique_lock<std::mutex> (mu_); }`): the locks every
  /// `return` hands over. A caller's guard initialized from its call holds them.
  std::vector<Ref> returned_guard;
  /// A try-lock wrapper: every `return` gives the outcome of an attempt on
  /// this lock (`return pthread_mutex_trylock (&b->mu) == 0;`, `return
  /// mu_.try_lock ();`) or a constant that says it failed. Empty otherwise.
  Ref returns_attempt;
  bool attempt_nonzero_on_success = true;  ///< true: returns nonzero (true) when it took the lock
  std::vector<LazyCandidate> lazy;
  /// Constructors: fields initialized from parameters (`m_(m)`): field, param.
  std::vector<std::pair<std::string, uint32_t>> field_bindings;
  bool has(uint32_t flag) const { return (flags & flag) != 0; }
};

/// A variable with static storage that code mutates or reads.
struct VariableFact {
  std::string id;
  std::string name;  ///< "money::g_rates", "lookup()::memo"
  Loc loc;
  /// A pointer (`static Registry* r = new Registry;`): the flags below
  /// describe the object it points to.
  bool pointer = false;
  bool container = false;  ///< a container or a cache-like class (the vocabulary decides)
  bool listed_container = false;  ///< one of the vocabulary's containerTypes
  bool map_like = false;   ///< operator[] inserts
  bool static_local = false;
  /// This TU defines it (a tentative C definition included), not only an
  /// extern declaration of a variable a library defines.
  bool defined = false;
  /// Fields of the object ("ServerState::history", also of member structs)
  /// that are containers, for a global that is not one itself
  /// (`g_state.history.push_back (id)` mutates a container).
  std::vector<std::string> container_fields;
};

/// A lock set up as recursive (pthread_mutexattr_settype with
/// PTHREAD_MUTEX_RECURSIVE before pthread_mutex_init).
struct RecursiveLockFact {
  Ref lock;  ///< canonical (global or field rooted)
};

/// A const struct in static storage defined in this TU with an initializer
/// other TUs cannot see (`const struct jobq_opts jobq_default_opts = {...};`
/// behind an `extern` declaration): its scalar fields' constants.
struct ConstantStruct {
  std::string id;
  std::vector<std::pair<std::string, uint64_t>> field_values;
};

struct TuFacts {
  std::string main_file;
  /// The build targets its source is compiled into (build_targets_of), one
  /// per compile command: leveldb's util/testutil.cc goes into 28 test
  /// binaries. "" stands for commands that name no target; empty when none
  /// does.
  std::vector<std::string> targets;
  /// The files the preprocessor read: user files (the main file and project
  /// headers) and system headers, as real paths.
  std::vector<std::string> user_files;
  std::vector<std::string> system_files;
  std::vector<std::string> files;  ///< canonical paths; Loc::file indexes this
  std::vector<FunctionFact> functions;
  std::vector<VariableFact> variables;
  std::vector<RecursiveLockFact> recursive_locks;
  /// Functions used as values here (stored, passed on): callers unknown.
  std::vector<std::string> address_taken;
  /// Of those, the ones used as a value other than by being stored in a
  /// function pointer the project keeps (a field, a global, a static table):
  /// passed, returned, kept in a local. The rest run where the project calls
  /// through those pointers.
  std::vector<std::string> address_escapes;
  /// Functions run at most once per process (std::call_once, pthread_once).
  std::vector<std::string> runs_once;
  std::vector<ConstantStruct> constant_structs;
  bool test_file = false;  ///< the main file is test code (includes a test framework)
};

}  // namespace concur::analyzer_internal

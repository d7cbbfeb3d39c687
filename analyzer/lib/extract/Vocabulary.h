// The words concur understands in scanned code while it extracts facts:
// which types are mutexes, lock guards, type-erased callbacks, atomics and
// containers, which calls start threads. Every list is a `vocabulary` option
// of the registry with a documented default; nothing here keeps its own list.
//
// Names are the fallback. Mutexes and guards whose bodies are in the project
// are also recognized by what they do, in the project phase.
#pragma once

#include "concur/analyzer.h"
#include "config/OwnedGlob.h"

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <string>
#include <vector>

namespace concur::analyzer_internal {

/// What a method name does to the mutex it is called on.
enum class LockAction { none, acquire, try_acquire, release, destroy, init };

class Vocabulary {
public:
  explicit Vocabulary(const AnalyzerConfig& config);
  /// A copy with empty memos, for one AST. The memos are keyed by that AST's
  /// declarations: shared between TUs they would be written by two threads at
  /// once, and answer for a freed AST's record at an address a new one reuses.
  Vocabulary for_one_ast() const;

  /// The record a type names after stripping sugar, references and cv
  /// (nullptr for non-class types).
  static const clang::CXXRecordDecl* record_of(clang::QualType type);
  /// The type a pointer, reference, unique_ptr/shared_ptr or optional holds;
  /// the type itself otherwise.
  static clang::QualType held_type(clang::QualType type);

  /// Listed mutex types and classes with lock()/unlock()-style method pairs.
  bool is_mutex(clang::QualType type) const;
  /// A listed recursive mutex type (a class, a C struct, or a typedef naming one), or a
  /// mutex class that is recursive by what it does: its constructor sets its pthread mutex
  /// up with PTHREAD_MUTEX_RECURSIVE, or the mutex it locks is a recursive one.
  bool is_recursive_mutex(clang::QualType type) const;
  /// A lock method, lock function or guard type (by qualified name) that
  /// takes the lock in shared mode (`lock_shared`, `std::shared_lock`).
  bool is_shared_lock(llvm::StringRef name) const;
  /// A mutex reached through a pointer, smart pointer or optional.
  bool holds_mutex(clang::QualType type) const;
  /// Listed RAII guards and classes named like one whose constructor takes a mutex.
  bool is_guard(const clang::CXXRecordDecl* record) const;
  /// std::function and friends: calling one runs code the caller does not see.
  bool is_callback_type(clang::QualType type) const;
  /// std::atomic, std::atomic_flag, std::atomic_ref, and C _Atomic types.
  static bool is_atomic(clang::QualType type);
  /// std::once_flag and pthread_once_t.
  static bool is_once_flag(clang::QualType type);
  /// Listed containers, and user classes named like caches with no mutex member.
  bool is_container_like(clang::QualType type) const;
  /// One of the listed container types (not a cache-like class of the project).
  bool is_listed_container(clang::QualType type) const;
  /// Containers whose operator[] inserts (maps, caches, registries, tables).
  bool is_map_like(clang::QualType type) const;
  /// A listed task type (the return type of a coroutine the loop runs).
  bool is_task_type(clang::QualType type) const;
  /// A function or class whose callable argument runs on another thread.
  bool is_thread_start(llvm::StringRef qualified_name) const;
  /// A function, method or destructor that waits for the thread whose handle
  /// it is given or called on (`std::thread::join`, `pthread_join`).
  /// A method is named by its class without template arguments
  /// (`std::future::get`), a destructor as `std::jthread::~jthread`.
  /// A method inherited from a base counts under the class it is called on
  /// (`called_on`) too: `std::future::wait` is libstdc++'s `__basic_future::wait`.
  bool is_thread_join(const clang::FunctionDecl* function, const clang::CXXRecordDecl* called_on = nullptr) const;
  bool is_task_submit_method(llvm::StringRef name) const;
  /// For a thread class's start method (`QThread::start`), the name of the
  /// method it runs on the new thread (`run`); empty otherwise.
  llvm::StringRef thread_object_run_method(const clang::CXXMethodDecl* method) const;
  /// A thread class of threadObjectStartMethods (`QThread`).
  bool is_thread_class(const clang::CXXRecordDecl* record) const;
  /// A system function a check names (blocking calls): its calls are facts.
  bool is_named_system_call(llvm::StringRef qualified_name) const;
  /// A path that names test code.
  bool is_test_path(llvm::StringRef path) const;

  /// Action of calling `method` on a mutex or guard object.
  LockAction method_lock_action(llvm::StringRef method_name) const;
  /// Action of a C function such as pthread_mutex_lock on its first argument.
  LockAction function_lock_action(llvm::StringRef function_name) const;

private:
  bool has_lock_unlock_pair(const clang::CXXRecordDecl* record) const;
  bool listed(const clang::NamedDecl* decl, const llvm::StringSet<>& names) const;
  bool is_mutex_record(const clang::CXXRecordDecl* record) const;
  bool is_recursive_record(const clang::CXXRecordDecl* record) const;
  bool is_guard_record(const clang::CXXRecordDecl* record) const;

  llvm::StringSet<> mutex_types_, recursive_mutex_types_, guard_types_, callback_types_,
      container_types_, thread_starts_, thread_joins_, submit_methods_, task_types_, lock_methods_,
      try_lock_methods_, unlock_methods_, named_system_calls_, lock_functions_,
      try_lock_functions_, unlock_functions_, destroy_functions_, init_functions_, shared_locks_;
  std::vector<std::string> guard_suffixes_, cache_suffixes_;
  /// Thread classes: "QThread" -> the start method's name, the run method's name.
  llvm::StringMap<std::pair<std::string, std::string>> thread_classes_;
  std::vector<OwnedGlob> test_patterns_;
  // Every statement asks these; answers per record are memoized, for one AST
  // (for_one_ast starts a copy with none).
  struct Memos {
    llvm::DenseMap<const clang::CXXRecordDecl*, bool> lock_pair, mutex, recursive, guard, container;
  };
  mutable Memos memos_;
};

/// The fully qualified name of a declaration, without template arguments
/// ("std::mutex", "money::g_rates", "Connection::mu_").
std::string qualified_name(const clang::NamedDecl* decl);

}  // namespace concur::analyzer_internal

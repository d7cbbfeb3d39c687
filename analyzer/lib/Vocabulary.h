// The words concur understands in scanned code: which types are mutexes,
// lock guards, type-erased callbacks, atomics and containers. Every list has
// a documented default (docs/checks/*.md) and can be extended through
// AnalyzerOptions; no check keeps its own list.
#pragma once

#include "concur/analyzer.h"

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Regex.h"

#include <string>
#include <vector>

namespace concur::detail {

/// What a method name does to the mutex it is called on.
enum class LockAction { None, Acquire, TryAcquire, Release };

class Vocabulary {
public:
  explicit Vocabulary(const AnalyzerOptions& options);

  /// The record a type names after stripping sugar, references and cv
  /// (nullptr for non-class types).
  static const clang::CXXRecordDecl* recordOf(clang::QualType type);
  /// The type a pointer, reference, unique_ptr/shared_ptr or optional holds;
  /// the type itself otherwise.
  static clang::QualType heldType(clang::QualType type);

  /// std mutexes, pthread locks, configured types and classes with
  /// lock()/unlock()-style method pairs.
  bool isMutex(clang::QualType type) const;
  bool isRecursiveMutex(clang::QualType type) const;
  /// A mutex reached through a pointer, smart pointer or optional.
  bool holdsMutex(clang::QualType type) const;
  /// RAII lock guards: std guards, configured types, and classes named
  /// *Lock/*Guard/*Locker whose constructor takes a mutex.
  bool isGuard(const clang::CXXRecordDecl* record) const;
  /// std::function and friends: calling one runs code the caller does not see.
  bool isCallbackType(clang::QualType type) const;
  /// Classes whose virtual methods are other people's code (listeners).
  bool isListenerClass(const clang::CXXRecordDecl* record) const;
  /// std::atomic, std::atomic_flag, std::atomic_ref, and C _Atomic types.
  static bool isAtomic(clang::QualType type);
  /// std::once_flag and pthread_once_t.
  static bool isOnceFlag(clang::QualType type);
  /// Standard containers and strings, and user classes named like caches
  /// (…Cache, …Registry, …Map, …Table, …Pool, …Store) with no mutex member.
  bool isContainerLike(clang::QualType type) const;

  /// Action of calling `method` on a mutex or guard object.
  static LockAction methodLockAction(llvm::StringRef methodName);
  /// Action of a C function such as pthread_mutex_lock on its first argument.
  static LockAction functionLockAction(llvm::StringRef functionName);

private:
  bool hasLockUnlockPair(const clang::CXXRecordDecl* record) const;
  bool nameIn(const clang::NamedDecl* decl, const std::vector<std::string>& names) const;

  std::vector<std::string> mutexTypes_;
  std::vector<std::string> recursiveMutexTypes_;
  std::vector<std::string> guardTypes_;
  std::vector<std::string> callbackTypes_;
  mutable llvm::Regex listenerPattern_;
  mutable llvm::DenseMap<const clang::CXXRecordDecl*, bool> lockPairCache_;
  // Every DeclStmt and call asks these; answers per record are memoized.
  mutable llvm::DenseMap<const clang::CXXRecordDecl*, bool> mutexCache_;
  mutable llvm::DenseMap<const clang::CXXRecordDecl*, bool> guardCache_;
  bool isMutexRecord(const clang::CXXRecordDecl* record) const;
  bool isGuardRecord(const clang::CXXRecordDecl* record) const;
};

/// The fully qualified name of a declaration, without template arguments
/// ("std::mutex", "money::g_rates", "Connection::mu_").
std::string qualifiedName(const clang::NamedDecl* decl);

}  // namespace concur::detail

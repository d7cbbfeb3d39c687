#include "Vocabulary.h"

#include "clang/AST/DeclTemplate.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang;

namespace concur::detail {

namespace {

const char* const kDefaultMutexTypes[] = {
    "std::mutex",        "std::recursive_mutex",  "std::timed_mutex",
    "std::recursive_timed_mutex", "std::shared_mutex", "std::shared_timed_mutex",
    "pthread_mutex_t",   "pthread_rwlock_t",      "pthread_spinlock_t",
    "mtx_t",             "absl::Mutex",           "boost::mutex",
    "boost::recursive_mutex", "boost::shared_mutex", "std::condition_variable_any",
};
const char* const kDefaultRecursiveMutexTypes[] = {
    "std::recursive_mutex", "std::recursive_timed_mutex", "boost::recursive_mutex"};
const char* const kDefaultGuardTypes[] = {
    "std::lock_guard", "std::unique_lock", "std::scoped_lock", "std::shared_lock",
    "absl::MutexLock", "absl::ReaderMutexLock", "absl::WriterMutexLock",
    "boost::lock_guard", "boost::unique_lock", "boost::shared_lock"};
const char* const kDefaultCallbackTypes[] = {
    "std::function",       "std::move_only_function", "std::copyable_function",
    "std::function_ref",   "llvm::function_ref",      "llvm::unique_function",
    "absl::FunctionRef",   "absl::AnyInvocable",      "boost::function",
    "folly::Function",     "folly::FunctionRef"};
const char* const kContainerTypes[] = {
    "std::map", "std::multimap", "std::unordered_map", "std::unordered_multimap",
    "std::set", "std::multiset", "std::unordered_set", "std::unordered_multiset",
    "std::vector", "std::deque", "std::list", "std::forward_list", "std::basic_string",
    "std::queue", "std::stack", "std::priority_queue", "std::flat_map", "std::flat_set",
    "absl::flat_hash_map", "absl::flat_hash_set", "absl::node_hash_map",
    "absl::node_hash_set", "llvm::DenseMap", "llvm::StringMap", "llvm::SmallVector"};

std::vector<std::string> withDefaults(const char* const* begin, const char* const* end,
                                      const std::vector<std::string>& extra) {
  std::vector<std::string> all(begin, end);
  all.insert(all.end(), extra.begin(), extra.end());
  return all;
}

bool nameMatchesAny(const std::string& name, const char* const* begin, const char* const* end) {
  for (auto it = begin; it != end; ++it)
    if (name == *it) return true;
  return false;
}

/// A per-record answer computed once. The entry is "false" while it is being
/// computed, so a record whose answer depends on itself terminates.
template <typename Compute>
bool memoized(llvm::DenseMap<const CXXRecordDecl*, bool>& cache, const CXXRecordDecl* record,
              Compute compute) {
  if (auto it = cache.find(record); it != cache.end()) return it->second;
  cache[record] = false;
  const bool result = compute();
  cache[record] = result;
  return result;
}

}  // namespace

std::string qualifiedName(const NamedDecl* decl) {
  if (!decl) return {};
  std::string name;
  llvm::raw_string_ostream os(name);
  PrintingPolicy policy(decl->getASTContext().getLangOpts());
  policy.SuppressTemplateArgsInCXXConstructors = true;
  policy.SuppressUnwrittenScope = true;  // std::__1::mutex prints as std::mutex
  policy.SuppressInlineNamespace = true;
  policy.AnonymousTagLocations = false;
  decl->printQualifiedName(os, policy);
  return name;
}

Vocabulary::Vocabulary(const AnalyzerOptions& options)
    : mutexTypes_(withDefaults(std::begin(kDefaultMutexTypes), std::end(kDefaultMutexTypes),
                               options.mutexTypes)),
      recursiveMutexTypes_(std::begin(kDefaultRecursiveMutexTypes),
                           std::end(kDefaultRecursiveMutexTypes)),
      guardTypes_(withDefaults(std::begin(kDefaultGuardTypes), std::end(kDefaultGuardTypes),
                               options.guardTypes)),
      callbackTypes_(withDefaults(std::begin(kDefaultCallbackTypes),
                                  std::end(kDefaultCallbackTypes), options.callbackTypes)),
      listenerPattern_(options.listenerClassPattern, llvm::Regex::IgnoreCase) {}

const CXXRecordDecl* Vocabulary::recordOf(QualType type) {
  if (type.isNull()) return nullptr;
  type = type.getNonReferenceType();
  const Type* canonical = type->getUnqualifiedDesugaredType();
  if (const auto* record = canonical->getAsCXXRecordDecl()) return record;
  // A dependent specialization such as std::function<R(Args...)> in a template.
  if (const auto* spec = canonical->getAs<TemplateSpecializationType>())
    if (const auto* tmpl = spec->getTemplateName().getAsTemplateDecl())
      if (const auto* rec = dyn_cast_or_null<CXXRecordDecl>(tmpl->getTemplatedDecl()))
        return rec;
  return nullptr;
}

QualType Vocabulary::heldType(QualType type) {
  if (type.isNull()) return type;
  type = type.getNonReferenceType();
  if (const auto* pointer = type->getAs<PointerType>()) return pointer->getPointeeType();
  if (const auto* record = recordOf(type)) {
    const std::string name = qualifiedName(record);
    if (name == "std::unique_ptr" || name == "std::shared_ptr" || name == "std::optional" ||
        name == "boost::optional" || name == "absl::optional") {
      if (const auto* spec = dyn_cast<ClassTemplateSpecializationDecl>(record)) {
        const auto& args = spec->getTemplateArgs();
        if (args.size() > 0 && args[0].getKind() == TemplateArgument::Type)
          return args[0].getAsType();
      }
    }
  }
  return type;
}

bool Vocabulary::nameIn(const NamedDecl* decl, const std::vector<std::string>& names) const {
  const std::string name = qualifiedName(decl);
  for (const auto& candidate : names)
    if (name == candidate) return true;
  return false;
}

bool Vocabulary::hasLockUnlockPair(const CXXRecordDecl* record) const {
  record = record->getDefinition();
  if (!record) return false;
  auto [it, inserted] = lockPairCache_.try_emplace(record, false);
  if (!inserted) return it->second;
  bool acquire = false, release = false;
  for (const auto* method : record->methods()) {
    if (method->isStatic() || method->getNumParams() != 0) continue;
    switch (methodLockAction(method->getName().empty() ? "" : method->getName())) {
      case LockAction::Acquire: acquire = true; break;
      case LockAction::Release: release = true; break;
      default: break;
    }
  }
  // Guards have lock()/unlock() too (unique_lock); a mutex is not constructed
  // from another lockable, so a constructor taking a mutex means "guard".
  bool result = acquire && release;
  if (result) {
    for (const auto* ctor : record->ctors())
      for (const auto* param : ctor->parameters()) {
        const auto* held = recordOf(heldType(param->getType()));
        if (held && held != record && hasLockUnlockPair(held)) result = false;
      }
  }
  lockPairCache_[record] = result;
  return result;
}

bool Vocabulary::isMutex(QualType type) const {
  if (type.isNull()) return false;
  type = type.getNonReferenceType();
  if (const auto* typedefType = type->getAs<TypedefType>()) {
    if (nameIn(typedefType->getDecl(), mutexTypes_)) return true;
  }
  const auto* record = recordOf(type);
  if (!record) return false;
  return memoized(mutexCache_, record, [&] { return isMutexRecord(record); });
}

bool Vocabulary::isMutexRecord(const CXXRecordDecl* record) const {
  if (nameIn(record, mutexTypes_)) return true;
  // pthread_mutex_t is a typedef of an anonymous union; match the typedef
  // name carried by the record.
  if (const auto* typedefDecl = record->getTypedefNameForAnonDecl())
    if (nameIn(typedefDecl, mutexTypes_)) return true;
  if (isGuard(record)) return false;
  return hasLockUnlockPair(record);
}

bool Vocabulary::isRecursiveMutex(QualType type) const {
  const auto* record = recordOf(type);
  return record && nameIn(record, recursiveMutexTypes_);
}

bool Vocabulary::holdsMutex(QualType type) const {
  if (type.isNull()) return false;
  QualType held = heldType(type);
  return held != type.getNonReferenceType() && isMutex(held);
}

bool Vocabulary::isGuard(const CXXRecordDecl* record) const {
  if (!record) return false;
  return memoized(guardCache_, record, [&] { return isGuardRecord(record); });
}

bool Vocabulary::isGuardRecord(const CXXRecordDecl* record) const {
  if (nameIn(record, guardTypes_)) return true;
  const StringRef name = record->getName();
  if (!(name.ends_with("Lock") || name.ends_with("Guard") || name.ends_with("Locker") ||
        name.ends_with("Lock_") || name.ends_with("Holder")))
    return false;
  const auto* definition = record->getDefinition();
  if (!definition || !definition->hasUserDeclaredDestructor()) return false;
  for (const auto* ctor : definition->ctors()) {
    if (ctor->getNumParams() == 0) continue;
    const QualType param = ctor->getParamDecl(0)->getType();
    const auto* held = recordOf(heldType(param));
    if (held && held != definition && isMutex(heldType(param))) return true;
    if (param->isPointerType() && isMutex(param->getPointeeType())) return true;
  }
  return false;
}

bool Vocabulary::isCallbackType(QualType type) const {
  const auto* record = recordOf(type);
  return record && nameIn(record, callbackTypes_);
}

bool Vocabulary::isListenerClass(const CXXRecordDecl* record) const {
  return record && listenerPattern_.match(record->getName());
}

bool Vocabulary::isAtomic(QualType type) {
  if (type.isNull()) return false;
  type = type.getNonReferenceType();
  if (type->isAtomicType()) return true;
  const auto* record = recordOf(type);
  if (!record) return false;
  const std::string name = qualifiedName(record);
  return name == "std::atomic" || name == "std::atomic_flag" || name == "std::atomic_ref" ||
         name == "std::__atomic_base" || name == "boost::atomic" || name == "absl::once_flag";
}

bool Vocabulary::isOnceFlag(QualType type) {
  if (type.isNull()) return false;
  type = type.getNonReferenceType();
  if (const auto* typedefType = type->getAs<TypedefType>())
    if (typedefType->getDecl()->getName() == "pthread_once_t") return true;
  const auto* record = recordOf(type);
  if (!record) return false;
  const std::string name = qualifiedName(record);
  return name == "std::once_flag" || name == "absl::once_flag";
}

bool Vocabulary::isContainerLike(QualType type) const {
  const auto* record = recordOf(type);
  if (!record) return false;
  const std::string name = qualifiedName(record);
  if (nameMatchesAny(name, std::begin(kContainerTypes), std::end(kContainerTypes))) return true;
  if (name.rfind("std::", 0) == 0) return false;
  const StringRef simple = record->getName();
  const bool cacheName = simple.ends_with("Cache") || simple.ends_with("Registry") ||
                         simple.ends_with("Map") || simple.ends_with("Table") ||
                         simple.ends_with("Pool") || simple.ends_with("Store");
  if (!cacheName) return false;
  const auto* definition = record->getDefinition();
  if (!definition) return false;
  // A cache with its own mutex synchronizes itself.
  for (const auto* field : definition->fields())
    if (isMutex(field->getType()) || holdsMutex(field->getType()) || isAtomic(field->getType()))
      return false;
  return true;
}

LockAction Vocabulary::methodLockAction(StringRef name) {
  return llvm::StringSwitch<LockAction>(name)
      .Cases("lock", "lock_shared", "Lock", "LockShared", "ReaderLock", "WriterLock",
             LockAction::Acquire)
      .Cases("Acquire", "acquire", "AcquireShared", "Enter", "WriteLock", "ReadLock",
             LockAction::Acquire)
      .Cases("try_lock", "try_lock_shared", "TryLock", "try_lock_for", "try_lock_until",
             LockAction::TryAcquire)
      .Cases("unlock", "unlock_shared", "Unlock", "UnlockShared", "ReaderUnlock",
             LockAction::Release)
      .Cases("WriterUnlock", "Release", "release_lock", "ReleaseShared", "Leave",
             LockAction::Release)
      .Cases("WriteUnlock", "ReadUnlock", LockAction::Release)
      .Default(LockAction::None);
}

LockAction Vocabulary::functionLockAction(StringRef name) {
  return llvm::StringSwitch<LockAction>(name)
      .Cases("pthread_mutex_lock", "pthread_rwlock_rdlock", "pthread_rwlock_wrlock",
             "pthread_spin_lock", "mtx_lock", LockAction::Acquire)
      .Cases("pthread_mutex_trylock", "pthread_rwlock_tryrdlock", "pthread_rwlock_trywrlock",
             "pthread_spin_trylock", "mtx_trylock", LockAction::TryAcquire)
      .Cases("pthread_mutex_timedlock", "mtx_timedlock", LockAction::TryAcquire)
      .Cases("pthread_mutex_unlock", "pthread_rwlock_unlock", "pthread_spin_unlock",
             "mtx_unlock", LockAction::Release)
      .Default(LockAction::None);
}

}  // namespace concur::detail

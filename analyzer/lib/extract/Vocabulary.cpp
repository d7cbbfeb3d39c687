#include "extract/Vocabulary.h"

#include "registry/CheckOptions.h"

#include "clang/AST/DeclTemplate.h"

using namespace clang;

namespace concur::analyzer_internal {

namespace {

llvm::StringSet<> set_of(const std::vector<std::string>& names) {
  llvm::StringSet<> out;
  for (const auto& name : names) out.insert(name);
  return out;
}

/// The name of a declaration when it has a plain identifier, else "" (operators,
/// constructors, conversion functions and anonymous records have none).
llvm::StringRef simple_name(const NamedDecl* decl) {
  if (!decl) return {};
  if (const IdentifierInfo* identifier = decl->getIdentifier()) return identifier->getName();
  return {};
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

bool has_suffix(llvm::StringRef name, const std::vector<std::string>& suffixes) {
  for (const auto& suffix : suffixes)
    if (name.ends_with(suffix)) return true;
  return false;
}

}  // namespace

std::string qualified_name(const NamedDecl* decl) {
  if (!decl) return {};
  // C names a struct declared without a tag by its typedef (`typedef struct
  // { ... } DBusAuthMechanismHandler;`); Clang prints "(anonymous struct)",
  // which would make the fields of every such struct of a program one.
  if (const auto* record = dyn_cast<RecordDecl>(decl); record && !record->getIdentifier())
    if (const TypedefNameDecl* typedef_name = record->getTypedefNameForAnonDecl())
      return qualified_name(typedef_name);
  if (const auto* record = dyn_cast<RecordDecl>(decl->getDeclContext());
      record && !record->getIdentifier() && record->getTypedefNameForAnonDecl())
    return qualified_name(record) + "::" + decl->getNameAsString();
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

Vocabulary::Vocabulary(const AnalyzerConfig& config) {
  const CheckOptions options(config, "vocabulary");
  mutex_types_ = set_of(options.list("mutexTypes"));
  recursive_mutex_types_ = set_of(options.list("recursiveMutexTypes"));
  shared_locks_ = set_of(options.list("sharedLocks"));
  guard_types_ = set_of(options.list("guardTypes"));
  callback_types_ = set_of(options.list("callbackTypes"));
  container_types_ = set_of(options.list("containerTypes"));
  thread_starts_ = set_of(options.list("threadStartFunctions"));
  thread_joins_ = set_of(options.list("threadJoinFunctions"));
  submit_methods_ = set_of(options.list("taskSubmitMethods"));
  // Start and run methods pair up by class: "QThread::start" with "QThread::run".
  auto split = [](llvm::StringRef qualified) { return qualified.rsplit("::"); };
  for (const auto& start : options.list("threadObjectStartMethods"))
    for (const auto& run : options.list("threadObjectRunMethods"))
      if (auto [start_class, start_name] = split(start); !start_name.empty() && split(run).first == start_class)
        thread_classes_[start_class] = {start_name.str(), split(run).second.str()};
  task_types_ = set_of(options.list("taskTypes"));
  lock_methods_ = set_of(options.list("lockMethods"));
  try_lock_methods_ = set_of(options.list("tryLockMethods"));
  unlock_methods_ = set_of(options.list("unlockMethods"));
  guard_suffixes_ = options.list("guardClassSuffixes");
  cache_suffixes_ = options.list("cacheClassSuffixes");
  named_system_calls_ = set_of(options.list("blockingFunctions"));
  for (const auto& name : options.list("eventLoopFunctions")) named_system_calls_.insert(name);
  lock_functions_ = set_of(options.list("lockFunctions"));
  try_lock_functions_ = set_of(options.list("tryLockFunctions"));
  unlock_functions_ = set_of(options.list("unlockFunctions"));
  destroy_functions_ = set_of(options.list("lockDestroyFunctions"));
  init_functions_ = set_of(options.list("lockInitFunctions"));
  for (auto& glob : options.list("testFilePatterns"))
    if (auto pattern = OwnedGlob::create(std::move(glob))) test_patterns_.push_back(std::move(*pattern));
}

Vocabulary Vocabulary::for_one_ast() const {
  Vocabulary copy(*this);
  copy.memos_ = Memos();
  return copy;
}

const CXXRecordDecl* Vocabulary::record_of(QualType type) {
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

QualType Vocabulary::held_type(QualType type) {
  if (type.isNull()) return type;
  type = type.getNonReferenceType();
  if (const auto* pointer = type->getAs<PointerType>()) return pointer->getPointeeType();
  if (const auto* record = record_of(type)) {
    const std::string name = qualified_name(record);
    if (name == "std::unique_ptr" || name == "std::shared_ptr" || name == "std::optional" ||
        name == "boost::optional" || name == "absl::optional" || name == "QScopedPointer" ||
        name == "QSharedPointer") {
      if (const auto* spec = dyn_cast<ClassTemplateSpecializationDecl>(record)) {
        const auto& args = spec->getTemplateArgs();
        if (args.size() > 0 && args[0].getKind() == TemplateArgument::Type)
          return args[0].getAsType();
      }
    }
  }
  return type;
}

bool Vocabulary::listed(const NamedDecl* decl, const llvm::StringSet<>& names) const {
  return names.contains(qualified_name(decl));
}

LockAction Vocabulary::method_lock_action(llvm::StringRef name) const {
  if (lock_methods_.contains(name)) return LockAction::acquire;
  if (try_lock_methods_.contains(name)) return LockAction::try_acquire;
  if (unlock_methods_.contains(name)) return LockAction::release;
  return LockAction::none;
}

LockAction Vocabulary::function_lock_action(llvm::StringRef name) const {
  if (lock_functions_.contains(name)) return LockAction::acquire;
  if (try_lock_functions_.contains(name)) return LockAction::try_acquire;
  if (unlock_functions_.contains(name)) return LockAction::release;
  if (destroy_functions_.contains(name)) return LockAction::destroy;
  if (init_functions_.contains(name)) return LockAction::init;
  return LockAction::none;
}

bool Vocabulary::has_lock_unlock_pair(const CXXRecordDecl* record) const {
  record = record->getDefinition();
  if (!record) return false;
  return memoized(memos_.lock_pair, record, [&] {
    // A null mutex (spdlog's null_mutex, a policy class for single-threaded
    // use): lock() that does nothing takes no lock.
    auto does_nothing = [](const CXXMethodDecl* method) {
      const FunctionDecl* definition = method->getDefinition();
      if (!definition && method->getTemplateInstantiationPattern())
        definition = method->getTemplateInstantiationPattern()->getDefinition();
      const auto* body = definition ? dyn_cast_or_null<CompoundStmt>(definition->getBody()) : nullptr;
      return body && body->body_empty();
    };
    bool acquire = false, release = false, every_acquire_empty = true;
    for (const auto* method : record->methods()) {
      if (method->isStatic() || method->getNumParams() != 0) continue;
      switch (method_lock_action(simple_name(method))) {
        case LockAction::acquire:
          acquire = true;
          every_acquire_empty = every_acquire_empty && does_nothing(method);
          break;
        case LockAction::release: release = true; break;
        default: break;
      }
    }
    if (!acquire || !release || every_acquire_empty) return false;
    // Guards have lock()/unlock() too (unique_lock); a mutex is not constructed
    // from another lockable, so a constructor taking a mutex means "guard".
    for (const auto* ctor : record->ctors())
      for (const auto* param : ctor->parameters()) {
        const auto* held = record_of(held_type(param->getType()));
        if (held && held != record && has_lock_unlock_pair(held)) return false;
      }
    // An awaitable lock (co_await m.lock()) does not block: not a mutex here.
    for (const auto* method : record->methods())
      if (method_lock_action(simple_name(method)) == LockAction::acquire)
        if (const auto* returned = record_of(method->getReturnType()))
          for (const auto* inner : returned->methods())
            if (simple_name(inner) == "await_ready") return false;
    return true;
  });
}

bool Vocabulary::is_mutex(QualType type) const {
  if (type.isNull()) return false;
  type = type.getNonReferenceType();
  if (const auto* typedef_type = type->getAs<TypedefType>())
    if (listed(typedef_type->getDecl(), mutex_types_)) return true;
  const auto* record = record_of(type);
  if (!record) return false;
  return memoized(memos_.mutex, record, [&] { return is_mutex_record(record); });
}

bool Vocabulary::is_mutex_record(const CXXRecordDecl* record) const {
  if (listed(record, mutex_types_)) return true;
  // pthread_mutex_t is a typedef of an anonymous union; match the typedef
  // name carried by the record.
  if (const auto* typedef_decl = record->getTypedefNameForAnonDecl())
    if (listed(typedef_decl, mutex_types_)) return true;
  if (is_guard(record)) return false;
  return has_lock_unlock_pair(record);
}

/// C names its types through typedefs of plain structs (glib's GRecMutex is
/// `struct _GRecMutex`, GHashTable `struct _GHashTable`): any typedef on the
/// way may be the listed name.
static bool listed_by_typedef(QualType type, const llvm::StringSet<>& names) {
  if (type.isNull()) return false;
  for (QualType step = type.getNonReferenceType(); const auto* typedef_type = step->getAs<TypedefType>();
       step = typedef_type->desugar())
    if (names.contains(qualified_name(typedef_type->getDecl()))) return true;
  return false;
}

bool Vocabulary::is_recursive_mutex(QualType type) const {
  if (type.isNull()) return false;
  type = type.getNonReferenceType();
  if (listed_by_typedef(type, recursive_mutex_types_)) return true;
  const RecordDecl* record = type->getAsRecordDecl();  // a C struct has no CXXRecordDecl
  if (!record) record = record_of(type);
  if (!record) return false;
  if (listed(record, recursive_mutex_types_)) return true;
  const auto* cxx = dyn_cast<CXXRecordDecl>(record);
  if (!cxx || !(cxx = cxx->getDefinition())) return false;
  return memoized(memos_.recursive, cxx, [&] { return is_recursive_record(cxx); });
}

namespace {

/// Whether `stmt` calls pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE...).
bool sets_recursive_type(const Stmt* stmt) {
  if (!stmt) return false;
  if (const auto* call = dyn_cast<CallExpr>(stmt))
    if (const FunctionDecl* callee = call->getDirectCallee();
        callee && simple_name(callee) == "pthread_mutexattr_settype" && call->getNumArgs() == 2)
      if (const auto* constant = dyn_cast<DeclRefExpr>(call->getArg(1)->IgnoreParenImpCasts()))
        if (simple_name(constant->getDecl()).starts_with("PTHREAD_MUTEX_RECURSIVE")) return true;
  for (const Stmt* child : stmt->children())
    if (sets_recursive_type(child)) return true;
  return false;
}

}  // namespace

bool Vocabulary::is_recursive_record(const CXXRecordDecl* record) const {
  // Only a mutex class by what it does: a listed std::mutex is not recursive,
  // whatever its implementation's constructor does.
  if (listed(record, mutex_types_) || !has_lock_unlock_pair(record)) return false;
  // zeromq's mutex_t: its constructor makes its pthread mutex recursive.
  for (const auto* ctor : record->ctors()) {
    const FunctionDecl* definition = ctor->getDefinition();
    if (!definition && ctor->getTemplateInstantiationPattern())
      definition = ctor->getTemplateInstantiationPattern()->getDefinition();
    if (definition && sets_recursive_type(definition->getBody())) return true;
  }
  // A wrapper around a std::recursive_mutex (or around another such wrapper),
  // or a class derived from one (Bitcoin Core's `AnnotatedMixin<std::recursive_mutex>`).
  for (const auto* field : record->fields())
    if (is_recursive_mutex(field->getType())) return true;
  for (const CXXBaseSpecifier& base : record->bases())
    if (is_recursive_mutex(base.getType())) return true;
  return false;
}

bool Vocabulary::holds_mutex(QualType type) const {
  if (type.isNull()) return false;
  QualType held = held_type(type);
  return held != type.getNonReferenceType() && is_mutex(held);
}

bool Vocabulary::is_guard(const CXXRecordDecl* record) const {
  if (!record) return false;
  return memoized(memos_.guard, record, [&] { return is_guard_record(record); });
}

bool Vocabulary::is_guard_record(const CXXRecordDecl* record) const {
  if (listed(record, guard_types_)) return true;
  const auto* definition = record->getDefinition();
  if (!definition) return false;
  // A class derived from a guard (Bitcoin Core's `UniqueLock : std::unique_lock<Mutex>`)
  // and built from a mutex is one whatever its name: the base's destructor
  // releases what the constructor hands the base to take.
  const bool derived_from_guard = llvm::any_of(definition->bases(), [&](const CXXBaseSpecifier& base) {
    const auto* parent = record_of(base.getType());
    return parent && parent != definition && is_guard(parent);
  });
  if (!derived_from_guard &&
      (!has_suffix(simple_name(record), guard_suffixes_) || !definition->hasUserDeclaredDestructor()))
    return false;
  for (const auto* ctor : definition->ctors()) {
    if (ctor->getNumParams() == 0) continue;
    const QualType param = ctor->getParamDecl(0)->getType();
    const auto* held = record_of(held_type(param));
    if (held && held != definition && is_mutex(held_type(param))) return true;
    if (param->isPointerType() && is_mutex(param->getPointeeType())) return true;
  }
  return false;
}

bool Vocabulary::is_callback_type(QualType type) const {
  const auto* record = record_of(type);
  return record && listed(record, callback_types_);
}

bool Vocabulary::is_atomic(QualType type) {
  if (type.isNull()) return false;
  type = type.getNonReferenceType();
  if (type->isAtomicType()) return true;
  const auto* record = record_of(type);
  if (!record) return false;
  const std::string name = qualified_name(record);
  return name == "std::atomic" || name == "std::atomic_flag" || name == "std::atomic_ref" ||
         name == "std::__atomic_base" || name == "boost::atomic" || name == "absl::once_flag" ||
         name == "QAtomicInt" || name == "QAtomicPointer" || name == "QBasicAtomicInteger";
}

bool Vocabulary::is_once_flag(QualType type) {
  if (type.isNull()) return false;
  type = type.getNonReferenceType();
  if (const auto* typedef_type = type->getAs<TypedefType>())
    if (simple_name(typedef_type->getDecl()) == "pthread_once_t") return true;
  const auto* record = record_of(type);
  if (!record) return false;
  const std::string name = qualified_name(record);
  return name == "std::once_flag" || name == "absl::once_flag";
}

bool Vocabulary::is_container_like(QualType type) const {
  if (listed_by_typedef(type, container_types_)) return true;
  const auto* record = record_of(type);
  if (!record) return false;
  return memoized(memos_.container, record, [&] {
    const std::string name = qualified_name(record);
    if (container_types_.contains(name)) return true;
    if (llvm::StringRef(name).starts_with("std::")) return false;
    if (!has_suffix(simple_name(record), cache_suffixes_)) return false;
    const auto* definition = record->getDefinition();
    if (!definition) return false;
    // A cache with its own mutex synchronizes itself.
    for (const auto* field : definition->fields())
      if (is_mutex(field->getType()) || holds_mutex(field->getType()) ||
          is_atomic(field->getType()))
        return false;
    return true;
  });
}

bool Vocabulary::is_listed_container(QualType type) const {
  if (listed_by_typedef(type, container_types_)) return true;
  const auto* record = record_of(type);
  return record && container_types_.contains(qualified_name(record));
}

bool Vocabulary::is_map_like(QualType type) const {
  const auto* record = record_of(type);
  if (!record) return false;
  const llvm::StringRef name = simple_name(record);
  return name.contains_insensitive("map") || name.contains_insensitive("hash") ||
         name.contains_insensitive("cache") || name.contains_insensitive("registry") ||
         name.contains_insensitive("table");
}

bool Vocabulary::is_task_type(QualType type) const {
  const auto* record = record_of(type);
  return record && listed(record, task_types_);
}

bool Vocabulary::is_thread_start(llvm::StringRef qualified) const {
  return thread_starts_.contains(qualified);
}

bool Vocabulary::is_thread_join(const FunctionDecl* function, const CXXRecordDecl* called_on) const {
  if (!function) return false;
  if (const auto* method = dyn_cast<CXXMethodDecl>(function)) {
    const CXXRecordDecl* record = method->getParent();
    const std::string name =
        isa<CXXDestructorDecl>(method) ? "~" + record->getNameAsString() : method->getNameAsString();
    if (thread_joins_.contains(qualified_name(record) + "::" + name)) return true;
    // libstdc++'s std::future inherits wait () from std::__basic_future.
    return called_on && called_on != record && thread_joins_.contains(qualified_name(called_on) + "::" + name);
  }
  return thread_joins_.contains(qualified_name(function));
}

llvm::StringRef Vocabulary::thread_object_run_method(const CXXMethodDecl* method) const {
  if (!method || thread_classes_.empty()) return {};
  auto it = thread_classes_.find(qualified_name(method->getParent()));
  if (it == thread_classes_.end() || it->second.first != method->getNameAsString()) return {};
  return it->second.second;
}

bool Vocabulary::is_thread_class(const CXXRecordDecl* record) const {
  return record && !thread_classes_.empty() && thread_classes_.contains(qualified_name(record));
}

bool Vocabulary::is_task_submit_method(llvm::StringRef name) const {
  return submit_methods_.contains(name);
}

bool Vocabulary::is_named_system_call(llvm::StringRef qualified) const {
  return named_system_calls_.contains(qualified);
}

bool Vocabulary::is_test_path(llvm::StringRef path) const {
  for (const auto& pattern : test_patterns_)
    if (pattern.match(path)) return true;
  return false;
}

bool Vocabulary::is_shared_lock(llvm::StringRef name) const { return shared_locks_.contains(name); }

}  // namespace concur::analyzer_internal

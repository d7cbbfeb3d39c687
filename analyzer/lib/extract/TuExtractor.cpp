#include "extract/TuExtractor.h"

#include "extract/FunctionExtractor.h"
#include "extract/RefBuilder.h"
#include "extract/TuContext.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace clang;

namespace concur::analyzer_internal {
namespace {

/// Instantiations of one template analyzed at most; the rest repeat them.
constexpr unsigned kInstantiationsPerTemplate = 16;

class Collector : public RecursiveASTVisitor<Collector> {
public:
  explicit Collector(ASTContext& ast) : ast_(ast) {}

  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return false; }

  bool TraverseDecl(Decl* decl) {
    if (decl && !isa<TranslationUnitDecl>(decl) &&
        ast_.getSourceManager().isInSystemHeader(
            ast_.getSourceManager().getExpansionLoc(decl->getLocation())))
      return true;
    return RecursiveASTVisitor::TraverseDecl(decl);
  }

  bool VisitFunctionDecl(FunctionDecl* function) {
    if (!function->doesThisDeclarationHaveABody() || function->isDeleted() ||
        function->isDefaulted() || !function->getBody())
      return true;
    if (function->isImplicit() && !is_lambda_call_operator(function)) return true;
    add(function);
    return true;
  }

  /// A constructor the compiler writes (implicit or `= default`) runs the
  /// in-class initializers of its class's fields. One that makes an object
  /// through a call (`Table* table_ = Table::Create (nullptr);`) is where
  /// that field's object comes from, and one that stores a lambda or a
  /// function (`std::function<void (long)> on_tick_ = [this] (long n) { ...
  /// };`) is what that member holds, so the constructor is extracted. The
  /// compiler writes it only in a TU that constructs the class.
  bool VisitCXXRecordDecl(CXXRecordDecl* record) {
    if (!record->hasDefinition() || record->isDependentContext() ||
        llvm::none_of(record->fields(), [](const FieldDecl* field) {
          return makes_object_in_class(field) || stores_callable_in_class(field);
        }))
      return true;
    for (const CXXConstructorDecl* ctor : record->ctors())
      if ((ctor->isImplicit() || ctor->isDefaulted()) && ctor->isThisDeclarationADefinition() &&
          ctor->doesThisDeclarationHaveABody() && !ctor->isDeleted())
        add(ctor);
    return true;
  }

  static bool stores_callable_in_class(const FieldDecl* field) {
    const Expr* init = field->getInClassInitializer();
    return init && names_callable(init, 0);
  }

  /// Whether `e` holds a lambda or names a function, a few levels down
  /// (through the std::function or pointer conversions around it).
  static bool names_callable(const Stmt* e, int depth) {
    if (!e || depth > 6) return false;
    if (isa<LambdaExpr>(e)) return true;
    if (const auto* ref = dyn_cast<DeclRefExpr>(e); ref && isa<FunctionDecl>(ref->getDecl())) return true;
    return llvm::any_of(e->children(), [&](const Stmt* child) { return names_callable(child, depth + 1); });
  }

  static bool makes_object_in_class(const FieldDecl* field) {
    const Expr* init = field->getInClassInitializer();
    return init && field->getType()->isPointerType() && isa<CallExpr>(init->IgnoreParenImpCasts());
  }

  bool VisitLambdaExpr(LambdaExpr* lambda) {
    if (CXXMethodDecl* call = lambda->getCallOperator(); call && call->hasBody()) add(call);
    // A generic lambda's instantiations are members of its closure class,
    // which the traversal does not enter.
    if (const FunctionTemplateDecl* generic = lambda->getDependentCallOperator())
      for (FunctionDecl* instance : generic->specializations())
        if (instance->doesThisDeclarationHaveABody()) add(instance);
    return true;
  }

  /// A member or global built with a recursion mode that says so
  /// (`QMutex m_ {QMutex::Recursive}`, `m_ (QMutex::Recursive)` in a
  /// constructor, wxWidgets' `wxMutex (wxMUTEX_RECURSIVE)`): that object may
  /// be locked again by its owner, whatever its class does by default.
  bool VisitFieldDecl(FieldDecl* field) {
    if (const Expr* init = field->getInClassInitializer(); init && asks_recursion(init))
      recursive_members.push_back(field);
    return true;
  }

  bool VisitCXXConstructorDecl(CXXConstructorDecl* ctor) {
    for (const CXXCtorInitializer* init : ctor->inits())
      if (init->isWritten() && init->getMember() && init->getInit() && asks_recursion(init->getInit()))
        recursive_members.push_back(init->getMember());
    return true;
  }

  bool VisitVarDecl(VarDecl* var) {
    if (var->hasGlobalStorage() && !isa<ParmVarDecl>(var) && var->getInit() && asks_recursion(var->getInit()))
      recursive_globals.push_back(var);
    // constant_struct_fields says which of these other TUs may name.
    if (var->getType().isConstQualified() && var->getInit() && !var->getDeclContext()->isDependentContext())
      constant_structs.push_back(var);
    if (!var->hasGlobalStorage() || !var->getInit() || isa<ParmVarDecl>(var) ||
        var->getDeclContext()->isDependentContext())
      return true;
    if (var->getInit()->isValueDependent()) return true;
    // A static local with a constant initializer is static data too: no code
    // runs when its function is first called. A table of function pointers
    // kept there and returned by its function (glib's `glib__private__ ()`
    // returns `&table`) holds what the initializer stores. A dynamic
    // initializer runs inside the function, which extracts it.
    if (var->isStaticLocal() && (!var->getInit()->isConstantInitializer(ast_, false) ||
                                 !may_hold_function_pointer(var->getType(), 0)))
      return true;
    // Constant initialization runs no code, but may store function pointers
    // (`Ops kOps = {&CopyA, &DestroyA};`), which the project must know.
    // So may a pointer to such a table (`static const Methods* g_methods =
    // &pthread_methods;`): what it points to is what calls through it run.
    const QualType type = var->getType();
    const bool table_pointer = type->isPointerType() && may_hold_function_pointer(type->getPointeeType(), 1);
    // And an array of such pointers (`const struct ops *const k_all[] = {&a_ops, &b_ops, NULL};`).
    const ArrayType* array = ast_.getAsArrayType(type);
    const bool table_pointers = array && array->getElementType()->isPointerType() &&
                                may_hold_function_pointer(array->getElementType()->getPointeeType(), 1);
    if (const Expr* init = var->getInit();
        init->isConstantInitializer(ast_, false) && !may_hold_function_pointer(type, 0) && !table_pointer &&
        !table_pointers)
      return true;
    static_initializers.push_back(var);
    return true;
  }

  std::vector<const FunctionDecl*> functions;
  std::vector<const VarDecl*> static_initializers;
  std::vector<const FieldDecl*> recursive_members;
  std::vector<const VarDecl*> recursive_globals;
  std::vector<const VarDecl*> constant_structs;  ///< const globals other TUs may declare `extern`

private:
  /// A construction one of whose arguments is an enumerator named for
  /// recursion (the mode argument of a mutex class's constructor).
  static bool asks_recursion(const Expr* init) {
    const auto* construct = dyn_cast<CXXConstructExpr>(strip_expr(init));
    if (!construct) return false;
    return llvm::any_of(construct->arguments(), [](const Expr* arg) {
      const auto* ref = dyn_cast<DeclRefExpr>(strip_expr(arg));
      const auto* constant = ref ? dyn_cast<EnumConstantDecl>(ref->getDecl()) : nullptr;
      return constant && constant->getName().contains_insensitive("recursive");
    });
  }

  static bool may_hold_function_pointer(QualType type, int depth) {
    if (type.isNull() || depth > 3) return false;
    type = type.getCanonicalType();
    if (type->isFunctionPointerType() || type->isMemberFunctionPointerType()) return true;
    if (const auto* array = dyn_cast<ArrayType>(type.getTypePtr()))
      return may_hold_function_pointer(array->getElementType(), depth + 1);
    if (Vocabulary::is_atomic(type)) {
      if (const auto* spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(Vocabulary::record_of(type)))
        return spec->getTemplateArgs().size() > 0 &&
               spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type &&
               may_hold_function_pointer(spec->getTemplateArgs()[0].getAsType(), depth + 1);
      return false;
    }
    if (const auto* record = type->getAsRecordDecl())
      for (const FieldDecl* field : record->fields())
        if (may_hold_function_pointer(field->getType(), depth + 1)) return true;
    return false;
  }

  static bool is_lambda_call_operator(const FunctionDecl* function) {
    const auto* method = dyn_cast<CXXMethodDecl>(function);
    return method && method->getParent()->isLambda();
  }

  void add(const FunctionDecl* function) {
    if (!seen_.insert(function).second) return;
    if (function->isTemplateInstantiation())
      if (const FunctionDecl* pattern = function->getTemplateInstantiationPattern())
        if (++instantiations_[pattern] > kInstantiationsPerTemplate) return;
    functions.push_back(function);
  }

  ASTContext& ast_;
  llvm::SmallPtrSet<const FunctionDecl*, 32> seen_;
  llvm::DenseMap<const FunctionDecl*, unsigned> instantiations_;
};

std::string real_path_of(const FileEntryRef& file) {
  std::string path(file.getFileEntry().tryGetRealPathName());
  if (path.empty()) {
    llvm::SmallString<256> absolute(file.getName());
    llvm::sys::fs::make_absolute(absolute);
    llvm::sys::path::remove_dots(absolute, true);
    path = std::string(absolute);
  }
  return path;
}

/// The files the TU read, and whether it includes a test framework.
void record_inputs(const SourceManager& sm, TuFacts& out) {
  llvm::StringSet<> seen;
  for (unsigned i = 0; i < sm.local_sloc_entry_size(); ++i) {
    const SrcMgr::SLocEntry& entry = sm.getLocalSLocEntry(i);
    if (!entry.isFile()) continue;
    const SrcMgr::FileInfo& info = entry.getFile();
    auto file = info.getContentCache().OrigEntry;
    if (!file) continue;
    const std::string path = real_path_of(*file);
    if (!seen.insert(path).second) continue;
    const llvm::StringRef name(path);
    if (name.ends_with("gtest/gtest.h") || name.ends_with("gmock/gmock.h") ||
        name.contains("/catch2/") || name.ends_with("catch.hpp") || name.ends_with("doctest.h") ||
        name.contains("boost/test/"))
      out.test_file = true;
    if (SrcMgr::isSystem(info.getFileCharacteristic())) out.system_files.push_back(path);
    else out.user_files.push_back(path);
  }
}

}  // namespace

bool extract_tu(ASTContext& ast, const Vocabulary& shared_vocabulary, TuFacts& out,
                const std::function<bool()>& expired) {
  // The scan's vocabulary is shared by the threads that parse TUs at once;
  // its memos are keyed by this AST's declarations, so each TU asks its own copy.
  const Vocabulary vocabulary = shared_vocabulary.for_one_ast();
  const SourceManager& sm = ast.getSourceManager();
  if (auto main = sm.getFileEntryRefForID(sm.getMainFileID())) out.main_file = real_path_of(*main);
  record_inputs(sm, out);
  out.test_file = out.test_file || vocabulary.is_test_path(out.main_file);

  Collector collector(ast);
  collector.TraverseDecl(ast.getTranslationUnitDecl());

  TuContext tu(ast, vocabulary, out);
  for (const FieldDecl* field : collector.recursive_members) {
    if (!vocabulary.is_mutex(field->getType())) continue;
    Ref lock;
    lock.root = RefRoot::this_object;
    lock.path.push_back(qualified_name(field));
    out.recursive_locks.push_back({std::move(lock)});
  }
  for (const VarDecl* variable : collector.recursive_globals) {
    if (!vocabulary.is_mutex(variable->getType())) continue;
    Ref lock;
    lock.root = RefRoot::global;
    lock.base = tu.id_of(variable);
    out.recursive_locks.push_back({std::move(lock)});
  }
  for (const VarDecl* variable : collector.constant_structs)
    if (auto fields = constant_struct_fields(tu, variable); !fields.empty())
      out.constant_structs.push_back({tu.id_of(variable), std::move(fields)});
  for (const FunctionDecl* function : collector.functions) {
    if (expired()) return false;
    out.functions.push_back(extract_function(tu, function, 0));
  }
  for (const VarDecl* variable : collector.static_initializers) {
    if (expired()) return false;
    FunctionFact init = extract_static_initializer(tu, variable);
    if (!init.blocks.empty() && !init.blocks.front().events.empty())
      out.functions.push_back(std::move(init));
  }
  return true;
}

}  // namespace concur::analyzer_internal

#include "extract/FunctionExtractor.h"

#include "extract/BodyWalk.h"
#include "extract/RefBuilder.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/Basic/Builtins.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/Analyses/ExprMutationAnalyzer.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"

#include <algorithm>
#include <functional>
#include <iterator>
#include <optional>

using namespace clang;

namespace concur::analyzer_internal {
namespace {

const Expr* bare(const Expr* e) { return strip_expr(e); }

bool is_tag_type(QualType type, llvm::StringRef name) {
  const auto* record = Vocabulary::record_of(type);
  return record && qualified_name(record) == name;
}

llvm::StringRef identifier(const NamedDecl* decl) {
  if (decl)
    if (const IdentifierInfo* id = decl->getIdentifier()) return id->getName();
  return {};
}

/// `&tid`: an argument that hands over the address of a place.
bool is_address_of(const Expr* e) {
  const auto* unary = dyn_cast_or_null<UnaryOperator>(e ? e->IgnoreParenImpCasts() : nullptr);
  return unary && unary->getOpcode() == UO_AddrOf;
}

/// `pthread_create (&tid, ...)`: a call that returns no pointer and whose
/// first parameter points to a modifiable object writes its result there
/// (`g_thread_new (name, ...)` returns its handle; its name is const).
bool writes_handle_through_first_argument(const CallExpr* call) {
  const FunctionDecl* callee = call->getDirectCallee();
  if (!callee || callee->getNumParams() == 0 || callee->getReturnType()->isPointerType()) return false;
  const QualType first = callee->getParamDecl(0)->getType();
  return first->isPointerType() && !first->getPointeeType().isConstQualified() &&
         !first->getPointeeType()->isFunctionType() && !first->getPointeeType()->isVoidType();
}

/// `&f` names `f` (a function, or the object a pointer argument points to).
const Expr* without_address_of(const Expr* e) {
  if (const auto* address = dyn_cast_or_null<UnaryOperator>(e); address && address->getOpcode() == UO_AddrOf)
    return bare(address->getSubExpr());
  return e;
}

/// An owning smart pointer whose object a factory makes (`std::unique_ptr<It>`,
/// `std::shared_ptr<It>`).
bool is_owning_pointer(QualType type) {
  const CXXRecordDecl* record = type.isNull() ? nullptr : Vocabulary::record_of(type);
  if (!record) return false;
  const std::string name = qualified_name(record);
  return name == "std::unique_ptr" || name == "std::shared_ptr";
}

/// The class of the polymorphic object `type` points to (a pointer or an
/// owning smart pointer), or null.
const CXXRecordDecl* polymorphic_pointee(QualType type) {
  if (type.isNull() || (!type->isPointerType() && !is_owning_pointer(type))) return nullptr;
  const CXXRecordDecl* record = Vocabulary::record_of(Vocabulary::held_type(type));
  return record && record->hasDefinition() && record->isPolymorphic() ? record->getDefinition() : nullptr;
}

/// `e` without the temporaries, cleanups, functional casts and implicit
/// conversions around the value it stands for.
const Expr* through_temporaries(const Expr* e) {
  while (e) {
    e = e->IgnoreParenImpCasts();
    if (const auto* cleanups = dyn_cast<ExprWithCleanups>(e)) e = cleanups->getSubExpr();
    else if (const auto* temporary = dyn_cast<MaterializeTemporaryExpr>(e)) e = temporary->getSubExpr();
    else if (const auto* bind = dyn_cast<CXXBindTemporaryExpr>(e)) e = bind->getSubExpr();
    else if (const auto* cast = dyn_cast<CXXFunctionalCastExpr>(e)) e = cast->getSubExpr();
    else break;
  }
  return e;
}

/// What an expression that hands over an object is made of, through the
/// conversions between smart pointers (`std::unique_ptr<It> (new A)`,
/// `unique_ptr<A>` to `unique_ptr<It>`).
const Expr* made_expression(const Expr* e) {
  while ((e = through_temporaries(e)))
    if (const auto* construct = dyn_cast<CXXConstructExpr>(e);
        construct && construct->getNumArgs() == 1 && is_owning_pointer(construct->getType()))
      e = construct->getArg(0);
    else
      break;
  return e;
}

/// `new Iter (...)`, `std::make_unique<Iter> (...)`: the class;
/// `NewErrorIterator (s)`, `block->NewIterator (c)` (not a virtual call): the
/// function. Empty for anything else.
std::pair<const CXXRecordDecl*, const FunctionDecl*> made_by(const Expr* e) {
  e = made_expression(e);
  if (const auto* created = dyn_cast_or_null<CXXNewExpr>(e)) {
    if (!created->isArray())
      if (const CXXRecordDecl* record = created->getAllocatedType()->getAsCXXRecordDecl()) return {record, nullptr};
    return {};
  }
  if (const auto* member = dyn_cast_or_null<CXXMemberCallExpr>(e)) {
    const CXXMethodDecl* method = member->getMethodDecl();
    if (method && !method->isVirtual()) return {nullptr, method};
    return {};
  }
  if (const auto* call = dyn_cast_or_null<CallExpr>(e); call && !isa<CXXOperatorCallExpr>(call))
    if (const FunctionDecl* callee = call->getDirectCallee()) {
      // The standard's factories make exactly the class they name.
      const llvm::StringRef name = identifier(callee);
      if (callee->isInStdNamespace() && (name == "make_unique" || name == "make_shared"))
        if (const CXXRecordDecl* record = Vocabulary::record_of(Vocabulary::held_type(call->getType())))
          return {record, nullptr};
      return {nullptr, callee};
    }
  return {};
}

/// The constructor of `made` that a function of the standard library runs
/// with the arguments it forwards (`std::make_unique<Worker> (task)` runs
/// `Worker::Worker (task)` inside `new _Tp (std::forward<_Args> (__args)...)`,
/// `std::make_shared` and `vector::emplace_back` a few calls deeper): found in
/// the instantiated bodies, through functions and constructors of system
/// headers only. Null when not found, or when it is a copy or move.
class ForwardedConstructor {
public:
  ForwardedConstructor(const SourceManager& sources, QualType made) : sources_(sources), made_(made) {}

  const CXXConstructorDecl* in(const FunctionDecl* function, unsigned depth = 0) {
    if (!function || depth > kMaxDepth || visited_.size() > kMaxFunctions) return nullptr;
    function = function->getDefinition() ? function->getDefinition() : function;
    if (!sources_.isInSystemHeader(function->getLocation()) || !visited_.insert(function).second) return nullptr;
    if (const auto* ctor = dyn_cast<CXXConstructorDecl>(function))
      for (const CXXCtorInitializer* init : ctor->inits())
        if (const CXXConstructorDecl* found = search(init->getInit(), depth)) return found;
    return search(function->getBody(), depth);
  }

private:
  static constexpr unsigned kMaxDepth = 12;
  static constexpr size_t kMaxFunctions = 256;

  const CXXConstructorDecl* search(const Stmt* stmt, unsigned depth) {
    if (!stmt) return nullptr;
    if (const auto* construct = dyn_cast<CXXConstructExpr>(stmt)) {
      const CXXConstructorDecl* ctor = construct->getConstructor();
      if (ctor && !construct->getType().isNull() &&
          construct->getType()->getCanonicalTypeUnqualified() == made_->getCanonicalTypeUnqualified())
        return ctor->isCopyOrMoveConstructor() ? nullptr : ctor;
      if (const CXXConstructorDecl* found = in(ctor, depth + 1)) return found;
    } else if (const auto* call = dyn_cast<CallExpr>(stmt)) {
      if (const CXXConstructorDecl* found = in(call->getDirectCallee(), depth + 1)) return found;
    }
    for (const Stmt* child : stmt->children())
      if (const CXXConstructorDecl* found = search(child, depth)) return found;
    return nullptr;
  }

  const SourceManager& sources_;
  QualType made_;
  llvm::DenseSet<const FunctionDecl*> visited_;
};

/// `std::forward<F>(f)` and `std::move(f)` name the same object as `f`.
const Expr* through_forward(const Expr* e) {
  e = bare(e);
  if (const auto* call = dyn_cast_or_null<CallExpr>(e)) {
    if (call->getNumArgs() == 1) {
      if (const auto* callee = call->getDirectCallee();
          callee && (identifier(callee) == "forward" || identifier(callee) == "move"))
        return bare(call->getArg(0));
      if (const auto* unresolved = dyn_cast<UnresolvedLookupExpr>(bare(call->getCallee()))) {
        const std::string name = unresolved->getName().getAsString();
        if (name == "forward" || name == "move") return bare(call->getArg(0));
      }
    }
  }
  return e;
}

bool is_template_parameter_type(QualType type) {
  if (type.isNull()) return false;
  type = type.getNonReferenceType();
  return type->getAs<TemplateTypeParmType>() != nullptr ||
         (type->isDependentType() && isa<TemplateTypeParmType>(type.getCanonicalType()));
}

/// In an instantiated body, a parameter declared with a template
/// parameter's type that a lambda was substituted for (`Crew (Job job)`
/// built with `[] { ... }`): the callable its caller wrote.
bool is_substituted_lambda_type(QualType type) {
  if (type.isNull()) return false;
  const auto* subst = type.getNonReferenceType()->getAs<SubstTemplateTypeParmType>();
  const auto* record = subst ? subst->getReplacementType()->getAsCXXRecordDecl() : nullptr;
  return record && record->isLambda();
}

bool is_null_literal(const Expr* e, ASTContext& ast) {
  e = bare(e);
  // A field an aggregate initializer leaves out (`{NULL, NULL}` for a struct
  // of five pointers, `{.name = "x"}`) and `Fn()` are zero: null pointers.
  if (const auto* list = dyn_cast_or_null<InitListExpr>(e); list && list->getNumInits() == 0)
    return !list->getType().isNull() && (list->getType()->isPointerType() || list->getType()->isMemberPointerType());
  return e && !e->isValueDependent() &&
         (isa<CXXNullPtrLiteralExpr, ImplicitValueInitExpr, CXXScalarValueInitExpr>(e) ||
          e->isNullPointerConstant(ast, Expr::NPC_ValueDependentIsNotNull) != Expr::NPCK_NotNull);
}

/// Zero however it is spelled: a null pointer (see is_null_literal) or an
/// integer constant that evaluates to zero (`0`, `false`, C11's
/// `thrd_success`, an enumerator). is_null_literal alone is narrower on
/// purpose where a store of a pointer is read: C++ takes only a literal `0`
/// as a null pointer, while a tested status or a stored flag may be any zero.
bool is_zero_constant(const Expr* e, ASTContext& ast) {
  if (!e) return false;
  if (is_null_literal(e, ast)) return true;
  Expr::EvalResult value;
  return !e->isValueDependent() && e->EvaluateAsInt(value, ast) && value.Val.getInt() == 0;
}

/// `e` without the `!`s on top of it, each of which flips `flipped`.
const Expr* strip_negations(const Expr* e, bool& flipped) {
  e = bare(e);
  for (const auto* negation = dyn_cast<UnaryOperator>(e); negation && negation->getOpcode() == UO_LNot;
       negation = dyn_cast<UnaryOperator>(e)) {
    flipped = !flipped;
    e = bare(negation->getSubExpr());
  }
  return e;
}

/// A function's own local variable (`fn = &f;`), as opposed to a field of the
/// object a local points to (`table->find = find_direct;` right after
/// `table = malloc (...)`): what is stored in the field outlives the function
/// and is what later reads of that field through any pointer find.
bool is_local_variable(const Ref& holder) {
  return holder.root == RefRoot::local && llvm::none_of(holder.path, is_field_element);
}

static bool never_suspends(const CoroutineSuspendExpr* suspension);
static bool names_local(const Expr* e);

/// A struct with a function pointer member: an operations table (`struct
/// DBusTransportVTable`, a class struct of function pointers).
bool holds_function_pointers(QualType type) {
  const RecordDecl* record = type.isNull() ? nullptr : type->getAsRecordDecl();
  if (!record || !(record = record->getDefinition())) return false;
  return llvm::any_of(record->fields(), [](const FieldDecl* field) {
    const QualType field_type = field->getType();
    return field_type->isFunctionPointerType() || field_type->isMemberFunctionPointerType();
  });
}

/// A pointer to pointers to such tables (`const struct ops *const *p`), which
/// walks an array of table pointers.
static bool walks_table_pointers(QualType pointer) {
  const QualType pointee = pointer->getPointeeType();
  return !pointee.isNull() && pointee->isPointerType() && holds_function_pointers(pointee->getPointeeType());
}

/// Calls `leaf (place, value)` for each value an initializer gives `holder`:
/// the initializer itself, or each element of an aggregate's list, field by
/// field (`{&CopyA, &DestroyA}`, `{ .sources = table_new () }`); the
/// elements of an array share the place "[]". An in-class default
/// (`Deleter d_ = nullptr;`) is the expression it stands for.
template <typename Leaf>
void for_each_initialized(const Ref& holder, const Expr* init, Leaf&& leaf) {
  if (const auto* in_class = dyn_cast_or_null<CXXDefaultInitExpr>(init)) init = in_class->getExpr();
  const auto* list = dyn_cast_or_null<InitListExpr>(init ? bare(init) : nullptr);
  if (!list) {
    leaf(holder, init);
    return;
  }
  if (list->getType().isNull()) return;
  if (list->getType()->isArrayType()) {
    Ref element = holder;
    element.path.push_back("[]");
    for (const Expr* item : list->inits()) for_each_initialized(element, item, leaf);
    return;
  }
  const auto* record = list->getType()->getAsRecordDecl();
  if (!record) {
    // `Hook hook{&f};`, `Hook hook{};`: a braced scalar is its one value, or zero.
    if (list->getNumInits() <= 1) leaf(holder, list->getNumInits() == 1 ? list->getInit(0) : list);
    return;
  }
  unsigned i = 0;
  for (const FieldDecl* field : record->fields()) {
    if (i >= list->getNumInits()) break;
    Ref member = holder;
    member.path.push_back(qualified_name(field));
    for_each_initialized(member, list->getInit(i++), leaf);
  }
}

/// "'f', a callable of template parameter type" for messages about a parameter.
std::string describe_callable_param(const ParmVarDecl* param) {
  const QualType type = param->getType();
  std::string kind;
  if (is_template_parameter_type(type)) kind = "a callable of template parameter type";
  else if (type->isFunctionPointerType() || type->isFunctionReferenceType()) kind = "a function pointer";
  else if (type->isMemberFunctionPointerType()) kind = "a pointer to member";
  else if (const auto* record = Vocabulary::record_of(type)) kind = "a " + qualified_name(record);
  else kind = "a callable";
  return "'" + param->getNameAsString() + "', " + kind;
}

/// `(this->*kSearches[i])(p)` where the table is a local of the function
/// whose every entry is `&Class::method`: the class chose every target.
bool is_own_dispatch_table(const Expr* member_pointer) {
  const Expr* e = bare(member_pointer);
  while (const auto* subscript = dyn_cast<ArraySubscriptExpr>(e)) e = bare(subscript->getBase());
  const auto* ref = dyn_cast<DeclRefExpr>(e);
  const auto* var = ref ? dyn_cast<VarDecl>(ref->getDecl()) : nullptr;
  if (!var || isa<ParmVarDecl>(var) || !var->isLocalVarDecl() || !var->getInit()) return false;
  const Expr* init = var->getInit()->IgnoreImplicit();
  auto is_member_address = [](const Expr* entry) {
    const auto* address = dyn_cast<UnaryOperator>(entry->IgnoreImplicit());
    if (!address || address->getOpcode() != UO_AddrOf) return false;
    const auto* target = dyn_cast<DeclRefExpr>(address->getSubExpr()->IgnoreParens());
    return target && isa<CXXMethodDecl>(target->getDecl());
  };
  if (const auto* list = dyn_cast<InitListExpr>(init)) {
    if (list->getNumInits() == 0) return false;
    for (const Expr* entry : list->inits())
      if (!is_member_address(entry)) return false;
    return true;
  }
  return is_member_address(init);
}

/// The construction an initializer performs, through casts and braces.
const CXXConstructExpr* construction_of(const Expr* init) {
  init = bare(init);
  while (init) {
    if (const auto* construct = dyn_cast<CXXConstructExpr>(init)) return construct;
    if (const auto* cast = dyn_cast<CXXFunctionalCastExpr>(init)) {
      init = bare(cast->getSubExpr());
      continue;
    }
    if (const auto* list = dyn_cast<InitListExpr>(init); list && list->getNumInits() == 1) {
      init = bare(list->getInit(0));
      continue;
    }
    return nullptr;
  }
  return nullptr;
}

std::string creation_kind(const Expr* e);

/// Whether `e` makes a new object itself (`new`, `malloc`, `make_unique`),
/// not through a call of some function that may return an old one.
bool makes_new_object(const Expr* e) {
  const std::string kind = creation_kind(e);
  return !kind.empty() && kind != "call";
}

/// How an expression makes a new object, or "" when it does not.
std::string creation_kind(const Expr* e) {
  e = bare(e);
  if (e) e = bare(e->IgnoreCasts());  // `(pthread_mutex_t*)malloc(...)`
  if (!e) return {};
  if (isa<CXXNewExpr>(e)) return "new";
  // `std::unique_ptr<std::mutex> (new std::mutex)`: the smart pointer owns what `new` made.
  if (const auto* construct = dyn_cast<CXXConstructExpr>(e);
      construct && construct->getNumArgs() == 1 && is_owning_pointer(construct->getType()) &&
      isa<CXXNewExpr>(bare(construct->getArg(0))))
    return "new";
  if (const auto* call = dyn_cast<CallExpr>(e)) {
    if (const auto* callee = call->getDirectCallee()) {
      const llvm::StringRef name = identifier(callee);
      if (name == "make_unique" || name == "make_shared" || name == "make_optional" ||
          name == "allocate_shared")
        return name.str();
      if (name == "malloc" || name == "calloc" || name == "realloc") return "malloc";
      return "call";
    }
  }
  return {};
}

class Extractor {
public:
  Extractor(TuContext& tu, const FunctionDecl* function) : tu_(tu), function_(function) {}

  FunctionFact run(uint32_t flags);
  FunctionFact run_static_initializer(const VarDecl* variable);

private:
  // Identity and references.
  RefBuilder& refs() { return refs_; }
  Ref ref_of(const Expr* e) { return refs_.ref_of(e); }
  /// A member of the object a method runs on: `this->worker_`.
  static Ref member_of_this(const FieldDecl* field) {
    Ref member;
    member.root = RefRoot::this_object;
    member.path.push_back(qualified_name(field));
    member.display = field->getNameAsString();
    return member;
  }
  /// The elements of a container: `workers[]` (none when it has no reference).
  static Ref elements(Ref container) {
    if (!container.empty()) container.path.push_back("[]");
    return container;
  }
  /// A local object, as the receiver of the calls that build and destroy it.
  Ref local_object(const VarDecl* var) {
    Ref object;
    object.root = RefRoot::local;
    object.index = refs_.local_index(var);
    object.display = var->getNameAsString();
    return object;
  }
  Arg classify_arg(const Expr* e);
  Arg classify_callable_arg(const Expr* e);
  const ParmVarDecl* unchanged_scalar_param(const Expr* e) const;
  const ParmVarDecl* struct_param(const Expr* e, bool& through_const) const;
  const ParmVarDecl* unchanged_struct_param(const Expr* e) const;
  const ParmVarDecl* param_field(const Expr* e, std::string& path) const;
  const ParmVarDecl* unchanged_param_field(const Expr* e, std::string& path) const;
  const ParmVarDecl* unchanged_optional_field(const Expr* e, std::string& path) const;
  /// What a branch compares (mark_param_test): `param` or its `field`, or
  /// the bits of `mask`, with `value`; true when they are equal exactly when
  /// `equal_when_true`.
  struct FlagTest {
    const ParmVarDecl* param = nullptr;
    std::string field;
    uint64_t mask = 0;
    uint64_t value = 0;
    bool equal_when_true = false;
    TestedRelation relation = TestedRelation::equal;  ///< "equal": the relation holds
    bool is_signed = false;
  };
  /// A call of a one-line const accessor on a struct parameter (flag_test).
  struct AccessorCall {
    const CXXMemberCallExpr* call;
    const CXXMethodDecl* method;  ///< the definition
    const Expr* returned;         ///< its one return expression
    const ParmVarDecl* object_param;
    std::string object_path;      ///< the object's field path in the parameter; "" for the parameter
    std::optional<uint64_t> constant(const Expr* e, ASTContext& ast) const;
  };
  bool flag_test(const Expr* tested, FlagTest& test, const AccessorCall* accessor) const;
  void mark_flag_edges(FlagTest& test, const CFGBlock* when_true, const CFGBlock* when_false);
  std::optional<AccessorCall> accessor_call(const Expr* e) const;
  const ParmVarDecl* own_field(const Expr* e, const AccessorCall& accessor, std::string& path) const;
  std::vector<std::pair<std::string, uint64_t>> constant_fields(const Expr* e, std::string& fields_from) const;
  std::vector<std::pair<std::string, uint64_t>> unchanged_static_fields(const VarDecl* var,
                                                                        const RecordDecl& record) const;
  std::vector<std::pair<std::string, uint64_t>> fields_set_before(const Expr* use, const VarDecl* local,
                                                                  const RecordDecl& record,
                                                                 std::string& fields_from) const;
  bool local_mutated(const VarDecl* local) const;
  /// Locals of struct type the body changes (ExprMutationAnalyzer, asked once each).
  mutable llvm::DenseMap<const VarDecl*, bool> local_mutated_;
  /// The parents of the body's statements, made on first use (fields_set_before).
  mutable std::unique_ptr<ParentMap> body_parents_;
  /// Variables whose fields or pointee the body changes where it is plain to
  /// see (`p->x = 1`, `o.x++`, `*p = v`, `reset (p)` or `init (&o)` with a
  /// non-const pointer, `S& r = o`, a capture by reference): found in
  /// `prepare`, so most structs are judged without ExprMutationAnalyzer.
  llvm::DenseSet<const VarDecl*> contents_changed_;
  /// For a variable not in contents_changed_: the field paths the body
  /// assigns through it (`p->stats.hits = 0` gives "stats.hits").
  llvm::DenseMap<const VarDecl*, std::vector<std::string>> fields_changed_;
  bool field_changed(const VarDecl* var, llvm::StringRef path) const;
  /// Locals whose address is taken other than as a call's argument
  /// (`struct opts *q = &o;`): changed through that pointer anywhere.
  llvm::DenseSet<const VarDecl*> address_kept_;
  void note_contents_changes(const Stmt* stmt);
  /// Scalar parameters the body changes in a way `prepare` does not see:
  /// bound to a non-const reference, captured by reference and assigned in
  /// a lambda (Clang's ExprMutationAnalyzer, asked once per parameter).
  mutable llvm::DenseMap<const ParmVarDecl*, bool> param_mutated_;
  const clang::CXXMethodDecl* project_call_operator(clang::QualType type);
  std::vector<std::string> exact_type_of(const Expr* e);

  // CFG translation.
  void translate(Stmt* body);
  void translate_linear(const Stmt* body);
  void mark_no_return_blocks(const CFG& cfg);
  void add_catch_edges(const CFG& cfg, const std::vector<std::vector<uint32_t>>& element_starts);
  void mark_null_test(const CFGBlock& block);
  void mark_param_test(const CFGBlock& block);
  void thread_logical_joins(const CFG& cfg);
  void mark_failed_start(const CFGBlock& block);
  void mark_try_lock(const CFGBlock& block);
  void mark_join_loop_conditions(const CFG& cfg);
  bool mark_guard_test(const CFGBlock& block, const Expr* tested, bool flipped);
  const CallExpr* status_call(const Expr* tested) const;
  std::optional<std::pair<const CallExpr*, bool>> call_result_test(const Expr* tested) const;
  const Event* event_for(const CallExpr* call, EventKind kind, bool definite) const;
  template <typename Wanted>
  const Event* emitted_for(const Stmt* origin, Wanted&& wanted) const;
  void note_returned_call(const Expr* value, const Expr* e);
  void note_returned_attempt(const Expr* value);
  bool assigned_again(const VarDecl* local) const;
  void mark_idle_thread(const CFGBlock& block);
  void mark_join_loop(const CFGBlock& block);
  /// The thread handle a statement joins on every path through it.
  const Expr* handle_joined_by(const Stmt* stmt);
  /// The elements of the container `object` names (`workers[]`), through
  /// `->` when `call` is spelled with it; empty when it has no reference.
  Ref elements_of(const Expr* object, const CXXMemberCallExpr* call);
  /// `t` when it is the variable of a range-for over a container: that
  /// container's elements; else `t`'s own reference.
  Ref thread_holder(const Expr* object);
  bool ends_process(const CFGBlock& block);
  bool declared_abnormal(const CFGBlock& block);
  void on_element(const CFGElement& element);
  void on_initializer(const CXXCtorInitializer* init);
  /// The project's constructors a constructor the compiler wrote runs on
  /// `object`'s members and bases (`Service service;` builds its `worker_`).
  void construct_members(const CXXConstructorDecl* ctor, const Ref& object, SourceLocation where, unsigned depth);
  /// The project's destructors that run when `record`'s `object` is
  /// destroyed by a destructor the compiler wrote: its members'.
  void destroy_members(const CXXRecordDecl* record, const Ref& object, SourceLocation where, unsigned depth);
  /// A call of the project's destructor of `record` on `object`, or the
  /// calls the compiler's destructor makes; none when neither runs project code.
  void destroy_object(const CXXRecordDecl* record, const Ref& object, SourceLocation where, unsigned depth);
  /// Whether a construction is a call event: a constructor the project
  /// wrote, given arguments (`Foo(cb)`, `new Foo(cb)`, `return {Src(&Gen)}`,
  /// a member's or a local's initializer).
  bool construction_calls(const CXXConstructExpr* construct) const;
  /// Whether a construction runs a constructor the project wrote (with or
  /// without arguments): a local's or a member's, a call on that object.
  bool runs_project_constructor(const CXXConstructExpr* construct) const;
  /// The call event of a construction: its constructor, with its arguments.
  Event& construction_event(const CXXConstructExpr* construct, SourceLocation where, const Stmt* origin);
  void on_stmt(const Stmt* stmt);
  void on_decl(const VarDecl* var);
  bool note_alias(const VarDecl* var);
  void on_guard_decl(const VarDecl* var);
  /// What constructing a guard with `construct` does: the locks it takes.
  struct GuardConstruction {
    std::vector<Ref> locks;
    bool owns = true, definitely = true, recursive = false;
    std::string mutex_class;  ///< of the (last) mutex, when not known to be recursive
    const VarDecl* moved_from = nullptr;  ///< `std::unique_lock lk (std::move (other))`
  };
  GuardConstruction guard_construction(const CXXConstructExpr* construct);
  /// The locks of the guard `value` (a guard construction or a guard local),
  /// or nullopt when it is something else.
  std::optional<std::vector<Ref>> guard_value_locks(const Expr* value);
  /// `auto lk = Lock ();`: the guard local `e` holds what the guard `Lock`
  /// returns; copies the call's receiver and arguments from its event.
  void take_returned_guard(Event& e, const Expr* init);
  void on_member_call(const CXXMemberCallExpr* call);
  /// The project's override of the virtual method `name` (no parameters) in
  /// `record` or its bases, the most derived first.
  const CXXMethodDecl* project_override(const CXXRecordDecl* record, llvm::StringRef name) const;
  void on_operator_call(const CXXOperatorCallExpr* call);
  void on_call(const CallExpr* call);
  void on_construct(const CXXConstructExpr* construct);
  void on_assignment(const BinaryOperator* assign);
  void on_increment(const UnaryOperator* unary);
  void on_reference(const DeclRefExpr* ref);
  /// `server.aof_fd`: the read of the global `server` just recorded reads
  /// that field only.
  void on_field_of_read(const MemberExpr* member);
  /// The last read of a global on_reference recorded, for on_field_of_read:
  /// the expression read and its event.
  const Expr* last_read_expr_ = nullptr;
  uint32_t last_read_event_ = 0;
  void on_return(const ReturnStmt* ret);
  void note_handed_guard(Arg& arg, const Expr* value, const clang::ParmVarDecl* param);
  void begin_guard_params(uint32_t entry, uint32_t exit);
  static const CXXRecordDecl* guard_param_record(const ParmVarDecl* param);
  /// A call of a lambda (`run (cb)`, `[&] { ... } ()`): its function and arguments.
  void lambda_call(const CallExpr* call, std::string lambda);
  void add_call_args(Event& e, const CallExpr* call, const Expr* callable);
  void note_returned_guard(const Expr* e);

  /// `through_pointer`: `callable` points to what is called (`opt_->operator() ()`).
  bool callable_invocation(const Expr* callable, const CallExpr* call, llvm::StringRef verb,
                           bool through_pointer = false);
  bool invokes_outer_param(const ParmVarDecl* param, const CallExpr* call, const Expr* callable);
  bool blocks_as_called(llvm::StringRef qualified, const CallExpr* call);
  void store_callable(const Expr* target, const Expr* value, const Stmt* at);
  /// A store of `value` into function pointer `holder` at `at` (a field, a
  /// global, a local, or the result of a call of this function), one per
  /// branch of a conditional.
  void store_callable_value(const Ref& holder, const Expr* value, const Stmt* at);
  /// A function pointer whose address a call is given (`g_module_symbol
  /// (module, "g_module_unload", (gpointer) &module->unload)`): the callee
  /// may set it to anything, a store with no known value.
  void store_through_address(const Expr* arg, const CallExpr* call);
  void describe_stored(Event& e, const Expr* value);
  void store_table(Ref holder, QualType type, const Expr* value, const Stmt* at);
  Event* store_object(Ref holder, QualType type, const Expr* value, const Stmt* at);
  void store_objects_in(const Ref& holder, const Expr* init, const Stmt* at);
  void stores_through_arguments(const FunctionDecl* callee, llvm::ArrayRef<const Expr*> args, const Stmt* at);
  void forwarded_construction(const CallExpr* call);
  void store_callables_in(const Ref& holder, const Expr* init, const Stmt* at);
  /// `evl_lock_fns_ = *cbs;`: an operations table assigned whole.
  void copy_callables(const Expr* place, const Expr* value, const Stmt* at);
  void call_event(const CallExpr* call, const FunctionDecl* callee, const Expr* receiver,
                  bool arrow, llvm::ArrayRef<const Expr*> args);
  void access(const Expr* target_expr, const Ref& target, AccessOp op, std::string text,
              const Stmt* at, uint16_t flags = 0,
              uint32_t own_source = 0);
  /// The creation event `value` stored into `target_expr` makes, or nullptr
  /// (a local holder, or none).
  Event* create(const Expr* target_expr, const Expr* value, const Stmt* at);
  /// A call of a library function a check names (`sys:fopen`), with no
  /// arguments of interest: a blocking call.
  void system_call(const Stmt* at, llvm::StringRef qualified) {
    Event& e = emit(EventKind::call, at->getBeginLoc(), at);
    e.callee = "sys:" + qualified.str();
    e.flags |= event_flags::system;
  }
  void thread_start(const Stmt* at, llvm::ArrayRef<const Expr*> args, std::string api);
  /// A loop that spins until a compare-and-swap from zero succeeds
  /// (`while (!__sync_bool_compare_and_swap (&lock, 0, 1)) ;`), or while a
  /// test-and-set finds the flag set: the call takes a spin lock.
  void note_spin_loop(const Stmt* stmt);
  /// A spin lock's acquire or release: emits it, or returns false.
  bool spin_lock_step(const Expr* expr);
  /// `std::async (std::launch::deferred, ...)`: the policy names deferred alone.
  bool launches_deferred(llvm::ArrayRef<const Expr*> args) const;
  /// `auto f = std::async (std::launch::deferred, work);`: the function the
  /// future runs where it is waited on (`f.get ()`, `f.wait ()`), per local.
  llvm::DenseMap<const VarDecl*, std::string> deferred_futures_;
  /// The callable a deferred std::async call runs, or empty.
  std::string deferred_work(const Expr* e);
  void thread_join(const Stmt* at, SourceLocation where, Ref handle, uint16_t flags = 0);
  bool holds_joining_threads(QualType type) const;
  bool joined_when_destroyed(QualType type, const Ref& object, SourceLocation where);
  // `std::thread t (work);`, `auto done = std::async (work);`, `t = std::thread (work);`:
  // the place that holds the thread a start makes (its handle), by the start.
  llvm::DenseMap<const Stmt*, Ref> thread_handles_;
  void note_thread_handle(Ref holder, const Expr* value);
  void signal_handler(const Stmt* at, const Expr* handler, std::string api);
  void member_pointer_targets(QualType type, Event& e);
  Ref shared_target(const Expr* e);
  /// A listed container the function is handed by reference or pointer
  /// (`out.push_back (s)`, `out->push_back (s)`): its parameter, or empty.
  Ref handed_container(const Expr* object, bool arrow);
  bool own_index(const Expr* index, int depth, uint32_t* source = nullptr) const;
  bool picks_own_slot(const Expr* object, int depth, uint32_t* source = nullptr) const;
  void c_container_call(const clang::CallExpr* call, const clang::FunctionDecl* callee, const Expr* first);

  Event& emit(EventKind kind, SourceLocation where, const Stmt* origin);

  // Patterns over the whole body.
  void prepare(const Stmt* body);
  void find_lazy_candidates(const Stmt* body);
  void examine_lazy_test(const Expr* cond, bool then_branch, const Stmt* scope);
  struct EmptyTest {
    const Expr* variable;
    bool true_when_empty;
  };
  std::optional<EmptyTest> empty_test(const Expr* cond);
  bool is_lazy_holder(const Expr* e);
  /// `!ready`, `ready == 0`, `ready`: a test of a shared integer or bool
  /// (`variable` is the flag; `true_when_empty`: true while it is unset).
  std::optional<EmptyTest> flag_test(const Expr* cond);
  /// Whether `scope` assigns the flag `flag`.
  bool sets_flag(const Stmt* scope, const Ref& flag);
  /// `flag`: `cond`'s flag_test; `flag_set`: the caller saw the flag set after the test.
  void examine_flag_test(const Expr* cond, const EmptyTest& flag, const Stmt* scope, bool flag_set);
  /// Records `candidate` with the events of `scope` as its creations.
  void keep_candidate(LazyCandidate candidate, const Stmt* scope);

  void set_flags(uint32_t extra);

  TuContext& tu_;
  const FunctionDecl* function_;
  FunctionFact fact_;
  RefBuilder refs_{tu_};
  Block* block_ = nullptr;
  uint32_t next_event_id_ = 0;
  const Stmt* current_origin_ = nullptr;
  llvm::DenseSet<const Expr*> assigned_;       // LHS of assignments
  llvm::DenseSet<const Stmt*> once_init_;      // inside function-local static initializers
  llvm::DenseSet<const Expr*> spin_acquires_;  // the test of a spin loop: takes a spin lock
  bool attempt_returns_differ_ = false;  // a return that is no try-lock outcome
  std::vector<bool> constant_returns_;    // constants returned: nonzero?
  llvm::DenseSet<const Expr*> callees_;        // callee expressions of calls
  // Functions named as arguments of the project's own calls: the project
  // phase decides whether the callee keeps them (their address escapes) or
  // only calls them.
  llvm::DenseSet<const Expr*> passed_functions_;
  void note_passed(llvm::ArrayRef<const Expr*> args);
  // Functions named as the value stored in a function pointer the project
  // keeps (a field, a global, a static table): they run where the project
  // calls through it, so their address does not escape (TuFacts::address_escapes).
  llvm::DenseSet<const Expr*> stored_functions_;
  // `for (const Plugin& p : kPlugins)`: the loop's reference to each element
  // of an array, and the array it walks.
  llvm::DenseMap<const VarDecl*, const Expr*> array_loop_vars_;
  /// Loop variables of range-for loops: what they range over.
  llvm::DenseMap<const VarDecl*, const Expr*> range_loop_vars_;
  /// `ops->read = my_read;`, `static const Ops kOps = {&CopyA, &DestroyA};`
  void note_stored(const Expr* value);
  void note_stored_in(const Expr* init);
  void note_owner_changes(const Stmt* stmt);
  /// A library call that constructs an object with the arguments it forwards
  /// (`std::make_unique<T> (a, b)`, `items.emplace_back (a, b)`): the type and
  /// the arguments; `type` is null for any other call.
  struct Forwarded {
    QualType type;
    llvm::ArrayRef<const Expr*> args;
  };
  Forwarded forwarded_arguments(const CallExpr* call) const;
  const CXXConstructorDecl* forwarded_constructor(const CallExpr* call, const Forwarded& forwarded) const;
  void note_returned_object(const Expr* e);
  const Expr* stored_callable_source(const Expr* value) const;
  bool owned_callable_field(const Expr* place) const;
  /// The same for the field itself (a constructor's member initializer).
  bool owned_callable(const FieldDecl* field) const;
  Ref record_field_place(const Expr* place) const;
  bool table_sources(const Expr* value, std::vector<Arg>& out);
  Ref place_of_callable(const Expr* place) {
    Ref field = record_field_place(place);
    return field.empty() ? ref_of(place) : field;
  }
  void on_init_list(const InitListExpr* list);
  const FieldDecl* owned_callable_container(const Expr* object) const;
  Ref owned_callable_elements(const Expr* holder) const;
  void store_into_callable_container(const CXXMemberCallExpr* call, const FieldDecl* field);
  bool is_null_object(const Expr* e) const;
  void store_owned_object(const VarDecl* local, const Expr* init);
  Event& emit_object_store(const VarDecl* local, const Expr* init);
  std::string object_type_identity(QualType type);
  void record_maker(Event& store, const FunctionDecl* maker, const Expr* init);
  /// `auto crew = std::make_unique<Crew> (4);`: the object the local
  /// std::unique_ptr alone owns is built here (its constructor runs on
  /// `*crew`) and destroyed where the local goes out of scope.
  void own_made_object(const VarDecl* local, const Expr* init);
  /// `auto crew = Crew::Create (4);`: a local std::unique_ptr that alone owns
  /// what a function of the project returns to it destroys it where it goes
  /// out of scope (the factory built it).
  void own_returned_object(const VarDecl* local, const Expr* init);
  /// The constructor call just emitted for `record` with no object yet
  /// (a `new`, a make_unique); null when there is none.
  Event* last_construction_of(const CXXRecordDecl* record);
  // Smart pointer locals assigned, reset, swapped or handed over by
  // reference after their initialization: what they hold is not known.
  llvm::DenseSet<const VarDecl*> owners_changed_;
  // Smart pointer locals the function returns (`return crew;`): the caller
  // owns what they hold.
  llvm::DenseSet<const VarDecl*> owners_returned_;
  /// own_made_object: the class of the object each such local owns.
  llvm::DenseMap<const VarDecl*, const CXXRecordDecl*> owned_made_;
  llvm::DenseMap<const Stmt*, llvm::SmallVector<uint32_t, 2>> events_of_;
  llvm::DenseSet<const VarDecl*> saving_locals_;  // `int saved = g_flag;` (saved_global)
  /// The global flag a local's initializer saves (`bool saved = g_flag;`,
  /// `int was = g_config.trace;`); empty when it saves none. `alias`: the
  /// local is another name for something (note_alias), not a copy.
  Ref saved_global(const VarDecl* var, bool alias);
  /// The global flag `value` reads, when a local that takes it saves it.
  Ref saved_value(const Expr* value);
  /// `saved = g_flag;` into a plain local: a save like `int saved = g_flag;`.
  const VarDecl* saving_assignment(const BinaryOperator* assign);
  llvm::DenseSet<const VarDecl*> rebound_locals_;  // assigned after their declaration, or their address taken
  llvm::DenseSet<const VarDecl*> fresh_locals_;  // hold a newly created object
  llvm::DenseMap<const VarDecl*, const Expr*> fresh_values_;  // locals and the creation that fills them
  llvm::StringSet<> recursive_made_;  // mutexes set up as recursive anywhere in the body
  llvm::StringSet<> recursive_attrs_;  // pthread_mutexattr_t set recursive
  llvm::StringSet<> recursive_locks_;  // mutexes initialized with such an attribute
  llvm::DenseSet<const VarDecl*> guard_locals_;
  llvm::DenseMap<const VarDecl*, std::vector<Ref>> guard_locks_;  // what each guard local took
  // Two `return`s of a guard function hand over different locks: it returns none.
  bool returned_guards_differ_ = false;
  // Two `return`s name different places: the function returns no one place.
  bool returns_differ_ = false;
  // Two `return`s give different locals (or something else): returns_local stays unset.
  bool returned_locals_differ_ = false;
  // A `return` gives something other than one call through a function pointer.
  bool returned_calls_differ_ = false;
  // Constructions of a variable or a member, whose events their declaration
  // or initializer emits (a guard's begins a critical section).
  llvm::DenseSet<const CXXConstructExpr*> own_constructions_;
  // A local function pointer set only from one pointer in static storage
  // (`G_LOCK (print); func = glib_print_func; G_UNLOCK (print); func (s);`):
  // calling the local calls what that pointer held. nullptr: set otherwise.
  llvm::DenseMap<const VarDecl*, const DeclRefExpr*> copied_hooks_;
  void note_pointer_copy(const VarDecl* local, const Expr* value);
  /// Local pointers to a table of function pointers set only to addresses of
  /// tables in static storage (`klass = &struct_reader_class;` in each case of
  /// a switch): those tables; empty once set to anything else.
  llvm::DenseMap<const VarDecl*, std::vector<const VarDecl*>> local_tables_;
  llvm::DenseSet<const VarDecl*> open_local_tables_;
  void note_table_copy(const VarDecl* local, const Expr* value);
  /// A call through `local->f`, the local set only to static tables: that
  /// field of each table.
  std::vector<Ref> table_alternatives(const Expr* holder_expr, const Ref& holder) const;
  /// `return *p;` or `return p;` with `p` such a local set to one table or
  /// walking one array of them: where in static storage the result is.
  Ref returned_table(const Expr* returned) const;
  /// The tables `local` is set to, when it is set to nothing else; nullptr otherwise.
  const std::vector<const VarDecl*>* known_tables(const VarDecl* local) const;
  /// Where `table` is in static storage: the variable, or an element of it
  /// when it is an array (`k_builtin[]`).
  Ref table_place(const VarDecl* table) const;
};

static bool in_private_nested_class(const CXXRecordDecl* record) {
  for (; record; record = dyn_cast<CXXRecordDecl>(record->getDeclContext()))
    if (isa<CXXRecordDecl>(record->getDeclContext()) && record->getAccess() == AS_private) return true;
  return false;
}

void Extractor::set_flags(uint32_t extra) {
  using namespace function_flags;
  fact_.flags |= extra;
  const auto* method = dyn_cast<CXXMethodDecl>(function_);
  if (method) {
    fact_.flags |= function_flags::method;
    if (method->isVirtual()) fact_.flags |= virtual_method;
    if (method->isPureVirtual()) fact_.flags |= pure_virtual;
    if (method->isConst()) fact_.flags |= const_method;
    // A method of a class nested in another's private section is as private:
    // only the enclosing class can name its type.
    if (method->getAccess() == AS_private || in_private_nested_class(method->getParent()))
      fact_.flags |= private_member;
    if (method->getParent()->isLambda()) fact_.flags |= lambda;
    fact_.record = tu_.id_of(method->getParent());
    fact_.record_name = method->getParent()->getNameAsString();
    for (const CXXMethodDecl* overridden : method->overridden_methods())
      fact_.overrides.push_back(tu_.id_of(overridden));
  }
  if (isa<CXXConstructorDecl>(function_)) fact_.flags |= constructor;
  if (isa<CXXDestructorDecl>(function_)) fact_.flags |= destructor;
  if (function_->isMain()) fact_.flags |= main;
  if (function_->isExternallyVisible() && !(fact_.flags & private_member) &&
      !(fact_.flags & lambda))
    fact_.flags |= external;
  if ((fact_.flags & external) && function_->getLinkageAndVisibility().getVisibility() == HiddenVisibility)
    fact_.flags |= hidden;
  if (function_->hasAttr<ConstructorAttr>()) fact_.flags |= startup;
  // Run at exit from the image's fini array, or kept for code the project does
  // not show (asm, a linker script): its address is taken, if not in the source.
  if (function_->hasAttr<DestructorAttr>() || function_->hasAttr<UsedAttr>()) tu_.note_address_taken(function_);
  if (function_->getDescribedFunctionTemplate() || function_->isDependentContext())
    fact_.flags |= template_pattern;
  if (function_->isTemplateInstantiation()) {
    fact_.flags |= instantiation;
    if (const FunctionDecl* pattern = function_->getTemplateInstantiationPattern())
      fact_.pattern = tu_.id_of(pattern);
  }
  if (tu_.is_test_file(tu_.file_of(function_->getLocation()))) fact_.flags |= test_code;
  if (const auto* body = dyn_cast_or_null<CoroutineBodyStmt>(function_->getBody())) {
    fact_.flags |= coroutine;
    const auto* initial = dyn_cast_or_null<CoroutineSuspendExpr>(
        body->getInitSuspendStmt() ? bare(cast<Expr>(body->getInitSuspendStmt())) : nullptr);
    if (!initial || !never_suspends(initial)) fact_.flags |= starts_suspended;
  }
  if (const auto* returned = Vocabulary::record_of(function_->getReturnType()))
    fact_.return_type = qualified_name(returned);
}

FunctionFact Extractor::run(uint32_t flags) {
  fact_.id = tu_.id_of(function_);
  fact_.name = qualified_name(function_);
  if (const auto* method = dyn_cast<CXXMethodDecl>(function_); method && method->getParent()->isLambda()) {
    const DeclContext* outer = method->getParent()->getDeclContext();
    while (outer && !isa<FunctionDecl>(outer) && !isa<RecordDecl>(outer)) outer = outer->getParent();
    fact_.name = outer ? "the lambda in '" + qualified_name(cast<NamedDecl>(outer)) + "'" : "a lambda";
  }
  fact_.loc = tu_.loc(function_->getLocation());
  set_flags(flags);
  for (const ParmVarDecl* param : function_->parameters()) {
    ParamFact p;
    p.name = param->getNameAsString();
    const QualType type = param->getType();
    const bool template_parameter = is_template_parameter_type(type);
    p.callable = tu_.vocabulary().is_callback_type(type) || template_parameter ||
                 type->isFunctionPointerType() || type->isFunctionReferenceType() ||
                 type->isMemberFunctionPointerType();
    // An instantiated template keeps its parameter's type as substitution sugar.
    p.type_erased = p.callable && !template_parameter &&
                    !type.getNonReferenceType()->getAs<SubstTemplateTypeParmType>();
    if (const auto* record = Vocabulary::record_of(Vocabulary::held_type(type)))
      p.pointee_type = tu_.id_of(record);
    else if (type->isPointerType() || type->isReferenceType())
      p.pointee_type = object_type_identity(type->getPointeeType());
    fact_.params.push_back(std::move(p));
  }
  refs_.enter(function_);
  if (const auto* ctor = dyn_cast<CXXConstructorDecl>(function_))
    for (const CXXCtorInitializer* init : ctor->inits()) {
      const FieldDecl* field = init->getMember();
      if (!field || !init->getInit()) continue;
      const Expr* value = through_forward(through_conversions(init->getInit()));
      const Ref from = ref_of(value);
      if (from.root == RefRoot::param && from.path.size() <= 1)
        fact_.field_bindings.emplace_back(qualified_name(field), from.index);
    }
  Stmt* body = function_->getBody();
  if (const auto* coroutine = dyn_cast_or_null<CoroutineBodyStmt>(body)) body = coroutine->getBody();
  // A constructor's member initializers are code that runs before its body:
  // they start threads (`worker_([this] { run(); })`), call helpers and
  // construct members with the constructor's arguments.
  if (const auto* ctor = dyn_cast<CXXConstructorDecl>(function_))
    for (const CXXCtorInitializer* init : ctor->inits()) {
      if (const FieldDecl* field = init->getMember()) {
        note_stored_in(init->getInit());
        // `worker_([this] { run (); })`: the member holds the thread it starts.
        note_thread_handle(member_of_this(field), init->getInit());
      }
      prepare(init->getInit());
      if (const CXXConstructExpr* construct = construction_of(init->getInit())) own_constructions_.insert(construct);
    }
  prepare(body);
  translate(body);
  find_lazy_candidates(body);
  return std::move(fact_);
}

FunctionFact Extractor::run_static_initializer(const VarDecl* variable) {
  fact_.id = "init:" + tu_.id_of(variable);
  fact_.name = "the initializer of '" + TuContext::variable_display_name(variable) + "'";
  fact_.loc = tu_.loc(variable->getLocation());
  fact_.flags = function_flags::static_init | function_flags::startup;
  if (tu_.is_test_file(tu_.file_of(variable->getLocation()))) fact_.flags |= function_flags::test_code;
  refs_.enter(nullptr);
  const Expr* init = variable->getInit();
  if (const auto* construct = construction_of(init)) {
    own_constructions_.insert(construct);
    if (construct->getConstructor() && !tu_.in_system_header(construct->getConstructor()->getLocation()))
      note_passed({construct->getArgs(), construct->getNumArgs()});
  }
  note_stored_in(init);
  prepare(init);
  fact_.blocks.emplace_back();
  block_ = &fact_.blocks.back();
  // Evaluation order does not matter here: nothing locks during static init.
  std::vector<const Stmt*> order;
  for_each_stmt_in_body(init, [&](const Stmt* stmt) { order.push_back(stmt); });
  for (auto it = order.rbegin(); it != order.rend(); ++it) on_stmt(*it);
  // `static const Ops kOps = {&CopyA, &DestroyA};`
  if (init) {
    Ref global;
    global.root = RefRoot::global;
    global.base = tu_.id_of(variable);
    store_callables_in(global, init, init);
    store_objects_in(global, init, init);
    store_table(global, variable->getType(), init, init);
    // `static const struct ops *const k_all[] = {&a_ops, &b_ops, NULL};`:
    // each element points to one of those tables.
    if (const ArrayType* array = tu_.ast().getAsArrayType(variable->getType()))
      if (const auto* list = dyn_cast<InitListExpr>(bare(init))) {
        if (list->isSyntacticForm() && list->getSemanticForm()) list = list->getSemanticForm();
        Ref element = global;
        element.path.push_back("[]");
        for (const Expr* value : list->inits())
          if (!isa<ImplicitValueInitExpr>(bare(value)))
            store_table(element, array->getElementType(), value, init);
      }
  }
  // `Registrar r(...)`: the constructor runs at start-up.
  if (const auto* construct = construction_of(init))
    if (const auto* ctor = construct->getConstructor(); ctor && !tu_.in_system_header(ctor->getLocation())) {
      current_origin_ = construct;
      construction_event(construct, construct->getBeginLoc(), construct);
    }
  return std::move(fact_);
}

Event& Extractor::emit(EventKind kind, SourceLocation where, const Stmt* origin) {
  Event event;
  event.kind = kind;
  event.id = next_event_id_++;
  event.loc = tu_.loc(where);
  if (origin && once_init_.contains(origin)) event.flags |= event_flags::once_init;
  block_->events.push_back(std::move(event));
  if (origin) events_of_[origin].push_back(block_->events.back().id);
  return block_->events.back();
}

// ---- preparation: facts about the body that the CFG order does not give ----

/// Whether `expr` names the enumerator `name` (`mtx_plain | mtx_recursive`).
static bool names_enumerator(const Expr* expr, llvm::StringRef name) {
  if (!expr) return false;
  if (const auto* ref = dyn_cast<DeclRefExpr>(expr->IgnoreParenImpCasts()))
    if (isa<EnumConstantDecl>(ref->getDecl()) && ref->getDecl()->getName() == name) return true;
  for (const Stmt* child : expr->children())
    if (const auto* sub = dyn_cast_or_null<Expr>(child); sub && names_enumerator(sub, name)) return true;
  return false;
}

void Extractor::prepare(const Stmt* body) {
  std::vector<const VarDecl*> declared_locals;
  for_each_stmt_in_body(body, [&](const Stmt* stmt) {
    if (const auto* assign = dyn_cast<BinaryOperator>(stmt); assign && assign->isAssignmentOp()) {
      assigned_.insert(bare(assign->getLHS()));
      if (const QualType type = assign->getLHS()->getType();
          assign->getOpcode() == BO_Assign && !type.isNull() &&
          (type->isFunctionPointerType() || type->isMemberFunctionPointerType()))
        if (const Ref holder = ref_of(assign->getLHS()); !holder.empty() && !is_local_variable(holder))
          note_stored(assign->getRHS());
      if (const auto* target = dyn_cast<DeclRefExpr>(bare(assign->getLHS())))
        if (const auto* local = dyn_cast<VarDecl>(target->getDecl())) {
          rebound_locals_.insert(local);
          note_pointer_copy(local, assign->getRHS());
          note_table_copy(local, assign->getOpcode() == BO_Assign ? assign->getRHS() : nullptr);
        }
      // `thread = g_thread_new (...)`: the variable holds the thread the call starts.
      if (assign->getOpcode() == BO_Assign) note_thread_handle(ref_of(assign->getLHS()), assign->getRHS());
    }
    // `float& peak = g_peaks[node];`: an element bound to a reference it may
    // change is inserted for that, as `g_peaks[node] = v` is.
    if (const auto* declared = dyn_cast<DeclStmt>(stmt))
      for (const Decl* decl : declared->decls())
        if (const auto* var = dyn_cast<VarDecl>(decl); var && var->getInit() && var->getType()->isReferenceType() &&
                                                       !var->getType().getNonReferenceType().isConstQualified())
          assigned_.insert(bare(var->getInit()));
    // `get_handler (&func)`: set through its address, from anywhere.
    if (const auto* address = dyn_cast<UnaryOperator>(stmt); address && address->getOpcode() == UO_AddrOf)
      if (const auto* target = dyn_cast<DeclRefExpr>(bare(address->getSubExpr())))
        if (const auto* local = dyn_cast<VarDecl>(target->getDecl())) {
          rebound_locals_.insert(local);
          note_pointer_copy(local, nullptr);
          note_table_copy(local, nullptr);
        }
    // `++g_hits[key]`: the element changes; `p++`: a pointer that walks.
    if (const auto* step = dyn_cast<UnaryOperator>(stmt); step && step->isIncrementDecrementOp()) {
      assigned_.insert(bare(step->getSubExpr()));
      if (const auto* target = dyn_cast<DeclRefExpr>(bare(step->getSubExpr())))
        if (const auto* local = dyn_cast<VarDecl>(target->getDecl())) rebound_locals_.insert(local);
    }
    if (const auto* op = dyn_cast<CXXOperatorCallExpr>(stmt); op && op->isAssignmentOp() && op->getNumArgs() > 0) {
      assigned_.insert(bare(op->getArg(0)));
      if (op->getOperator() == OO_Equal && op->getNumArgs() == 2)
        note_thread_handle(ref_of(op->getArg(0)), op->getArg(1));
    }
    // `thread_.reset (new std::thread (work))`: the smart pointer holds it.
    if (const auto* reset = dyn_cast<CXXMemberCallExpr>(stmt);
        reset && reset->getMethodDecl() && identifier(reset->getMethodDecl()) == "reset" && reset->getNumArgs() == 1 &&
        reset->getImplicitObjectArgument())
      note_thread_handle(ref_of(reset->getImplicitObjectArgument()), reset->getArg(0));
    note_owner_changes(stmt);
    note_spin_loop(stmt);
    note_contents_changes(stmt);
    if (const auto* loop = dyn_cast<CXXForRangeStmt>(stmt); loop && loop->getLoopVariable() && loop->getRangeInit())
      range_loop_vars_[loop->getLoopVariable()] = loop->getRangeInit();
    if (const auto* declared = dyn_cast<DeclStmt>(stmt))
      for (const Decl* decl : declared->decls())
        if (const auto* var = dyn_cast<VarDecl>(decl);
            var && var->isLocalVarDecl() && !var->isStaticLocal() &&
            !tu_.vocabulary().is_guard(Vocabulary::record_of(var->getType())))
          declared_locals.push_back(var);
    // `workers.push_back (std::thread (work))`: an element holds the thread.
    if (const auto* add = dyn_cast<CXXMemberCallExpr>(stmt);
        add && add->getMethodDecl() && add->getNumArgs() == 1 && add->getImplicitObjectArgument() &&
        (identifier(add->getMethodDecl()) == "push_back" || identifier(add->getMethodDecl()) == "emplace_back"))
      note_thread_handle(elements_of(add->getImplicitObjectArgument(), add), add->getArg(0));
    // `for (auto& shard : g_shards)`: the variable is an element of what the
    // loop walks, an array or a container (not a copy of one).
    if (const auto* loop = dyn_cast<CXXForRangeStmt>(stmt))
      if (const VarDecl* element = loop->getLoopVariable();
          element && element->getType()->isReferenceType() && loop->getRangeInit() &&
          (loop->getRangeInit()->getType()->isConstantArrayType() ||
           tu_.vocabulary().is_listed_container(loop->getRangeInit()->getType())))
        array_loop_vars_[element] = loop->getRangeInit();
    if (const auto* call = dyn_cast<CallExpr>(stmt)) {
      callees_.insert(bare(call->getCallee()));
      // Each function a conditional callee chooses is called, not taken.
      if (const auto* choice = dyn_cast<ConditionalOperator>(bare(call->getCallee())))
        for (const Expr* branch : {choice->getTrueExpr(), choice->getFalseExpr()})
          callees_.insert(without_address_of(bare(branch)));
      if (const FunctionDecl* callee = call->getDirectCallee();
          callee && !tu_.in_system_header(callee->getLocation()))
        note_passed({call->getArgs(), call->getNumArgs()});
      else if (const Forwarded forwarded = forwarded_arguments(call); forwarded_constructor(call, forwarded))
        note_passed(forwarded.args);
    }
    if (const auto* construct = dyn_cast<CXXConstructExpr>(stmt); construct && construction_calls(construct))
      note_passed({construct->getArgs(), construct->getNumArgs()});
    if (const auto* decl_stmt = dyn_cast<DeclStmt>(stmt))
      for (const Decl* decl : decl_stmt->decls()) {
        const auto* var = dyn_cast<VarDecl>(decl);
        if (!var) continue;
        if (var->getInit()) {
          note_pointer_copy(var, var->getInit());
          note_table_copy(var, var->getInit());
          if (var->isLocalVarDecl() && !var->isStaticLocal()) {
            Ref local;
            local.root = RefRoot::local;
            local.index = refs_.local_index(var);
            note_thread_handle(std::move(local), var->getInit());
          }
          // A static local's construction runs once, where it is declared: a
          // call like a temporary's.
          if (const CXXConstructExpr* construct = construction_of(var->getInit()); construct && !var->hasGlobalStorage())
            own_constructions_.insert(construct);
        }
        if (var->isStaticLocal() && var->getInit()) {
          for_each_stmt_in_body(var->getInit(), [&](const Stmt* inner) { once_init_.insert(inner); });
          note_stored_in(var->getInit());
        }
        // Known before translation: CFG blocks are not visited in source
        // order, and a guard's destructor may come before its declaration.
        if (!var->hasGlobalStorage() && tu_.vocabulary().is_guard(Vocabulary::record_of(var->getType())))
          guard_locals_.insert(var);
      }
  });
  // Aliases before any block is walked: the CFG may reach a use of
  // `auto& c = g_cache;` before its declaration.
  // And the locals that save a global (`int saved = g_flag;`, `saved =
  // g_flag;`): a restore after a loop may be walked before the save.
  for (const VarDecl* var : declared_locals)
    if (const bool alias = note_alias(var);
        var->getInit() && !array_loop_vars_.contains(var) && !saved_global(var, alias).empty())
      saving_locals_.insert(var);
  for_each_stmt_in_body(body, [&](const Stmt* stmt) {
    if (const auto* assign = dyn_cast<BinaryOperator>(stmt))
      if (const VarDecl* local = saving_assignment(assign)) saving_locals_.insert(local);
  });
  // Likewise `*location = m;` before `m = malloc (...)` and the mutex's
  // set-up: what each local is made by, and which mutexes are set up as
  // recursive (with every attribute set up first, wherever it is).
  auto made_in = [&](const VarDecl* local, const Expr* value) {
    if (local && local->isLocalVarDecl() && !local->isStaticLocal() && value && makes_new_object(value))
      fresh_values_[local] = value;
  };
  std::vector<const CallExpr*> mutex_inits;
  for_each_stmt_in_body(body, [&](const Stmt* stmt) {
    if (const auto* declared = dyn_cast<DeclStmt>(stmt))
      for (const Decl* decl : declared->decls())
        if (const auto* var = dyn_cast<VarDecl>(decl)) made_in(var, var->getInit());
    if (const auto* assign = dyn_cast<BinaryOperator>(stmt); assign && assign->getOpcode() == BO_Assign)
      if (const auto* target = dyn_cast<DeclRefExpr>(bare(assign->getLHS())))
        made_in(dyn_cast<VarDecl>(target->getDecl()), assign->getRHS());
    if (const auto* call = dyn_cast<CallExpr>(stmt); call && call->getDirectCallee() && call->getNumArgs() == 2) {
      const llvm::StringRef name = identifier(call->getDirectCallee());
      // pthread_mutexattr_settype (&a, PTHREAD_MUTEX_RECURSIVE)
      if (name == "pthread_mutexattr_settype")
        if (const auto* constant = dyn_cast<DeclRefExpr>(bare(call->getArg(1)));
            constant && identifier(constant->getDecl()).starts_with("PTHREAD_MUTEX_RECURSIVE"))
          recursive_attrs_.insert(RefBuilder::key_text(RefBuilder::deref(ref_of(call->getArg(0)))));
      if (name == "pthread_mutex_init") mutex_inits.push_back(call);
      // C11's mtx_init (&m, mtx_plain | mtx_recursive): the type argument says it.
      if (name == "mtx_init" && names_enumerator(call->getArg(1), "mtx_recursive"))
        recursive_made_.insert(RefBuilder::key_text(RefBuilder::deref(ref_of(call->getArg(0)))));
    }
  });
  for (const CallExpr* init : mutex_inits)
    if (recursive_attrs_.contains(RefBuilder::key_text(RefBuilder::deref(ref_of(init->getArg(1))))))
      recursive_made_.insert(RefBuilder::key_text(RefBuilder::deref(ref_of(init->getArg(0)))));
}

void Extractor::note_pointer_copy(const VarDecl* local, const Expr* value) {
  if (!local->isLocalVarDecl() || local->isStaticLocal() || !local->getType()->isFunctionPointerType())
    return;
  const auto* source = value ? dyn_cast<DeclRefExpr>(bare(value)) : nullptr;
  const auto* global = source ? dyn_cast<VarDecl>(source->getDecl()) : nullptr;
  auto [it, inserted] = copied_hooks_.try_emplace(local, global && global->hasGlobalStorage() ? source : nullptr);
  if (!inserted && (!it->second || !global || it->second->getDecl() != global)) it->second = nullptr;
}

/// The table in static storage whose address `value` is: `&table`, or an
/// element of an array of tables (`kPlugins`, `&kPlugins[i]`, `kPlugins + i`:
/// a pointer that walks the array). Else nullptr.
static const VarDecl* static_table_address(const Expr* value) {
  auto global = [](const Expr* e) -> const VarDecl* {
    const auto* ref = dyn_cast<DeclRefExpr>(bare(e));
    const auto* var = ref ? dyn_cast<VarDecl>(ref->getDecl()) : nullptr;
    return var && var->hasGlobalStorage() ? var : nullptr;
  };
  auto array = [&](const Expr* e) -> const VarDecl* {
    const VarDecl* var = global(e);
    return var && var->getType()->isArrayType() ? var : nullptr;
  };
  value = bare(value);
  if (const auto* address = dyn_cast<UnaryOperator>(value); address && address->getOpcode() == UO_AddrOf) {
    const Expr* object = bare(address->getSubExpr());
    if (const auto* element = dyn_cast<ArraySubscriptExpr>(object)) return array(element->getBase());
    const VarDecl* var = global(object);
    return var && !var->getType()->isArrayType() ? var : nullptr;
  }
  if (const auto* offset = dyn_cast<BinaryOperator>(value); offset && offset->getOpcode() == BO_Add)
    return offset->getLHS()->getType()->isPointerType() ? array(offset->getLHS()) : array(offset->getRHS());
  return array(value);
}

void Extractor::note_table_copy(const VarDecl* local, const Expr* value) {
  if (!local->isLocalVarDecl() || local->isStaticLocal() || !local->getType()->isPointerType()) return;
  const QualType pointee = local->getType()->getPointeeType();
  // `const struct ops *const *p = k_all;`: walks an array of table pointers.
  if (!holds_function_pointers(pointee) && !pointee->isFunctionPointerType() &&
      !walks_table_pointers(local->getType()))
    return;
  if (value && is_null_literal(value, tu_.ast())) return;
  const VarDecl* table = value ? static_table_address(value) : nullptr;
  if (!table) {
    open_local_tables_.insert(local);
    return;
  }
  auto& tables = local_tables_[local];
  if (!llvm::is_contained(tables, table)) tables.push_back(table);
}

// ---- CFG translation ----

void Extractor::translate(Stmt* body) {
  if (!body) {
    fact_.blocks.emplace_back();
    return;
  }
  CFG::BuildOptions options;
  options.AddImplicitDtors = true;
  options.AddTemporaryDtors = false;
  options.AddInitializers = true;
  options.AddCXXDefaultInitExprInCtors = true;
  options.setAllAlwaysAdd();
  std::unique_ptr<CFG> cfg = CFG::buildCFG(function_, body, &tu_.ast(), options);
  if (!cfg) {
    translate_linear(body);
    return;
  }
  fact_.blocks.resize(cfg->getNumBlockIDs());
  fact_.entry_block = cfg->getEntry().getBlockID();
  fact_.exit_block = cfg->getExit().getBlockID();
  for (const ParmVarDecl* param : function_->parameters())
    if (tu_.vocabulary().is_guard(guard_param_record(param))) guard_locals_.insert(param);
  // Where each element's events begin in its block (add_catch_edges splits blocks there).
  std::vector<std::vector<uint32_t>> element_starts(cfg->getNumBlockIDs());
  for (const CFGBlock* block : *cfg) {
    block_ = &fact_.blocks[block->getBlockID()];
    for (const CFGBlock* succ : block->succs())
      if (succ) block_->successors.push_back(succ->getBlockID());
    for (const CFGElement& element : *block) {
      element_starts[block->getBlockID()].push_back(static_cast<uint32_t>(block_->events.size()));
      on_element(element);
    }
    mark_null_test(*block);
    mark_param_test(*block);
    mark_failed_start(*block);
    mark_try_lock(*block);
    mark_idle_thread(*block);
    mark_join_loop(*block);
  }
  mark_join_loop_conditions(*cfg);
  thread_logical_joins(*cfg);
  begin_guard_params(fact_.entry_block, fact_.exit_block);
  mark_no_return_blocks(*cfg);
  add_catch_edges(*cfg, element_starts);
}

/// The condition of the two-way branch that ends `block`, without the `!`s
/// on top of it, each of which flips `flipped`; nullptr when the block does
/// not end in such a branch, or another unary operator is on top.
const Expr* branch_condition(const CFGBlock& block, bool& flipped) {
  const auto* tested = dyn_cast_or_null<Expr>(block.getTerminatorCondition());
  if (!tested || block.succ_size() != 2) return nullptr;
  // In `if (a && b)` and `a && b && c`, the block that evaluates `b` ends in
  // a terminator whose condition is the whole `a && b`: its successors
  // decide on `b`, the last expression it evaluates.
  if (const auto* chain = dyn_cast<BinaryOperator>(tested->IgnoreParens()); chain && chain->isLogicalOp())
    if (const Expr* last = block.getLastCondition(); last && last != chain) tested = last;
  tested = strip_negations(tested, flipped);
  return isa<UnaryOperator>(tested) ? nullptr : tested;
}

/// A branch on whether a pointer is null (`if (mutex == NULL) return;`,
/// `if (context) UNLOCK (context);`, `p && ...`): the successor on which it is
/// null. A lock flow knows that nothing the pointer points to is held there.
void Extractor::mark_null_test(const CFGBlock& block) {
  bool null_when_true = false;  // the condition is true when the pointer is null
  const Expr* tested = branch_condition(block, null_when_true);
  if (!tested) return;
  if (const auto* comparison = dyn_cast<BinaryOperator>(tested)) {
    if (!comparison->isEqualityOp()) return;
    const Expr* pointer = nullptr;
    if (is_null_literal(comparison->getRHS(), tu_.ast())) pointer = comparison->getLHS();
    else if (is_null_literal(comparison->getLHS(), tu_.ast())) pointer = comparison->getRHS();
    if (!pointer) return;
    if (comparison->getOpcode() == BO_EQ) null_when_true = !null_when_true;
    tested = bare(pointer);
  }
  if (!tested->getType()->isPointerType()) return;
  Ref pointer = refs_.ref_of(tested);
  if (pointer.empty()) return;
  const CFGBlock* successor = *(block.succ_begin() + (null_when_true ? 0 : 1));
  if (!successor) return;
  block_->null_successor = successor->getBlockID();
  block_->null_pointer = std::move(pointer);
}

/// The variable at the root of `e` through fields, elements and
/// dereferences (`p` of `p->a.b[i]`, `o` of `o.x`, `p` of `*p`), and in
/// `path` the fields from the root when only fields lead there ("a.b" of
/// `p->a.b`; empty for `p->a.b[i]`, `*p` or `p` itself).
static const VarDecl* root_variable(const Expr* e, std::string* path = nullptr) {
  llvm::SmallVector<llvm::StringRef, 4> names;
  bool fields_only = true;
  for (unsigned steps = 0; e && steps < 16; ++steps) {
    e = e->IgnoreParenImpCasts();
    if (const auto* member = dyn_cast<MemberExpr>(e)) {
      const auto* field = dyn_cast<FieldDecl>(member->getMemberDecl());
      if (!field || field->getName().empty() || field->getParent()->isUnion()) fields_only = false;
      else names.push_back(field->getName());
      e = member->getBase();
    } else if (const auto* element = dyn_cast<ArraySubscriptExpr>(e)) {
      fields_only = false;
      names.clear();
      e = element->getBase();
    } else if (const auto* deref = dyn_cast<UnaryOperator>(e); deref && deref->getOpcode() == UO_Deref) {
      fields_only = false;
      e = deref->getSubExpr();
    } else if (const auto* named = dyn_cast<DeclRefExpr>(e)) {
      if (path) {
        path->clear();
        if (fields_only)
          for (auto name = names.rbegin(); name != names.rend(); ++name)
            *path += (path->empty() ? "" : ".") + name->str();
      }
      return dyn_cast<VarDecl>(named->getDecl());
    } else {
      return nullptr;
    }
  }
  return nullptr;
}

/// Whether field paths `a` and `b` name the same field, or one holds the
/// other ("mode" and "mode.held").
static bool overlapping_paths(llvm::StringRef a, llvm::StringRef b) {
  return a == b || (a.starts_with(b) && a[b.size()] == '.') || (b.starts_with(a) && b[a.size()] == '.');
}

/// Whether the body may change field `path` of what `var` is or points to:
/// it changes the whole, or that field, a field inside it or one around it.
bool Extractor::field_changed(const VarDecl* var, llvm::StringRef path) const {
  if (contents_changed_.contains(var)) return true;
  auto fields = fields_changed_.find(var);
  if (fields == fields_changed_.end()) return false;
  return llvm::any_of(fields->second, [&](const std::string& changed) { return overlapping_paths(changed, path); });
}

void Extractor::note_contents_changes(const Stmt* stmt) {
  auto changed = [&](const Expr* target) {
    if (const VarDecl* var = root_variable(target)) contents_changed_.insert(var);
  };
  // An assignment to a field (`p->stats.hits = 0`): that field only; to the
  // variable itself, or through an element or `*p`: the whole.
  auto assigned = [&](const Expr* target) {
    std::string path;
    const VarDecl* var = root_variable(target, &path);
    if (!var) return;
    if (path.empty()) contents_changed_.insert(var);
    else fields_changed_[var].push_back(std::move(path));
  };
  if (const auto* assign = dyn_cast<BinaryOperator>(stmt); assign && assign->isAssignmentOp()) {
    // `o = other` and `p = q` rebind or overwrite; `p->x = 1`, `o.x = 1` change a field.
    assigned(assign->getLHS());
  } else if (const auto* step = dyn_cast<UnaryOperator>(stmt); step && step->isIncrementDecrementOp()) {
    assigned(step->getSubExpr());
  } else if (const auto* op = dyn_cast<CXXOperatorCallExpr>(stmt); op && op->isAssignmentOp() && op->getNumArgs()) {
    assigned(op->getArg(0));
  } else if (const auto* call = dyn_cast<CallExpr>(stmt)) {
    // A pointer or an address handed to a non-const pointer or reference
    // parameter (or to one the call does not declare: variadic, unknown).
    const FunctionDecl* callee = call->getDirectCallee();
    for (unsigned i = 0; i < call->getNumArgs(); ++i) {
      const Expr* arg = call->getArg(i)->IgnoreParenImpCasts();
      QualType declared;
      if (callee && i < callee->getNumParams()) declared = callee->getParamDecl(i)->getType();
      const bool read_only = !declared.isNull() && (declared->isPointerType() || declared->isReferenceType()) &&
                             declared->getPointeeType().isConstQualified();
      const bool by_value = !declared.isNull() && !declared->isPointerType() && !declared->isReferenceType();
      if (read_only || by_value) continue;
      if (const auto* address = dyn_cast<UnaryOperator>(arg); address && address->getOpcode() == UO_AddrOf)
        changed(address->getSubExpr());
      else if (arg->getType()->isPointerType() || (!declared.isNull() && declared->isReferenceType()))
        changed(arg);
    }
    if (const auto* member = dyn_cast<CXXMemberCallExpr>(call))
      if (const CXXMethodDecl* method = member->getMethodDecl(); method && !method->isConst())
        changed(member->getImplicitObjectArgument());
  } else if (const auto* declared = dyn_cast<DeclStmt>(stmt)) {
    for (const Decl* decl : declared->decls())
      if (const auto* var = dyn_cast<VarDecl>(decl); var && var->getInit()) {
        const QualType type = var->getType();
        const Expr* init = var->getInit()->IgnoreParenImpCasts();
        // `S& r = o;` changes `o` through `r`; `struct opts *q = &o;` keeps its address.
        if (type->isReferenceType() && !type.getNonReferenceType().isConstQualified()) changed(init);
        if (const auto* address = dyn_cast<UnaryOperator>(init); address && address->getOpcode() == UO_AddrOf)
          if (const VarDecl* held = root_variable(address->getSubExpr())) address_kept_.insert(held), changed(init);
        if (type->isPointerType() && !type->getPointeeType().isConstQualified() && init->getType()->isPointerType())
          changed(init);  // `T* q = p;`: an alias that may write
      }
  } else if (const auto* lambda = dyn_cast<LambdaExpr>(stmt)) {
    for (const LambdaCapture& capture : lambda->captures())
      if (capture.capturesVariable() && capture.getCaptureKind() == LCK_ByRef)
        if (const auto* var = dyn_cast<VarDecl>(capture.getCapturedVar())) contents_changed_.insert(var);
  }
  // `q = &o;` keeps the address too.
  if (const auto* assign = dyn_cast<BinaryOperator>(stmt); assign && assign->getOpcode() == BO_Assign)
    if (const auto* address = dyn_cast<UnaryOperator>(assign->getRHS()->IgnoreParenImpCasts());
        address && address->getOpcode() == UO_AddrOf)
      if (const VarDecl* held = root_variable(address->getSubExpr())) address_kept_.insert(held), contents_changed_.insert(held);
}

/// `e` as this function's own parameter of scalar type (an integer, a bool,
/// an enum) that the body never assigns, steps or takes the address of: its
/// value anywhere is what the caller passed. nullptr otherwise.
const ParmVarDecl* Extractor::unchanged_scalar_param(const Expr* e) const {
  const auto* named = dyn_cast<DeclRefExpr>(bare(e));
  const auto* param = named ? dyn_cast<ParmVarDecl>(named->getDecl()) : nullptr;
  if (!param || !refs_.is_own_param(param) || rebound_locals_.contains(param)) return nullptr;
  const QualType type = param->getType();
  if (type->isReferenceType() || !(type->isIntegralOrEnumerationType())) return nullptr;
  const Stmt* body = function_->getBody();
  if (!body) return nullptr;
  auto [known, fresh] = param_mutated_.try_emplace(param, false);
  if (fresh)
    known->second = ExprMutationAnalyzer(*body, tu_.ast()).isMutated(static_cast<const Decl*>(param));
  return known->second ? nullptr : param;
}

/// A constant's bits, or nothing for an expression that is not one.
static std::optional<uint64_t> constant_bits(const Expr* e, ASTContext& ast) {
  Expr::EvalResult value;
  if (!e || e->isValueDependent() || !e->EvaluateAsInt(value, ast)) return std::nullopt;
  return value.Val.getInt().extOrTrunc(64).getZExtValue();
}

/// T of `std::optional<T>` when T is a scalar a branch can test (a bool,
/// an integer, an enum); a null type otherwise.
static QualType optional_scalar(QualType type) {
  const auto* optional =
      dyn_cast_or_null<ClassTemplateSpecializationDecl>(type.isNull() ? nullptr : type->getAsRecordDecl());
  if (!optional || !optional->isInStdNamespace() || identifier(optional) != "optional" ||
      optional->getTemplateArgs().size() != 1)
    return {};
  const TemplateArgument& held = optional->getTemplateArgs()[0];
  if (held.getKind() != TemplateArgument::Type || !held.getAsType()->isIntegralOrEnumerationType()) return {};
  return held.getAsType();
}

/// A struct that can carry flags: plain data (trivially copyable: no
/// std::string, no containers, whose evaluation would only cost) with a
/// scalar field.
static bool options_like(const RecordDecl& record) {
  if (const auto* cxx = dyn_cast<CXXRecordDecl>(&record); cxx && !cxx->isTriviallyCopyable()) return false;
  return llvm::any_of(record.fields(), [](const FieldDecl* field) {
    return field->getType()->isIntegralOrEnumerationType() || field->getType()->isRecordType();
  });
}

/// The struct a parameter or argument of type `type` is, or points or
/// refers to; nullptr for other types (and unions, whose fields overlap).
static const RecordDecl* struct_of(QualType type, bool& through_const) {
  through_const = false;
  if (type.isNull()) return nullptr;
  if (type->isPointerType() || type->isReferenceType()) {
    type = type->getPointeeType();
    through_const = type.isConstQualified();
  }
  const RecordDecl* record = type->getAsRecordDecl();
  return record && !record->isUnion() && record->getDefinition() ? record->getDefinition() : nullptr;
}

/// `e` as this function's own parameter that is a plain-data struct
/// (options_like), or a pointer or reference to one, never pointed
/// elsewhere; `through_const`: its fields are const through it.
const ParmVarDecl* Extractor::struct_param(const Expr* e, bool& through_const) const {
  const auto* named = dyn_cast_or_null<DeclRefExpr>(bare(e));
  const auto* param = named ? dyn_cast<ParmVarDecl>(named->getDecl()) : nullptr;
  if (!param || !refs_.is_own_param(param) || rebound_locals_.contains(param)) return nullptr;
  const RecordDecl* record = struct_of(param->getType(), through_const);
  return record && options_like(*record) ? param : nullptr;
}

/// `e` as this function's own parameter that is a struct, or a pointer or
/// reference to one, whose fields the body never changes: const-qualified
/// through the pointer, or changed nowhere Clang's ExprMutationAnalyzer
/// sees (`o->locked = 0`, `reset (o)` with a non-const pointer are changes),
/// and the parameter itself never pointed elsewhere. What its fields hold
/// anywhere in the body is what they held at the call.
const ParmVarDecl* Extractor::unchanged_struct_param(const Expr* e) const {
  bool through_const = false;
  const ParmVarDecl* param = struct_param(e, through_const);
  if (!param) return nullptr;
  const Stmt* body = function_->getBody();
  if (!body) return nullptr;
  auto [known, fresh] = param_mutated_.try_emplace(param, false);
  if (fresh) {
    // Plain writes first (`p->x = 1`, `reset (p)`); through a const pointer
    // or reference nothing writes; a struct by value or a non-const pointer
    // with no plain write is asked of ExprMutationAnalyzer (aliases, moves).
    if (contents_changed_.contains(param) || fields_changed_.count(param)) known->second = true;
    else if (through_const) known->second = false;
    else if (param->getType()->isPointerType())
      known->second = ExprMutationAnalyzer(*body, tu_.ast()).isPointeeMutated(static_cast<const Decl*>(param));
    else
      known->second = ExprMutationAnalyzer(*body, tu_.ast()).isMutated(static_cast<const Decl*>(param));
  }
  return known->second ? nullptr : param;
}

/// What a `->` in a chain of fields means to field_chain.
enum class Arrow {
  ends_chain,  ///< `o->a.b`: the pointer `o` is what the fields belong to
  continues,   ///< `this->mode_.held`: walk on to `this`
  rejected,    ///< only fields of the object itself (`o.a.b`)
};

/// The fields `e` names, from the object inwards, in `path` ("mode.held" of
/// `o->mode.held`), and the object they belong to; nullptr when a step is
/// not a named field of a struct (an element, a union's member, a mutable
/// field, which a const method may change) or the chain is longer than
/// `max_fields`.
static const Expr* field_chain(const Expr* e, Arrow arrow, std::string& path, size_t max_fields) {
  llvm::SmallVector<llvm::StringRef, 3> names;
  const Expr* base = bare(e);
  while (const auto* step = dyn_cast_or_null<MemberExpr>(base)) {
    const auto* field = dyn_cast<FieldDecl>(step->getMemberDecl());
    if (!field || field->getName().empty() || field->getParent()->isUnion() || field->isMutable() ||
        names.size() >= max_fields || (step->isArrow() && arrow == Arrow::rejected))
      return nullptr;
    names.push_back(field->getName());
    base = bare(step->getBase());
    if (step->isArrow() && arrow == Arrow::ends_chain) break;
  }
  if (names.empty()) return nullptr;
  path.clear();
  for (auto name = names.rbegin(); name != names.rend(); ++name) {
    if (!path.empty()) path += '.';
    path += *name;
  }
  return base;
}

/// `o->locked`, `opts.mode.notify`: a field of a struct parameter (see
/// struct_param). The parameter, and in `path` the field names from the
/// struct inwards; nullptr otherwise.
const ParmVarDecl* Extractor::param_field(const Expr* e, std::string& path) const {
  std::string fields;
  const Expr* base = field_chain(e, Arrow::ends_chain, fields, 3);
  bool through_const = false;
  const ParmVarDecl* param = base ? struct_param(base, through_const) : nullptr;
  if (param) path = std::move(fields);
  return param;
}

/// A scalar field of a struct parameter (param_field) that the function
/// never changes (no assignment to it or around it, and the struct never
/// handed to a non-const pointer or reference, aliased or captured by
/// reference: note_contents_changes).
const ParmVarDecl* Extractor::unchanged_param_field(const Expr* e, std::string& path) const {
  const auto* member = dyn_cast_or_null<MemberExpr>(bare(e));
  if (!member || !member->getType()->isIntegralOrEnumerationType()) return nullptr;
  const ParmVarDecl* param = param_field(member, path);
  // Only this field matters: a function that updates other fields of its
  // context (`data->state.keeps_speed = now`) still reads the caller's flag.
  return param && !field_changed(param, path) ? param : nullptr;
}

/// `o.notify.value_or (true)`, `o->limit.has_value ()`, `if (o.notify)`,
/// `*o.mode`, `o.mode.value ()`: a question asked of a `std::optional`
/// field of a struct parameter that the function never changes. The
/// parameter, and in `path` the field with the question ("notify.value_or(1)",
/// "limit.has_value", "mode.value"), which a call answers from the field's
/// "has_value" and "value" (collect_fields); nullptr otherwise.
const ParmVarDecl* Extractor::unchanged_optional_field(const Expr* e, std::string& path) const {
  e = bare(e);
  const Expr* object = nullptr;
  std::string asked;
  if (const auto* call = dyn_cast<CXXMemberCallExpr>(e)) {
    const CXXMethodDecl* method = call->getMethodDecl();
    if (!method) return nullptr;
    object = call->getImplicitObjectArgument();
    const llvm::StringRef name = identifier(method);
    if (isa<CXXConversionDecl>(method) || name == "has_value") {
      asked = "has_value";
    } else if (name == "value" && call->getNumArgs() == 0) {
      asked = "value";
    } else if (name == "value_or" && call->getNumArgs() == 1) {
      const std::optional<uint64_t> fallback = constant_bits(bare(call->getArg(0)), tu_.ast());
      if (!fallback) return nullptr;
      asked = "value_or(" + std::to_string(*fallback) + ")";
    }
  } else if (const auto* star = dyn_cast<CXXOperatorCallExpr>(e);
             star && star->getOperator() == OO_Star && star->getNumArgs() == 1) {
    object = star->getArg(0);
    asked = "value";
  }
  if (!object || asked.empty() || optional_scalar(bare(object)->getType()).isNull()) return nullptr;
  const ParmVarDecl* param = param_field(object, path);
  if (!param || field_changed(param, path)) return nullptr;
  path += "." + asked;
  return param;
}

/// Whether the body changes struct local `local` anywhere after its
/// declaration (assigns it or a field, passes it on by non-const pointer or
/// reference).
bool Extractor::local_mutated(const VarDecl* local) const {
  const Stmt* body = function_->getBody();
  if (!body) return true;
  auto [known, fresh] = local_mutated_.try_emplace(local, true);
  if (fresh)
    known->second = contents_changed_.contains(local) || fields_changed_.count(local) ||
                    ExprMutationAnalyzer(*body, tu_.ast()).isMutated(static_cast<const Decl*>(local));
  return known->second;
}

/// What the constant `value` of a `std::optional<held>` holds: whether it
/// is engaged, and its value when it is; nothing when the evaluation does
/// not show it. The constant evaluator keeps which member of the optional's
/// storage union is active, and that is the value member (`_M_value`,
/// `__val_`) exactly when the optional is engaged, in every standard library.
static std::optional<std::pair<bool, uint64_t>> optional_state(const APValue& value, QualType held, unsigned depth) {
  if (depth > 6) return std::nullopt;
  if (value.isUnion()) {
    const FieldDecl* active = value.getUnionField();
    const bool holds_value = active && active->getName().contains_insensitive("val") &&
                             active->getType().getCanonicalType().getUnqualifiedType() ==
                                 held.getCanonicalType().getUnqualifiedType() &&
                             value.getUnionValue().isInt();
    if (holds_value) return std::pair{true, value.getUnionValue().getInt().extOrTrunc(64).getZExtValue()};
    return std::pair{false, uint64_t{0}};
  }
  if (!value.isStruct()) return std::nullopt;
  for (unsigned i = 0; i < value.getStructNumBases(); ++i)
    if (auto state = optional_state(value.getStructBase(i), held, depth + 1)) return state;
  for (unsigned i = 0; i < value.getStructNumFields(); ++i)
    if (auto state = optional_state(value.getStructField(i), held, depth + 1)) return state;
  return std::nullopt;
}

/// What a value assigned to a `std::optional<held>` leaves in it when that
/// is constant: `false` (converted), `std::nullopt`, another constant
/// optional; nothing otherwise.
static std::optional<std::pair<bool, uint64_t>> optional_constant(const Expr* value, QualType held, ASTContext& ast) {
  value = bare(value);
  if (!value || value->isValueDependent()) return std::nullopt;
  if (identifier(Vocabulary::record_of(value->getType())) == "nullopt_t") return std::pair{false, uint64_t{0}};
  if (!optional_scalar(value->getType()).isNull()) {
    Expr::EvalResult result;
    if (!value->EvaluateAsRValue(result, ast)) return std::nullopt;
    return optional_state(result.Val, held, 0);
  }
  if (const std::optional<uint64_t> constant = constant_bits(value, ast)) return std::pair{true, *constant};
  return std::nullopt;
}

/// Adds what a `std::optional` flag at `path` holds, as the callee's
/// `has_value ()`, `value ()` and `value_or (c)` ask it
/// (unchanged_optional_field): "path.has_value", and "path.value" when set.
static void add_optional_state(const std::string& path, std::pair<bool, uint64_t> state,
                               std::vector<std::pair<std::string, uint64_t>>& out) {
  out.emplace_back(path + ".has_value", state.first);
  if (state.first) out.emplace_back(path + ".value", state.second);
}

/// The scalar fields of `value` (a struct constant of `record`), depth-first
/// with their paths.
static void collect_fields(const APValue& value, const RecordDecl& record, const std::string& prefix,
                           unsigned depth, std::vector<std::pair<std::string, uint64_t>>& out) {
  if (!value.isStruct()) return;
  for (const FieldDecl* field : record.fields()) {
    if (field->getName().empty() || field->getFieldIndex() >= value.getStructNumFields()) continue;
    const APValue& held = value.getStructField(field->getFieldIndex());
    const std::string path = prefix + field->getName().str();
    if (held.isInt()) {
      out.emplace_back(path, held.getInt().extOrTrunc(64).getZExtValue());
    } else if (const QualType scalar = optional_scalar(field->getType()); !scalar.isNull()) {
      if (const auto state = optional_state(held, scalar, 0)) add_optional_state(path, *state, out);
    } else if (held.isStruct() && depth < 2) {
      const RecordDecl* inner = field->getType()->getAsRecordDecl();
      if (inner && !inner->isUnion() && inner->getDefinition())
        collect_fields(held, *inner->getDefinition(), path + ".", depth + 1, out);
    }
  }
}

static void initializer_fields(const Expr* init, const RecordDecl& record, const std::string& prefix,
                               unsigned depth, ASTContext& ast, std::vector<std::pair<std::string, uint64_t>>& out);

/// The constant fields of a braced initializer that is not constant as a
/// whole (`{.caller_locked = 1, .key = key}`, `&(struct o){ .locked = 1,
/// .name = name }`): each field's own initializer, read as collect_fields
/// reads a constant (an omitted field is zero, or its default member
/// initializer). Fields whose initializer is not constant are left out.
static void initialized_fields(const Expr* init, const RecordDecl& record, const std::string& prefix, unsigned depth,
                               ASTContext& ast, std::vector<std::pair<std::string, uint64_t>>& out) {
  init = bare(init);
  if (const auto* cast = dyn_cast_or_null<CXXFunctionalCastExpr>(init)) init = bare(cast->getSubExpr());
  const auto* list = dyn_cast_or_null<InitListExpr>(init);
  if (!list || record.isUnion()) return;
  if (list->isSyntacticForm() && list->getSemanticForm()) list = list->getSemanticForm();
  // The initializers of a C++ aggregate's bases come first; unnamed bit-fields have none.
  unsigned index = 0;
  if (const auto* cxx = dyn_cast<CXXRecordDecl>(&record)) index = cxx->getNumBases();
  for (const FieldDecl* field : record.fields()) {
    if (field->isUnnamedBitField()) continue;
    if (index >= list->getNumInits()) return;
    const Expr* each = list->getInit(index++);
    if (const auto* defaulted = dyn_cast_or_null<CXXDefaultInitExpr>(each)) each = defaulted->getExpr();
    if (!each || each->isValueDependent() || field->getName().empty()) continue;
    const std::string path = prefix + field->getName().str();
    const QualType type = field->getType();
    if (type->isIntegralOrEnumerationType()) {
      if (isa<ImplicitValueInitExpr>(each)) out.emplace_back(path, 0);
      else if (const std::optional<uint64_t> constant = constant_bits(each, ast)) out.emplace_back(path, *constant);
    } else if (const QualType scalar = optional_scalar(type); !scalar.isNull()) {
      if (const auto state = optional_constant(each, scalar, ast)) add_optional_state(path, *state, out);
    } else if (const RecordDecl* inner = type->getAsRecordDecl(); inner && inner->getDefinition() && depth < 2) {
      initializer_fields(each, *inner->getDefinition(), path + ".", depth + 1, ast, out);
    }
  }
}

/// The constant fields `init` gives a struct of `record`: those of its value
/// when it is constant as a whole (collect_fields), else each field's own
/// initializer's (initialized_fields). Unsorted.
static void initializer_fields(const Expr* init, const RecordDecl& record, const std::string& prefix,
                               unsigned depth, ASTContext& ast, std::vector<std::pair<std::string, uint64_t>>& out) {
  Expr::EvalResult result;
  if (init->EvaluateAsRValue(result, ast)) collect_fields(result.Val, record, prefix, depth, out);
  else initialized_fields(init, record, prefix, depth, ast, out);
}

/// The object a by-value argument copies (`Emit (line, mode)`), or `e`.
static const Expr* copied_from(const Expr* e) {
  if (const auto* copy = dyn_cast_or_null<CXXConstructExpr>(e);
      copy && copy->getNumArgs() == 1 && copy->getConstructor()->isCopyOrMoveConstructor())
    return bare(copy->getArg(0));
  return e;
}

/// The struct type of `var` when it is a const options struct (options_like)
/// in static storage that every TU of the program can name: one TU defines
/// it, the others may declare it `extern`. nullptr otherwise.
static const RecordDecl* shared_constant_struct(const VarDecl* var) {
  const QualType type = var->getType();
  if (!var->hasGlobalStorage() || var->isStaticLocal() || !var->isExternallyVisible() || !type.isConstQualified() ||
      type->isPointerType() || type->isReferenceType())
    return nullptr;
  bool through_const = false;
  const RecordDecl* record = struct_of(type, through_const);
  return record && options_like(*record) ? record : nullptr;
}

/// `e` as a const struct in static storage that another TU defines (`extern
/// const struct jobq_opts jobq_default_opts;` here, its initializer there),
/// named or copied (`struct jobq_opts o = jobq_default_opts;`); nullptr
/// otherwise. What its fields hold is a fact of the TU that defines it
/// (TuFacts::constant_structs).
static const VarDecl* external_constant(const Expr* e) {
  const auto* named = dyn_cast_or_null<DeclRefExpr>(copied_from(bare(e)));
  const auto* var = named ? dyn_cast<VarDecl>(named->getDecl()) : nullptr;
  return var && shared_constant_struct(var) && !var->getAnyInitializer() ? var : nullptr;
}

/// The path of `e` as a field of `local` (`o.mode.held`), or "" when it is
/// not one.
static std::string local_field_path(const Expr* e, const VarDecl* local) {
  std::string path;
  const auto* named = dyn_cast_or_null<DeclRefExpr>(field_chain(e, Arrow::rejected, path, SIZE_MAX));
  return named && named->getDecl() == local ? path : std::string();
}

/// Whether `stmt` names `var` anywhere inside (what ExprMutationAnalyzer
/// starts from: a statement that never names it cannot change it here).
static bool names(const Stmt* stmt, const VarDecl* var) {
  if (!stmt) return false;
  if (const auto* named = dyn_cast<DeclRefExpr>(stmt); named && named->getDecl() == var) return true;
  if (const auto* declared = dyn_cast<DeclStmt>(stmt); declared && llvm::is_contained(declared->decls(), var))
    return true;
  for (const Stmt* child : stmt->children())
    if (names(child, var)) return true;
  return false;
}

/// Whether `call` is `memset (&object, 0, ...)` or `memset (p, 0, ...)` on `var`.
static bool zeroes(const CallExpr* call, const VarDecl* var, ASTContext& ast) {
  if (!call || call->getNumArgs() != 3) return false;
  const FunctionDecl* callee = call->getDirectCallee();
  if (!callee || (callee->getBuiltinID() != Builtin::BImemset && callee->getBuiltinID() != Builtin::BI__builtin_memset))
    return false;
  const Expr* target = call->getArg(0)->IgnoreParenImpCasts();
  if (const auto* address = dyn_cast<UnaryOperator>(target); address && address->getOpcode() == UO_AddrOf)
    target = address->getSubExpr()->IgnoreParenImpCasts();
  const auto* named = dyn_cast<DeclRefExpr>(target);
  const std::optional<uint64_t> fill = constant_bits(call->getArg(1), ast);
  return named && named->getDecl() == var && fill && *fill == 0;
}

/// The integer fields of `record`, each 0: what `memset (..., 0, ...)` leaves.
static std::vector<std::pair<std::string, uint64_t>> zeroed_fields(const RecordDecl& record) {
  std::vector<std::pair<std::string, uint64_t>> all;
  for (const FieldDecl* field : record.fields())
    if (!field->getName().empty() && field->getType()->isIntegralOrEnumerationType())
      all.emplace_back(field->getName().str(), 0);
  return all;
}

/// A statement of a helper that sets its struct parameter: field `path`
/// given `value` (nothing: not a constant), or the whole struct zeroed.
struct FieldWrite {
  std::string path;
  std::optional<uint64_t> value;
  bool zero_all = false;
};

/// What `call` does to struct local `local`, given to it by address or by
/// reference, when the callee's body is in this TU and every statement that
/// names that parameter assigns one of its fields (`o->notify = 0;`) or
/// zeroes it (`memset (o, 0, sizeof *o)`): those statements, in order.
/// Nothing when the body does anything else with it, when it is a virtual
/// method, or when the call hands `local` over another way too.
static std::optional<std::vector<FieldWrite>> writes_through(const CallExpr& call, const VarDecl* local,
                                                             ASTContext& ast) {
  const FunctionDecl* callee = call.getDirectCallee();
  const FunctionDecl* definition = nullptr;
  if (!callee || !callee->hasBody(definition)) return std::nullopt;
  if (const auto* method = dyn_cast<CXXMethodDecl>(definition); method && method->isVirtual()) return std::nullopt;
  const auto* body = dyn_cast_or_null<CompoundStmt>(definition->getBody());
  if (!body) return std::nullopt;
  const ParmVarDecl* param = nullptr;
  for (unsigned i = 0; i < call.getNumArgs(); ++i) {
    const Expr* arg = bare(call.getArg(i));
    if (!names(arg, local)) continue;
    const ParmVarDecl* declared = i < definition->getNumParams() ? definition->getParamDecl(i) : nullptr;
    const auto* address = dyn_cast<UnaryOperator>(arg);
    const auto* named = dyn_cast_or_null<DeclRefExpr>(
        address && address->getOpcode() == UO_AddrOf ? bare(address->getSubExpr()) : arg);
    const bool handed = named && named->getDecl() == local && declared &&
                        (address ? declared->getType()->isPointerType() : declared->getType()->isReferenceType());
    if (!handed || param) return std::nullopt;
    param = declared;
  }
  if (!param) return std::nullopt;
  std::vector<FieldWrite> writes;
  for (const Stmt* statement : body->body()) {
    if (!names(statement, param)) continue;
    const Expr* e = bare(dyn_cast<Expr>(statement));
    if (const auto* assign = dyn_cast_or_null<BinaryOperator>(e); assign && assign->getOpcode() == BO_Assign) {
      std::string path;
      if (root_variable(assign->getLHS(), &path) == param && !path.empty() && !names(assign->getRHS(), param)) {
        writes.push_back({std::move(path), constant_bits(assign->getRHS(), ast)});
        continue;
      }
    }
    if (zeroes(dyn_cast_or_null<CallExpr>(e), param, ast)) {
      writes.push_back({{}, std::nullopt, true});
      continue;
    }
    return std::nullopt;
  }
  return writes;
}

/// The fields of struct local `local`, which the body changes, known where
/// `use` passes it: statements before the call's, in its block and the
/// blocks around it, read backwards. `o.locked = 1;` gives a field its
/// value (a later assignment wins; one of something not constant leaves
/// that field unknown), `memset (&o, 0, sizeof o)` and the
/// declaration's constant initializer the fields not yet given one. Any
/// other change or a label ends the reading, and so does the start of a
/// loop or branch body whose statement changes `local`: what it leaves
/// unknown is not listed.
std::vector<std::pair<std::string, uint64_t>> Extractor::fields_set_before(const Expr* use, const VarDecl* local,
                                                                           const RecordDecl& record,
                                                                           std::string& fields_from) const {
  std::vector<std::pair<std::string, uint64_t>> known;
  if (address_kept_.contains(local)) return known;  // changed through a pointer, anywhere
  std::vector<std::string> unknown;  // fields a later statement set to something not constant
  auto given = [&](llvm::StringRef path) {
    return llvm::any_of(unknown, [&](const std::string& field) { return overlapping_paths(field, path); }) ||
           llvm::any_of(known, [&](const auto& field) { return overlapping_paths(field.first, path); });
  };
  auto fill_rest = [&](const std::vector<std::pair<std::string, uint64_t>>& all) {
    for (const auto& field : all)
      if (!given(field.first)) known.push_back(field);
  };
  auto sorted = [&] {
    llvm::sort(known);
    return known;
  };
  ASTContext& ast = tu_.ast();
  if (!body_parents_) {
    Stmt* body = function_->getBody();
    if (!body) return {};
    body_parents_ = std::make_unique<ParentMap>(body);  // the body's only, not the whole TU's
  }
  // The statement holding `node` that is a direct child of a compound
  // statement, and that compound statement. A loop passed on the way must
  // not change `local` (a later iteration would see the change).
  const CompoundStmt* block = nullptr;
  const Stmt* statement = nullptr;
  auto enclosing = [&](const Stmt* node, bool from_use) {
    block = nullptr;
    statement = nullptr;
    for (unsigned steps = 0; steps < 64 && node; ++steps) {
      const Stmt* parent = body_parents_->getParent(node);
      if (!parent) return;  // the body itself
      const bool loop = isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(parent);
      // Leaving a block: the statement it belongs to must not change `local` at all.
      if ((loop && from_use) || (!from_use && !isa<CompoundStmt>(parent)))
        if (names(parent, local) && ExprMutationAnalyzer(*parent, ast).isMutated(static_cast<const Decl*>(local)))
          return;
      if (const auto* compound = dyn_cast<CompoundStmt>(parent)) {
        block = compound;
        statement = node;
        return;
      }
      node = parent;
    }
  };
  enclosing(use, true);
  unsigned budget = 48;  // statements read back: a bound on the work in long functions
  while (block && statement) {
    auto at = llvm::find(block->body(), statement);
    if (at == block->body_end()) return {};
    for (auto before = std::make_reverse_iterator(at); before != block->body_rend(); ++before) {
      const Stmt* step = *before;
      if (budget-- == 0) return sorted();
      if (isa<LabelStmt, SwitchCase>(step)) return sorted();
      if (const auto* declared = dyn_cast<DeclStmt>(step); declared && llvm::is_contained(declared->decls(), local)) {
        const Expr* init = local->getInit();
        if (const VarDecl* copied = external_constant(init); copied && unknown.empty()) {
          // A copy of a const default another TU defines: the project knows its fields.
          fields_from = tu_.id_of(copied);
        } else if (init && !init->isValueDependent()) {
          std::vector<std::pair<std::string, uint64_t>> all;
          initializer_fields(init, record, "", 0, ast, all);
          fill_rest(all);
        }
        return sorted();
      }
      if (const auto* assign = dyn_cast<BinaryOperator>(step); assign && assign->getOpcode() == BO_Assign) {
        const std::string path = local_field_path(assign->getLHS(), local);
        if (!path.empty()) {
          const std::optional<uint64_t> constant = constant_bits(assign->getRHS(), ast);
          if (!constant) unknown.push_back(path);  // also covers its fields not given yet
          else if (!given(path)) known.emplace_back(path, *constant);
          continue;
        }
      }
      // `o.notify = false;` engages a `std::optional` flag with that value,
      // `o.notify = std::nullopt;` empties it.
      if (const auto* assign = dyn_cast_or_null<CXXOperatorCallExpr>(bare(dyn_cast<Expr>(step)));
          assign && assign->getOperator() == OO_Equal && assign->getNumArgs() == 2) {
        const std::string path = local_field_path(assign->getArg(0), local);
        if (const QualType scalar = optional_scalar(assign->getArg(0)->getType()); !path.empty() && !scalar.isNull()) {
          if (const auto state = optional_constant(assign->getArg(1), scalar, ast); !state) {
            unknown.push_back(path);
          } else if (!given(path)) {
            add_optional_state(path, *state, known);
          }
          continue;
        }
      }
      const auto* call = dyn_cast_or_null<CallExpr>(bare(dyn_cast<Expr>(step)));
      if (zeroes(call, local, ast)) {
        fill_rest(zeroed_fields(record));
        return sorted();
      }
      // `opts_init (&o);`, `mute (&o);`: a function of this TU that only
      // assigns the struct's fields (or zeroes it) counts as its statements.
      if (const std::optional<std::vector<FieldWrite>> writes = call ? writes_through(*call, local, ast) : std::nullopt) {
        for (auto write = writes->rbegin(); write != writes->rend(); ++write) {
          if (write->zero_all) {
            fill_rest(zeroed_fields(record));
            return sorted();
          }
          if (!write->value) unknown.push_back(write->path);
          else if (!given(write->path)) known.emplace_back(write->path, *write->value);
        }
        continue;
      }
      if (names(step, local) && ExprMutationAnalyzer(*step, ast).isMutated(static_cast<const Decl*>(local)))
        return sorted();
    }
    // The start of this block: go on before the statement it belongs to (a
    // `{ }`, a branch, a loop body) when that statement never changes `local`.
    enclosing(block, false);
  }
  return sorted();
}

/// The constant fields of a const struct member (`reaper_opts_` in
/// `Discard (std::move (c), reaper_opts_)`, declared `const ReleaseOptions
/// reaper_opts_{.caller_holds_lock = true};`). Only a constructor sets a
/// const member, so when the class is not an aggregate and every
/// constructor it declares is defined here and gives the member a constant
/// (its in-class initializer, or one in the member initializer list), every
/// object of the class holds the fields on which they agree. A copy or move
/// constructor the compiler writes copies them from an object that holds
/// them too. Empty when a constructor is defined in another TU, or gives
/// something that is not constant.
static std::vector<std::pair<std::string, uint64_t>> const_member_fields(const MemberExpr& member,
                                                                        const RecordDecl& record, ASTContext& ast) {
  const auto* field = dyn_cast<FieldDecl>(member.getMemberDecl());
  if (!field || !field->getType().isConstQualified()) return {};
  const auto* owner = dyn_cast<CXXRecordDecl>(field->getParent());
  if (!owner || !owner->hasDefinition() || owner->isUnion() || owner->isAggregate()) return {};
  // A class template's member initializer is instantiated when a constructor uses it.
  auto in_class_initializer = [&]() -> const Expr* {
    if (const Expr* init = field->getInClassInitializer()) return init;
    if (const CXXRecordDecl* pattern = owner->getTemplateInstantiationPattern())
      for (const FieldDecl* spelled : pattern->fields())
        if (spelled->getName() == field->getName()) return spelled->getInClassInitializer();
    return nullptr;
  };
  std::optional<std::vector<std::pair<std::string, uint64_t>>> agreed;
  for (const CXXConstructorDecl* declared : owner->ctors()) {
    if (declared->isDeleted()) continue;  // constructs nothing
    if (declared->isInheritingConstructor()) return {};
    if (declared->isCopyOrMoveConstructor() && !declared->isUserProvided()) continue;  // copies an object's
    const Expr* init = nullptr;
    const FunctionDecl* definition = nullptr;
    const FunctionDecl* pattern = declared->getTemplateInstantiationPattern();
    if (declared->hasBody(definition)) {
      const auto* defined = cast<CXXConstructorDecl>(definition);
      if (defined->isDelegatingConstructor()) continue;  // the constructor it delegates to is in the list
      for (const CXXCtorInitializer* each : defined->inits())
        if (each->getMember() == field) init = each->getInit();
    } else if (declared->isDefaulted()) {
      init = in_class_initializer();  // `Pool () = default;`, not defined here yet
    } else if (pattern && pattern->hasBody(definition)) {
      // A class template's constructor this TU never instantiates: the
      // template's, which lists only the initializers it spells.
      const auto* defined = cast<CXXConstructorDecl>(definition);
      if (defined->isDelegatingConstructor()) continue;
      init = in_class_initializer();
      for (const CXXCtorInitializer* each : defined->inits())
        if (each->isAnyMemberInitializer() && each->getAnyMember()->getName() == field->getName()) init = each->getInit();
    } else {
      return {};  // defined in another TU: its member initializers are not seen
    }
    if (const auto* defaulted = dyn_cast_or_null<CXXDefaultInitExpr>(bare(init))) init = defaulted->getExpr();
    Expr::EvalResult result;
    if (!init || init->isValueDependent() || !init->EvaluateAsRValue(result, ast)) return {};
    std::vector<std::pair<std::string, uint64_t>> fields;
    collect_fields(result.Val, record, "", 0, fields);
    llvm::sort(fields);
    if (!agreed) {
      agreed = std::move(fields);
    } else {
      std::vector<std::pair<std::string, uint64_t>> both;
      std::set_intersection(agreed->begin(), agreed->end(), fields.begin(), fields.end(), std::back_inserter(both));
      agreed = std::move(both);
    }
  }
  return agreed.value_or(std::vector<std::pair<std::string, uint64_t>>{});
}

/// A struct argument whose fields are known at the call: the address of (or
/// a reference to) a local with a constant initializer that the body never
/// changes, or a const object with one, a compound literal `&(struct o){
/// .locked = 1 }`, a braced temporary `Options{.caller_holds = true}`. Its
/// scalar fields with their constants, sorted; empty otherwise.
std::vector<std::pair<std::string, uint64_t>> Extractor::constant_fields(const Expr* e, std::string& fields_from) const {
  std::vector<std::pair<std::string, uint64_t>> out;
  const Expr* value = bare(e);
  if (const auto* defaulted = dyn_cast_or_null<CXXDefaultArgExpr>(value)) value = bare(defaulted->getExpr());
  value = copied_from(value);  // passed by value: the copied object's fields
  if (const auto* address = dyn_cast_or_null<UnaryOperator>(value); address && address->getOpcode() == UO_AddrOf)
    value = bare(address->getSubExpr());
  if (!value || value->isValueDependent() || value->isTypeDependent()) return out;
  bool through_const = false;
  const RecordDecl* record = struct_of(value->getType(), through_const);
  if (!record || value->getType()->isPointerType() || !options_like(*record)) return out;
  const Expr* initializer = value;
  if (const auto* named = dyn_cast<DeclRefExpr>(value)) {
    const auto* var = dyn_cast<VarDecl>(named->getDecl());
    if (!var || var->getType()->isReferenceType()) return out;
    const bool constant_object = var->getType().isConstQualified() || var->isConstexpr();
    const bool own_local = var->isLocalVarDecl() && !var->isStaticLocal() && var->getDeclContext() == function_;
    if (own_local && !constant_object && local_mutated(var)) return fields_set_before(e, var, *record, fields_from);
    if (!constant_object && !own_local && StaticWrites::tracked(var)) return unchanged_static_fields(var, *record);
    if (external_constant(named)) {
      fields_from = tu_.id_of(var);
      return out;
    }
    if ((!constant_object && !own_local) || !var->getInit()) return out;
    initializer = var->getInit();
    if (const VarDecl* copied = own_local ? external_constant(initializer) : nullptr) {
      fields_from = tu_.id_of(copied);
      return out;
    }
  } else if (const auto* literal = dyn_cast<CompoundLiteralExpr>(value)) {
    initializer = literal->getInitializer();
  } else if (const auto* member = dyn_cast<MemberExpr>(value)) {
    return const_member_fields(*member, *record, tu_.ast());
  } else if (!isa<InitListExpr, CXXConstructExpr, CXXFunctionalCastExpr, CXXTemporaryObjectExpr>(value)) {
    return out;
  }
  if (!initializer || initializer->isValueDependent()) return out;
  initializer_fields(initializer, *record, "", 0, tu_.ast(), out);
  llvm::sort(out);
  return out;
}

/// The fields of `var`, a variable in static storage only this TU names
/// (StaticWrites::tracked), that no code of the TU changes, with the values
/// its initializer gives them (zero without one): `&g_default_opts` with
/// `static struct rl_opts g_default_opts;`, whose `log_denials` main sets
/// from argv, still has `have_lock` 0. Empty when the object may change as a
/// whole.
std::vector<std::pair<std::string, uint64_t>> Extractor::unchanged_static_fields(const VarDecl* var,
                                                                                const RecordDecl& record) const {
  std::vector<std::pair<std::string, uint64_t>> out;
  const auto& changed = tu_.static_writes().changed_fields(var);
  if (!changed) return out;
  const VarDecl* defined = nullptr;
  const Expr* initializer = var->getAnyInitializer(defined);
  if (!initializer) out = zeroed_fields(record);
  else if (initializer->isValueDependent()) return out;
  else initializer_fields(initializer, record, "", 0, tu_.ast(), out);
  llvm::erase_if(out, [&](const auto& field) {
    return llvm::any_of(*changed, [&](const std::string& written) { return overlapping_paths(written, field.first); });
  });
  llvm::sort(out);
  return out;
}

/// `if (locking)`, `if (!offline) return;`, `if (notify_sync == FALSE)`,
/// `if (mode != kAlreadyHeld)`, `if (flags & F_LOCKED)`, `if ((flags & F_ALL)
/// == F_ALL)`: a branch that compares a scalar parameter the function never
/// changes, or some of its bits, with a constant. A call that passes a
/// constant there runs one side only (the project specializes the callee).
void Extractor::mark_param_test(const CFGBlock& block) {
  FlagTest test;  // a bare `p` or `p & mask` is compared with zero, and true when it differs
  const Expr* tested = branch_condition(block, test.equal_when_true);
  if (!tested || !flag_test(tested, test, nullptr)) return;
  mark_flag_edges(test, *block.succ_begin(), *(block.succ_begin() + 1));
}

/// Records `test` as the branch that ends the current block, with the
/// successors where its condition is true and false.
void Extractor::mark_flag_edges(FlagTest& test, const CFGBlock* when_true, const CFGBlock* when_false) {
  const CFGBlock* equal = test.equal_when_true ? when_true : when_false;
  const CFGBlock* unequal = test.equal_when_true ? when_false : when_true;
  if (!equal && !unequal) return;
  block_->tested_param = test.param->getFunctionScopeIndex();
  block_->tested_field = std::move(test.field);
  block_->tested_mask = test.mask;
  block_->tested_value = test.value;
  block_->tested_relation = test.relation;
  block_->tested_signed = test.is_signed;
  if (equal) block_->param_equal_successor = equal->getBlockID();
  if (unequal) block_->param_unequal_successor = unequal->getBlockID();
}

/// Whether `op` is `logical` or a logical operator inside it reached
/// through logical operators only (no `!` between): a short-circuit of `op`
/// that jumps past the rest gives `logical` its own value.
static bool on_logical_spine(const Expr* op, const BinaryOperator* logical) {
  if (op == logical) return true;
  for (const Expr* side : {logical->getLHS(), logical->getRHS()})
    if (const auto* inner = dyn_cast<BinaryOperator>(side->IgnoreParens()); inner && inner->isLogicalOp())
      if (on_logical_spine(op, inner)) return true;
  return false;
}

/// `if (!(o->notify && *o->notify)) return;`, `if (!(flags & A || locked))`:
/// under a `!`, clang's CFG evaluates the logical operator as a value and
/// branches in a block after its operands that joins them, so the tests of
/// the operands decide nothing there. A join that holds nothing but the
/// operator and its `!`s is threaded: a short-circuit that jumps to it (`a
/// && ...` with `a` false) goes straight to the side that value takes, and
/// the block that evaluated the last operand becomes a branch on it, to the
/// side each of its values takes (a flag test when the operand is one).
/// Every path keeps the branch it took; the join is left with no callers.
void Extractor::thread_logical_joins(const CFG& cfg) {
  for (const CFGBlock* join : cfg) {
    if (!join || join->succ_size() != 2 || join->pred_size() < 2) continue;
    Block& joined = fact_.blocks[join->getBlockID()];
    if (!joined.events.empty() ||
        llvm::any_of(joined.marked_edges(), [](const uint32_t* edge) { return *edge != kNoBlock; }))
      continue;
    const auto* condition = dyn_cast_or_null<Expr>(join->getTerminatorCondition());
    if (!condition) continue;
    bool negated = false;
    const auto* logical = dyn_cast<BinaryOperator>(strip_negations(condition, negated)->IgnoreParens());
    if (!logical || !logical->isLogicalOp()) continue;
    const bool only_the_condition = llvm::all_of(*join, [&](const CFGElement& element) {
      const auto stmt = element.getAs<CFGStmt>();
      if (!stmt) return false;
      const auto* e = dyn_cast<Expr>(stmt->getStmt());
      const auto* negation = e ? dyn_cast<UnaryOperator>(e) : nullptr;
      return e && (e == logical || isa<ParenExpr, ImplicitCastExpr>(e) ||
                   (negation && negation->getOpcode() == UO_LNot));
    });
    const CFGBlock* when_true = *join->succ_begin();
    const CFGBlock* when_false = *(join->succ_begin() + 1);
    if (!only_the_condition || !when_true || !when_false) continue;
    auto side = [&](bool value) { return value != negated ? when_true : when_false; };
    const BinaryOperator* last = logical;  // the operand evaluated last is the end of the right spine
    while (const auto* inner = dyn_cast<BinaryOperator>(last->getRHS()->IgnoreParens())) {
      if (!inner->isLogicalOp()) break;
      last = inner;
    }
    const uint32_t join_id = join->getBlockID();
    for (const CFGBlock* from : join->preds()) {
      if (!from) continue;
      Block& facts = fact_.blocks[from->getBlockID()];
      auto retarget = [&](const CFGBlock* to) {
        std::replace(facts.successors.begin(), facts.successors.end(), join_id, to->getBlockID());
        for (uint32_t* edge : facts.marked_edges())
          if (*edge == join_id) *edge = to->getBlockID();
      };
      const auto* shortcut = dyn_cast_or_null<BinaryOperator>(from->getTerminatorStmt());
      if (shortcut && shortcut->isLogicalOp() && from->succ_size() == 2 && on_logical_spine(shortcut, logical)) {
        retarget(side(shortcut->getOpcode() == BO_LOr));  // `||` jumps when true, `&&` when false
        continue;
      }
      // The last operand, evaluated in a block that falls through into the join.
      if (from->succ_size() != 1 || from->empty()) continue;
      const auto stmt = from->back().getAs<CFGStmt>();
      const auto* operand = stmt ? dyn_cast<Expr>(stmt->getStmt()) : nullptr;
      if (!operand || operand->IgnoreParenImpCasts() != last->getRHS()->IgnoreParenImpCasts()) continue;
      FlagTest test;
      if (!flag_test(operand, test, nullptr)) continue;
      facts.successors = {side(true)->getBlockID(), side(false)->getBlockID()};
      block_ = &facts;
      mark_flag_edges(test, side(true), side(false));
    }
  }
}

/// A constant in the return expression of accessor `call`: a literal, an
/// enumerator, or one of the method's parameters, given a constant at the call.
std::optional<uint64_t> Extractor::AccessorCall::constant(const Expr* e, ASTContext& ast) const {
  if (const auto* named = dyn_cast_or_null<DeclRefExpr>(bare(e)))
    if (const auto* param = dyn_cast<ParmVarDecl>(named->getDecl()); param && param->getDeclContext() == method) {
      const unsigned index = param->getFunctionScopeIndex();
      return index < call->getNumArgs() ? constant_bits(call->getArg(index), ast) : std::nullopt;
    }
  return constant_bits(e, ast);
}

/// Reads `tested` as what `test` compares (see mark_param_test): `p`, `p ==
/// c`, `p & m`, `(p & m) == c`, a field of a struct parameter, a question
/// asked of an optional field, or a one-line const accessor of a struct
/// parameter (`!flags.has (PoolFlags::kLocked)` with `bool has (Bit b)
/// const { return (bits_ & b) != 0; }`, `o.notify ()` returning `notify_`),
/// read through its return expression with the call's constants for its
/// parameters. Inside `accessor`, the object's own fields are the flags.
/// Whether it is one; `test` is filled in.
bool Extractor::flag_test(const Expr* tested, FlagTest& test, const AccessorCall* accessor) const {
  ASTContext& ast = tu_.ast();
  auto constant = [&](const Expr* e) { return accessor ? accessor->constant(e, ast) : constant_bits(e, ast); };
  // Only a value still compared with zero as a whole may be negated or compared again.
  auto compared_with_zero = [&] {
    return test.value == 0 && test.mask == 0 && test.relation == TestedRelation::equal;
  };
  if (compared_with_zero()) tested = strip_negations(tested, test.equal_when_true);
  const auto* comparison = dyn_cast<BinaryOperator>(bare(tested));
  if (comparison && (comparison->isEqualityOp() || comparison->isRelationalOp())) {
    if (!compared_with_zero()) return false;
    std::optional<uint64_t> value = constant(comparison->getRHS());
    tested = comparison->getLHS();
    bool mirrored = false;  // `0 < n` is `n > 0`
    if (!value) {
      value = constant(comparison->getLHS());
      tested = comparison->getRHS();
      mirrored = true;
    }
    if (!value) return false;
    test.value = *value;
    switch (comparison->getOpcode()) {
      case BO_EQ: test.equal_when_true = !test.equal_when_true; break;
      case BO_NE: break;
      case BO_LT: test.relation = mirrored ? TestedRelation::greater : TestedRelation::less; break;
      case BO_LE: test.relation = mirrored ? TestedRelation::greater_equal : TestedRelation::less_equal; break;
      case BO_GT: test.relation = mirrored ? TestedRelation::less : TestedRelation::greater; break;
      case BO_GE: test.relation = mirrored ? TestedRelation::less_equal : TestedRelation::greater_equal; break;
      default: return false;
    }
    if (test.relation != TestedRelation::equal) {
      // The relation holds on the "equal" side. Both sides are converted to
      // their common type: that type's signedness orders them.
      test.equal_when_true = !test.equal_when_true;
      test.is_signed = comparison->getLHS()->getType()->isSignedIntegerOrEnumerationType();
    }
  }
  std::string field;
  auto flag = [&](const Expr* e) -> const ParmVarDecl* {
    field.clear();
    if (accessor) return own_field(e, *accessor, field);
    const ParmVarDecl* param = unchanged_scalar_param(e);
    if (!param) param = unchanged_param_field(e, field);
    if (!param) param = unchanged_optional_field(e, field);
    return param;
  };
  if (const auto* masked = dyn_cast<BinaryOperator>(bare(tested)); masked && masked->getOpcode() == BO_And) {
    if (test.mask || test.relation != TestedRelation::equal) return false;
    const Expr* bits = masked->getRHS();
    tested = masked->getLHS();
    if (!flag(tested)) std::swap(bits, tested);
    const std::optional<uint64_t> mask = constant(bits);
    if (!mask || *mask == 0) return false;
    test.mask = *mask;
  }
  if (const ParmVarDecl* param = flag(tested)) {
    test.param = param;
    test.field = std::move(field);
    return true;
  }
  if (accessor) return false;  // one accessor deep
  std::optional<AccessorCall> inner = accessor_call(tested);
  return inner && flag_test(inner->returned, test, &*inner);
}

/// `flags.has (kLocked)`, `o->mode.locked ()`: a call of a non-virtual const
/// method whose body is one `return`, seen in this TU, on a struct
/// parameter or a field of one.
std::optional<Extractor::AccessorCall> Extractor::accessor_call(const Expr* e) const {
  const auto* call = dyn_cast_or_null<CXXMemberCallExpr>(bare(e));
  const CXXMethodDecl* method = call ? call->getMethodDecl() : nullptr;
  if (!method || !method->isConst() || method->isVirtual() || isa<CXXConversionDecl>(method)) return std::nullopt;
  const FunctionDecl* definition = nullptr;
  const auto* body = method->hasBody(definition) ? dyn_cast_or_null<CompoundStmt>(definition->getBody()) : nullptr;
  const auto* only = body && body->size() == 1 ? dyn_cast<ReturnStmt>(body->body_front()) : nullptr;
  if (!only || !only->getRetValue() || !only->getRetValue()->getType()->isIntegralOrEnumerationType())
    return std::nullopt;
  AccessorCall accessor{call, cast<CXXMethodDecl>(definition), only->getRetValue(), nullptr, {}};
  const Expr* object = bare(call->getImplicitObjectArgument());
  bool through_const = false;
  accessor.object_param = struct_param(object, through_const);
  if (!accessor.object_param) accessor.object_param = param_field(object, accessor.object_path);
  if (!accessor.object_param) return std::nullopt;
  return accessor;
}

/// A field of the accessor's own object (`bits_`, `this->mode_.held`) as a
/// field of the struct parameter the object is or is in, when the function
/// never changes it; nullptr otherwise.
const ParmVarDecl* Extractor::own_field(const Expr* e, const AccessorCall& accessor, std::string& path) const {
  const auto* member = dyn_cast_or_null<MemberExpr>(bare(e));
  if (!member || !member->getType()->isIntegralOrEnumerationType()) return nullptr;
  std::string fields;
  if (!isa_and_nonnull<CXXThisExpr>(field_chain(member, Arrow::continues, fields, 3))) return nullptr;
  path = accessor.object_path.empty() ? std::move(fields) : accessor.object_path + "." + fields;
  return field_changed(accessor.object_param, path) ? nullptr : accessor.object_param;
}

/// The call whose status `tested` is: the call itself, `(rc = start (...))`,
/// or a local initialized with it and never assigned again
/// (`int rc = pthread_create (...); if (rc != 0) ...`).
/// Whether `local` is the left side of an assignment after its declaration.
bool Extractor::assigned_again(const VarDecl* local) const {
  return llvm::any_of(assigned_, [&](const Expr* target) {
    const auto* assigned = dyn_cast_or_null<DeclRefExpr>(target);
    return assigned && assigned->getDecl() == local;
  });
}

const CallExpr* Extractor::status_call(const Expr* tested) const {
  tested = bare(tested);
  if (const auto* assign = dyn_cast<BinaryOperator>(tested); assign && assign->getOpcode() == BO_Assign)
    tested = bare(assign->getRHS());
  if (const auto* ref = dyn_cast<DeclRefExpr>(tested)) {
    const auto* local = dyn_cast<VarDecl>(ref->getDecl());
    if (!local || !local->isLocalVarDecl() || !local->getInit() || assigned_again(local)) return nullptr;
    tested = bare(local->getInit());
  }
  return dyn_cast<CallExpr>(tested->IgnoreImpCasts());
}

/// `if (pthread_create (&t, NULL, work, NULL) != 0) return -1;`: a branch on
/// the status a thread start returns (zero: started). On the failure edge no
/// thread runs, so no join is owed there (ThreadScopes).
void Extractor::mark_failed_start(const CFGBlock& block) {
  if (block_->events.empty()) return;
  bool failed_when_true = true;  // `if (start (...))`: nonzero is failure
  const Expr* tested = branch_condition(block, failed_when_true);
  if (!tested) return;
  if (const auto* comparison = dyn_cast<BinaryOperator>(tested); comparison && comparison->isComparisonOp()) {
    // `start (...) != 0`, `start (...) == 0`, `start (...) < 0` (libuv's negative errors).
    const auto* zero = dyn_cast<IntegerLiteral>(bare(comparison->getRHS()));
    if (!zero || zero->getValue() != 0) return;
    if (comparison->getOpcode() == BO_EQ) failed_when_true = !failed_when_true;
    else if (comparison->getOpcode() != BO_NE && comparison->getOpcode() != BO_LT) return;
    tested = bare(comparison->getLHS());
  }
  const CallExpr* call = status_call(tested);
  if (!call) return;
  // The start this block emitted for that very call.
  auto it = events_of_.find(call);
  if (it == events_of_.end()) return;
  const bool is_start = llvm::any_of(it->second, [&](uint32_t id) {
    return llvm::any_of(block_->events, [&](const Event& e) { return e.id == id && e.kind == EventKind::thread_start; });
  });
  if (!is_start || !writes_handle_through_first_argument(call)) return;
  const CFGBlock* successor = *(block.succ_begin() + (failed_when_true ? 0 : 1));
  if (successor) block_->failed_start_successor = successor->getBlockID();
}

/// `if (mu.try_lock ())`, `if (pthread_mutex_trylock (&m) == 0)`,
/// `if (!mu_.try_lock ()) return;`: a branch on whether a try-lock of this
/// block took its lock. A method, or a function that returns a truth value
/// (`bool`, glib's `gboolean`, Windows' `BOOL`: g_mutex_trylock,
/// TryEnterCriticalSection), returns true when it did; a function that
/// returns a status, zero (pthread_mutex_trylock, mtx_trylock, uv_mutex_trylock).
static bool returns_truth_value(const CallExpr* call) {
  if (isa<CXXMemberCallExpr>(call)) return true;
  const FunctionDecl* callee = call->getDirectCallee();
  if (!callee) return true;
  const QualType type = callee->getReturnType();
  if (type->isBooleanType()) return true;
  if (const auto* alias = type->getAs<TypedefType>())
    return llvm::StringRef(alias->getDecl()->getName()).contains_insensitive("bool");
  return false;
}

/// `tested` (the `!`s on top already taken off) as a test of a call's
/// result: the call, and whether the test is true exactly when the call
/// returned nonzero. Comparisons with a zero constant however spelled (`0`,
/// C11's `thrd_success`, on either side) are read through.
std::optional<std::pair<const CallExpr*, bool>> Extractor::call_result_test(const Expr* tested) const {
  bool nonzero_when_true = true;
  if (const auto* comparison = dyn_cast<BinaryOperator>(tested); comparison && comparison->isEqualityOp()) {
    if (is_zero_constant(comparison->getRHS(), tu_.ast())) tested = bare(comparison->getLHS());
    else if (is_zero_constant(comparison->getLHS(), tu_.ast())) tested = bare(comparison->getRHS());
    else return std::nullopt;
    nonzero_when_true = comparison->getOpcode() == BO_NE;
  }
  const CallExpr* call = status_call(tested);
  if (!call) return std::nullopt;
  return std::make_pair(call, nonzero_when_true);
}

/// The event of `kind` this function emitted for `call` (a try-lock's
/// attempt: an acquire that is not definite), or nullptr.
const Event* Extractor::event_for(const CallExpr* call, EventKind kind, bool definite) const {
  return emitted_for(call, [&](const Event& e) { return e.kind == kind && e.has(event_flags::definitely) == definite; });
}

/// The first event this function emitted for `origin` that is `wanted`, or nullptr.
template <typename Wanted>
const Event* Extractor::emitted_for(const Stmt* origin, Wanted&& wanted) const {
  auto it = events_of_.find(origin);
  if (it == events_of_.end()) return nullptr;
  for (uint32_t id : it->second)
    for (const Block& block : fact_.blocks)
      for (const Event& e : block.events)
        if (e.id == id && wanted(e)) return &e;
  return nullptr;
}

/// The branch on whether a try-lock of this block took its lock: the
/// successor on which it did (see returns_truth_value for which that is).
/// A branch on what a call to the project's own function returned is kept
/// for the project to read (`if (!bus_trylock (b)) return;` with a wrapper
/// that returns its attempt's outcome).
void Extractor::mark_try_lock(const CFGBlock& block) {
  bool flipped = false;
  const Expr* tested = branch_condition(block, flipped);
  if (!tested) return;
  if (mark_guard_test(block, tested, flipped) || block_->events.empty()) return;
  const auto test = call_result_test(tested);
  if (!test) return;
  const auto [call, nonzero_when_true] = *test;
  const bool nonzero_on_true_edge = nonzero_when_true != flipped;
  if (const Event* attempt = event_for(call, EventKind::acquire, false);
      attempt && llvm::any_of(block_->events, [&](const Event& e) { return &e == attempt; })) {
    // Whether the tested expression is true exactly when the lock was taken:
    // a truth value's true, a status's zero.
    const bool success_when_true = returns_truth_value(call) == nonzero_on_true_edge;
    const CFGBlock* successor = *(block.succ_begin() + (success_when_true ? 0 : 1));
    if (!successor) return;
    block_->locked_successor = successor->getBlockID();
    block_->try_locked = attempt->ref;
    return;
  }
  const Event* made = event_for(call, EventKind::call, false);
  if (!made || llvm::none_of(block_->events, [&](const Event& e) { return &e == made; }) ||
      llvm::StringRef(made->callee).starts_with("sys:"))
    return;
  const CFGBlock* successor = *(block.succ_begin() + (nonzero_on_true_edge ? 0 : 1));
  if (!successor) return;
  block_->result_true_successor = successor->getBlockID();
  block_->result_call = made->id;
}

/// `return pthread_mutex_trylock (&b->mu) == 0;`, `return mu_.try_lock ();`,
/// `return false;`: a function whose every return reports the outcome of
/// one attempt (or a constant that says it failed) is a try-lock wrapper.
void Extractor::note_returned_attempt(const Expr* value) {
  if (attempt_returns_differ_) return;
  bool flipped = false;
  const Expr* e = strip_negations(value, flipped);
  Expr::EvalResult constant;
  if (e->EvaluateAsInt(constant, tu_.ast())) {
    constant_returns_.push_back((constant.Val.getInt() != 0) != flipped);
  } else if (const auto test = call_result_test(e)) {
    const Event* attempt = event_for(test->first, EventKind::acquire, false);
    if (!attempt) {
      attempt_returns_differ_ = true;
    } else {
      // Nonzero returned exactly when the attempt took the lock?
      const bool nonzero_on_success = (returns_truth_value(test->first) == test->second) != flipped;
      if (!fact_.returns_attempt.empty() &&
          (!(fact_.returns_attempt == attempt->ref) || fact_.attempt_nonzero_on_success != nonzero_on_success))
        attempt_returns_differ_ = true;
      fact_.returns_attempt = attempt->ref;
      fact_.attempt_nonzero_on_success = nonzero_on_success;
    }
  } else {
    attempt_returns_differ_ = true;
  }
  // A constant must say "failed": zero when success is nonzero, nonzero otherwise.
  if (!fact_.returns_attempt.empty())
    for (bool nonzero : constant_returns_)
      if (nonzero == fact_.attempt_nonzero_on_success) attempt_returns_differ_ = true;
  if (attempt_returns_differ_) fact_.returns_attempt = {};
}

/// `std::unique_lock lk (mu, std::try_to_lock); if (lk.owns_lock ())`,
/// `if (lk)`, `if (!lk.try_lock ()) return;`: a branch on whether a guard
/// holds its lock. Its lock is held on the true edge (after the `!`s), not
/// on the other. A guard of several locks is left alone (scoped_lock takes
/// them all or throws; it has no try form).
bool Extractor::mark_guard_test(const CFGBlock& block, const Expr* tested, bool flipped) {
  const auto* call = dyn_cast<CXXMemberCallExpr>(tested);
  if (!call || call->getNumArgs() != 0 || !call->getMethodDecl()) return false;
  const auto* object = dyn_cast_or_null<DeclRefExpr>(bare(call->getImplicitObjectArgument()));
  const auto* guard = object ? dyn_cast<VarDecl>(object->getDecl()) : nullptr;
  if (!guard || !guard_locals_.contains(guard)) return false;
  const CXXMethodDecl* method = call->getMethodDecl();
  const bool asks_ownership = isa<CXXConversionDecl>(method) ? method->getReturnType()->isBooleanType()
                                                             : identifier(method) == "owns_lock";
  const LockAction action = tu_.vocabulary().method_lock_action(identifier(method));
  if (!asks_ownership && action != LockAction::try_acquire) return false;
  auto it = guard_locks_.find(guard);
  if (it == guard_locks_.end() || it->second.size() != 1) return false;
  const CFGBlock* successor = *(block.succ_begin() + (flipped ? 1 : 0));
  if (!successor) return false;
  block_->locked_successor = successor->getBlockID();
  block_->try_locked = it->second.front();
  return true;
}

/// `if (worker_.joinable ()) worker_.join ();`: a branch on whether a thread
/// object holds a thread. On the edge where it holds none, nothing is left
/// to join (ThreadScopes).
void Extractor::mark_idle_thread(const CFGBlock& block) {
  bool idle_when_true = false;
  const Expr* tested = branch_condition(block, idle_when_true);
  const auto* call = dyn_cast_or_null<CXXMemberCallExpr>(tested ? tested->IgnoreImpCasts() : nullptr);
  if (!call || !call->getMethodDecl() || identifier(call->getMethodDecl()) != "joinable" || call->getNumArgs() != 0 ||
      !call->getImplicitObjectArgument())
    return;
  const auto* record = Vocabulary::record_of(Vocabulary::held_type(bare(call->getImplicitObjectArgument())->getType()));
  if (!record || !tu_.vocabulary().is_thread_start(qualified_name(record))) return;
  Ref handle = ref_of(call->getImplicitObjectArgument());
  if (handle.empty()) return;
  const auto* member = dyn_cast<MemberExpr>(call->getCallee()->IgnoreParens());
  if (member && member->isArrow()) handle = RefBuilder::deref(std::move(handle));
  const CFGBlock* successor = *(block.succ_begin() + (idle_when_true ? 0 : 1));
  if (!successor) return;
  block_->idle_successor = successor->getBlockID();
  block_->idle_handle = std::move(handle);
}

Ref Extractor::elements_of(const Expr* object, const CXXMemberCallExpr* call) {
  Ref container = ref_of(object);
  if (const auto* member = dyn_cast<MemberExpr>(call->getCallee()->IgnoreParens());
      member && member->isArrow() && !container.empty())
    container = RefBuilder::deref(std::move(container));
  return elements(std::move(container));
}

Ref Extractor::thread_holder(const Expr* object) {
  if (const auto* ref = dyn_cast<DeclRefExpr>(bare(object)))
    if (const auto* var = dyn_cast<VarDecl>(ref->getDecl()))
      if (auto loop = range_loop_vars_.find(var); loop != range_loop_vars_.end()) return elements(ref_of(loop->second));
  return ref_of(object);
}

namespace {

/// The class of the object a method is called on (`f` in `f.wait ()`, `*p`
/// in `p->wait ()`): the method's own class or one derived from it.
const CXXRecordDecl* class_called_on(const CXXMemberCallExpr* call) {
  const Expr* object = call->getImplicitObjectArgument();
  if (!object) return nullptr;
  QualType type = bare(object)->getType();
  if (!type.isNull() && type->isPointerType()) type = type->getPointeeType();
  return Vocabulary::record_of(type);
}

}  // namespace

/// The thread handle `stmt` joins on every path through it: `t.join ();`,
/// `pthread_join (th[i], NULL);`, `rc = pthread_join (...);`, `if
/// (pthread_join (...) != 0) ...` (a condition always runs), or `if
/// (t.joinable ()) t.join ();` (a thread object that holds no thread has
/// nothing to join). nullptr when it joins none on some path.
const Expr* Extractor::handle_joined_by(const Stmt* stmt) {
  const Vocabulary& vocabulary = tu_.vocabulary();
  auto handle_of_join = [&](const Stmt* s) -> const Expr* {
    if (const auto* call = dyn_cast<CXXMemberCallExpr>(s))
      return call->getMethodDecl() && call->getImplicitObjectArgument() &&
                     vocabulary.is_thread_join(call->getMethodDecl(), class_called_on(call))
                 ? bare(call->getImplicitObjectArgument())
                 : nullptr;
    if (const auto* call = dyn_cast<CallExpr>(s); call && call->getNumArgs() > 0 && call->getDirectCallee() &&
                                                   vocabulary.is_thread_join(call->getDirectCallee()))
      return without_address_of(bare(call->getArg(0)));
    return nullptr;
  };
  // A join the expression always evaluates: not behind `&&`, `||` or `?:`.
  std::function<const Expr*(const Stmt*)> always_joined = [&](const Stmt* s) -> const Expr* {
    if (!s || isa<LambdaExpr>(s)) return nullptr;
    if (const Expr* handle = handle_of_join(s)) return handle;
    if (const auto* logical = dyn_cast<BinaryOperator>(s); logical && logical->isLogicalOp())
      return always_joined(logical->getLHS());
    if (const auto* choice = dyn_cast<AbstractConditionalOperator>(s)) return always_joined(choice->getCond());
    for (const Stmt* child : s->children())
      if (const Expr* handle = always_joined(child)) return handle;
    return nullptr;
  };
  if (const auto* test = dyn_cast_or_null<IfStmt>(stmt)) {
    if (test->getInit() || test->getConditionVariable()) return nullptr;
    if (const Expr* handle = always_joined(test->getCond())) return handle;
    const auto* asked = dyn_cast<CXXMemberCallExpr>(bare(test->getCond()));
    if (test->getElse() || !asked || !asked->getMethodDecl() || identifier(asked->getMethodDecl()) != "joinable" ||
        !asked->getImplicitObjectArgument())
      return nullptr;
    const Stmt* then = test->getThen();
    if (const auto* block = dyn_cast<CompoundStmt>(then); block && block->size() > 0) then = block->body_front();
    const Expr* handle = isa_and_nonnull<Expr>(then) ? always_joined(then) : nullptr;
    if (!handle) return nullptr;
    const Ref tested = ref_of(asked->getImplicitObjectArgument());
    return !tested.empty() && tested == ref_of(handle) ? handle : nullptr;
  }
  return isa_and_nonnull<Expr>(stmt) ? always_joined(stmt) : nullptr;
}

namespace {

/// `for (int i = 0; i < n; ++i)` (also `i = 0`, `i != n`, `i++`, `i += 1`):
/// the variable a loop counts up from 0 by one; nullptr for any other loop.
const VarDecl* counted_from_zero(const ForStmt& loop) {
  auto is_literal = [](const Expr* e, uint64_t value) {
    const auto* literal = dyn_cast_or_null<IntegerLiteral>(e ? bare(e) : nullptr);
    return literal && literal->getValue() == value;
  };
  auto variable = [](const Expr* e) -> const VarDecl* {
    const auto* ref = dyn_cast_or_null<DeclRefExpr>(e ? bare(e) : nullptr);
    return ref ? dyn_cast<VarDecl>(ref->getDecl()) : nullptr;
  };
  const VarDecl* counter = nullptr;
  if (const auto* declared = dyn_cast_or_null<DeclStmt>(loop.getInit()); declared && declared->isSingleDecl()) {
    const auto* var = dyn_cast<VarDecl>(declared->getSingleDecl());
    if (var && is_literal(var->getInit(), 0)) counter = var;
  } else if (const auto* assigned = dyn_cast_or_null<BinaryOperator>(loop.getInit());
             assigned && assigned->getOpcode() == BO_Assign && is_literal(assigned->getRHS(), 0)) {
    counter = variable(assigned->getLHS());
  }
  if (!counter) return nullptr;
  // `i < n`, `i != n`, `n > i`, also as one operand of `&&` (`i < n && i < argc`).
  std::function<bool(const Expr*)> bounds = [&](const Expr* e) {
    const auto* test = dyn_cast_or_null<BinaryOperator>(e ? bare(e) : nullptr);
    if (!test) return false;
    if (test->getOpcode() == BO_LAnd) return bounds(test->getLHS()) || bounds(test->getRHS());
    return ((test->getOpcode() == BO_LT || test->getOpcode() == BO_NE) && variable(test->getLHS()) == counter) ||
           (test->getOpcode() == BO_GT && variable(test->getRHS()) == counter);
  };
  if (!bounds(loop.getCond())) return nullptr;
  const Expr* step = loop.getInc() ? bare(loop.getInc()) : nullptr;
  if (const auto* unary = dyn_cast_or_null<UnaryOperator>(step))
    return unary->isIncrementOp() && variable(unary->getSubExpr()) == counter ? counter : nullptr;
  if (const auto* add = dyn_cast_or_null<CompoundAssignOperator>(step))
    return add->getOpcode() == BO_AddAssign && variable(add->getLHS()) == counter && is_literal(add->getRHS(), 1)
               ? counter
               : nullptr;
  return nullptr;
}

/// `X[i]` for the counter `i`: X, else nullptr.
const Expr* indexed_by(const Expr* e, const VarDecl* counter) {
  auto is_counter = [&](const Expr* index) {
    const auto* ref = dyn_cast<DeclRefExpr>(bare(index));
    return ref && ref->getDecl() == counter;
  };
  if (const auto* subscript = dyn_cast<ArraySubscriptExpr>(e))
    return is_counter(subscript->getIdx()) ? bare(subscript->getBase()) : nullptr;
  if (const auto* op = dyn_cast<CXXOperatorCallExpr>(e);
      op && op->getOperator() == OO_Subscript && op->getNumArgs() == 2)
    return is_counter(op->getArg(1)) ? bare(op->getArg(0)) : nullptr;
  return nullptr;
}

/// `!X.empty ()`: X (the container a loop drains), else nullptr.
const CXXMemberCallExpr* not_empty_test(const Expr* condition) {
  const auto* negation = dyn_cast_or_null<UnaryOperator>(condition ? bare(condition) : nullptr);
  if (!negation || negation->getOpcode() != UO_LNot) return nullptr;
  const auto* asked = dyn_cast<CXXMemberCallExpr>(bare(negation->getSubExpr()));
  return asked && asked->getMethodDecl() && identifier(asked->getMethodDecl()) == "empty" && asked->getNumArgs() == 0 &&
                 asked->getImplicitObjectArgument()
             ? asked
             : nullptr;
}

}  // namespace

/// A loop that joins each thread of a container or array. When it ends,
/// every thread the container held is joined (ThreadScopes):
///   - `for (auto& t : workers) t.join ();`
///   - `for (i = 0; i < n; i++) pthread_join (th[i], NULL);`, the counter
///     as the index of the handle it joins. The bound is not compared with
///     the loop that started them: code that starts n threads and joins
///     fewer is rare, and would leak them.
///   - `while (!workers.empty ()) { workers.back ().join (); workers.pop_back (); }`:
///     it ends when no thread is left in the container.
/// The join must be one of the body's own statements, run on every path.
void Extractor::mark_join_loop(const CFGBlock& block) {
  const Stmt* loop = block.getTerminatorStmt();
  if (!loop || block.succ_size() != 2) return;
  const Stmt* body = nullptr;
  // Whether the handle a statement of the body joins is each element in turn.
  std::function<bool(const Expr*)> each_element;
  Ref joined;
  if (const auto* range = dyn_cast<CXXForRangeStmt>(loop); range && range->getLoopVariable()) {
    body = range->getBody();
    each_element = [element = range->getLoopVariable()](const Expr* handle) {
      const auto* named = dyn_cast<DeclRefExpr>(handle);
      return named && named->getDecl() == element;
    };
    joined = elements(ref_of(range->getRangeInit()));
  } else if (const auto* counted = dyn_cast<ForStmt>(loop)) {
    const VarDecl* counter = counted_from_zero(*counted);
    if (!counter) return;
    body = counted->getBody();
    each_element = [&, counter](const Expr* handle) {
      const Expr* container = indexed_by(handle, counter);
      if (!container) return false;
      const Ref indexed = ref_of(handle);
      if (joined.empty()) joined = indexed;
      return !joined.empty() && joined == indexed;
    };
  } else if (const auto* draining = dyn_cast<WhileStmt>(loop)) {
    const CXXMemberCallExpr* emptied = not_empty_test(draining->getCond());
    if (!emptied) return;
    body = draining->getBody();
    const Ref container = ref_of(emptied->getImplicitObjectArgument());
    each_element = [&, container](const Expr* handle) {
      const auto* end = dyn_cast<CXXMemberCallExpr>(handle);
      if (!end || !end->getMethodDecl() || !end->getImplicitObjectArgument() || end->getNumArgs() != 0) return false;
      const llvm::StringRef which = identifier(end->getMethodDecl());
      if ((which != "back" && which != "front") || container.empty() ||
          ref_of(end->getImplicitObjectArgument()) != container)
        return false;
      joined = elements_of(end->getImplicitObjectArgument(), end);
      return true;
    };
  }
  if (!body) return;
  llvm::SmallVector<const Stmt*, 4> statements;
  if (const auto* compound = dyn_cast<CompoundStmt>(body)) statements.append(compound->body_begin(), compound->body_end());
  else statements.push_back(body);
  const bool joins_each = llvm::any_of(statements, [&](const Stmt* stmt) {
    const Expr* handle = handle_joined_by(stmt);
    return handle && each_element(handle);
  });
  if (!joins_each || joined.empty()) return;
  const CFGBlock* exit = *(block.succ_begin() + 1);
  if (!exit) return;
  block_->joined_all_successor = exit->getBlockID();
  block_->joined_all = std::move(joined);
}

/// `for (i = 0; i < n && i < argc; i++) pthread_join (th[i], NULL);`: a
/// condition with `&&` leaves the loop from each of its operands' blocks.
/// Every such exit of a join loop leaves it with every thread joined, as the
/// loop's own exit does.
void Extractor::mark_join_loop_conditions(const CFG& cfg) {
  for (const CFGBlock* loop_block : cfg) {
    const auto* loop = dyn_cast_or_null<ForStmt>(loop_block->getTerminatorStmt());
    const Block& marked = fact_.blocks[loop_block->getBlockID()];
    if (!loop || !loop->getCond() || marked.joined_all_successor == kNoBlock) continue;
    llvm::SmallPtrSet<const Stmt*, 4> operands;
    std::function<void(const Expr*)> collect = [&](const Expr* e) {
      const auto* both = dyn_cast<BinaryOperator>(bare(e));
      if (!both || both->getOpcode() != BO_LAnd) return;
      operands.insert(both);
      collect(both->getLHS());
      collect(both->getRHS());
    };
    collect(loop->getCond());
    for (const CFGBlock* block : cfg) {
      if (!operands.contains(block->getTerminatorStmt()) || block->succ_size() != 2) continue;
      const CFGBlock* exit = *(block->succ_begin() + 1);
      if (!exit || exit->getBlockID() != marked.joined_all_successor) continue;
      Block& operand = fact_.blocks[block->getBlockID()];
      operand.joined_all_successor = marked.joined_all_successor;
      operand.joined_all = marked.joined_all;
    }
  }
}

/// Clang's CFG (without its exception edges, which would also send every
/// call outside a `try` to the exit) leaves a `try`'s handlers unreachable.
/// A handler runs with what was held when the `try` began: a guard made
/// inside the `try` body is destroyed by the unwinding before the handler
/// runs, one made before it is not. So the places where control enters the
/// body get the handlers' dispatch block as a successor too, and a `catch`
/// inside a critical section runs under its lock: the blocks that lead into
/// the body, and a block that runs into it part way, split where the body
/// begins. (A lock taken by hand inside the body and still held at the throw
/// is missed: fewer findings, not false ones.)
void Extractor::add_catch_edges(const CFG& cfg, const std::vector<std::vector<uint32_t>>& element_starts) {
  const SourceManager& sources = tu_.ast().getSourceManager();
  // An exception no handler of a `try` takes leaves to the enclosing `try`'s
  // handlers, whose state is the one where that `try` began (its entering
  // blocks' edges), or out of the function, which runs none of its code:
  // neither edge carries what the inner `try` body held.
  llvm::SmallVector<uint32_t, 4> dispatches;
  for (const CFGBlock* block : cfg)
    if (isa_and_nonnull<CXXTryStmt>(block->getTerminatorStmt())) dispatches.push_back(block->getBlockID());
  for (const uint32_t dispatch : dispatches)
    llvm::erase_if(fact_.blocks[dispatch].successors, [&](uint32_t succ) {
      return succ == fact_.exit_block || llvm::is_contained(dispatches, succ);
    });
  for (const CFGBlock* dispatch : cfg) {
    const auto* attempt = dyn_cast_or_null<CXXTryStmt>(dispatch->getTerminatorStmt());
    if (!attempt || !attempt->getTryBlock()) continue;
    const SourceRange body = attempt->getTryBlock()->getSourceRange();
    auto inside = [&](const CFGElement& element) {
      const auto statement = element.getAs<CFGStmt>();
      if (!statement) return false;
      SourceLocation at = statement->getStmt()->getBeginLoc();
      if (at.isInvalid()) return false;
      at = sources.getExpansionLoc(at);
      return !sources.isBeforeInTranslationUnit(at, body.getBegin()) &&
             !sources.isBeforeInTranslationUnit(body.getEnd(), at);
    };
    const uint32_t target = dispatch->getBlockID();
    auto add_edge = [&](uint32_t from) {
      auto& successors = fact_.blocks[from].successors;
      if (!llvm::is_contained(successors, target)) successors.push_back(target);
    };
    for (const CFGBlock* block : cfg) {
      if (block == dispatch) continue;
      const auto first_inside = llvm::find_if(*block, inside);
      if (first_inside == block->end()) continue;
      const uint32_t id = block->getBlockID();
      const auto index = static_cast<size_t>(std::distance(block->begin(), first_inside));
      if (index > 0) {
        // The block runs into the body: the part before it is where the `try` begins.
        // The tail is the block, with its branch, its tests and its way out,
        // but for the events before the body, which stay in the head.
        Block tail = std::move(fact_.blocks[id]);
        Block& head = fact_.blocks[id];
        head = Block{};
        const uint32_t split = index < element_starts[id].size() ? element_starts[id][index] : tail.events.size();
        head.events.assign(std::make_move_iterator(tail.events.begin()),
                           std::make_move_iterator(tail.events.begin() + split));
        tail.events.erase(tail.events.begin(), tail.events.begin() + split);
        const auto tail_id = static_cast<uint32_t>(fact_.blocks.size());
        fact_.blocks.push_back(std::move(tail));  // `head` is not used past here
        fact_.blocks[id].successors = {tail_id};
        add_edge(id);
        continue;
      }
      for (const CFGBlock* entering : block->preds()) {
        if (!entering || entering == dispatch || llvm::any_of(*entering, inside)) continue;
        add_edge(entering->getBlockID());
      }
    }
  }
}

/// Clang ends a block at a call that does not return; an infinite loop that
/// does nothing is the other way code says "never past here" (glib's
/// `g_error` is `g_log (...); for (;;) ;`). A loop that does work is not one:
/// a worker's `for (;;) { lock; run (); unlock; }` is code that runs.
void Extractor::mark_no_return_blocks(const CFG& cfg) {
  const unsigned count = cfg.getNumBlockIDs();
  std::vector<char> ends(count, 0);  // control stops in this block
  for (const CFGBlock* block : cfg)
    ends[block->getBlockID()] = (block->hasNoReturnElement() && ends_process(*block)) || declared_abnormal(*block);
  std::vector<char> returns(count, 0);  // can reach the exit without stopping
  std::vector<std::vector<unsigned>> predecessors(count);
  for (const CFGBlock* block : cfg)
    if (!ends[block->getBlockID()])  // Clang links a no-return block to the exit
      for (const CFGBlock* succ : block->succs())
        if (succ) predecessors[succ->getBlockID()].push_back(block->getBlockID());
  std::vector<unsigned> worklist{cfg.getExit().getBlockID()};
  returns[worklist.front()] = 1;
  while (!worklist.empty()) {
    const unsigned id = worklist.back();
    worklist.pop_back();
    for (unsigned pred : predecessors[id])
      if (!returns[pred]) returns[pred] = 1, worklist.push_back(pred);
  }
  auto idle = [&](const CFGBlock& block) {
    for (const CFGElement& element : block) {
      auto stmt = element.getAs<CFGStmt>();
      if (!stmt) return false;
      const auto* expr = dyn_cast<Expr>(stmt->getStmt());
      if (!expr || expr->HasSideEffects(tu_.ast())) return false;
    }
    return true;
  };
  // Idle loops: the largest set of idle blocks that cannot return and lead
  // only into the set or into a block that stops.
  std::vector<char> trapped(count, 0);
  for (const CFGBlock* block : cfg) {
    const unsigned id = block->getBlockID();
    trapped[id] = !returns[id] && !ends[id] && idle(*block);
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (const CFGBlock* block : cfg) {
      if (!trapped[block->getBlockID()]) continue;
      for (const CFGBlock* succ : block->succs())
        if (succ && !trapped[succ->getBlockID()] && !ends[succ->getBlockID()]) {
          trapped[block->getBlockID()] = 0, changed = true;
          break;
        }
    }
  }
  for (const CFGBlock* block : cfg)
    fact_.blocks[block->getBlockID()].no_return = ends[block->getBlockID()] || trapped[block->getBlockID()];
}

/// A call the code declares abnormal for static analysis:
/// `__attribute__((analyzer_noreturn))`, which code sets when
/// `__clang_analyzer__` is defined (concur defines it, as clang-tidy and the
/// Clang Static Analyzer do). GLib marks its failed-precondition and
/// assertion reporters so (g_return_if_fail_warning, g_assertion_message_*).
bool Extractor::declared_abnormal(const CFGBlock& block) {
  for (const CFGElement& element : block)
    if (auto stmt = element.getAs<CFGStmt>())
      if (const auto* call = dyn_cast<CallExpr>(stmt->getStmt()))
        if (const FunctionDecl* callee = call->getDirectCallee(); callee && callee->hasAttr<AnalyzerNoReturnAttr>())
          return true;
  return false;
}

/// A block Clang ends at a call that does not return: whether that call ends
/// the process. Not when it throws (boost::throw_exception, a [[noreturn]]
/// Throw helper), jumps (longjmp), ends only the thread (pthread_exit) or
/// exits successfully (exit(0): an orderly shutdown, whose hangs matter).
bool Extractor::ends_process(const CFGBlock& block) {
  for (auto it = block.rbegin(); it != block.rend(); ++it) {
    auto stmt = it->getAs<CFGStmt>();
    const auto* call = stmt ? dyn_cast<CallExpr>(stmt->getStmt()) : nullptr;
    if (!call) continue;
    const FunctionDecl* callee = call->getDirectCallee();
    if (!callee) return true;  // a [[noreturn]] function pointer type
    const std::string name = callee->getQualifiedNameAsString();
    if (llvm::StringRef(name).contains_insensitive("throw")) return false;
    static const llvm::StringSet<> jumps{"longjmp", "_longjmp", "siglongjmp", "__longjmp_chk",
                                         "pthread_exit", "thrd_exit"};
    if (jumps.contains(name)) return false;
    static const llvm::StringSet<> exits{"exit", "std::exit", "quick_exit", "std::quick_exit",
                                         "_exit", "_Exit", "std::_Exit"};
    if (exits.contains(name)) {
      Expr::EvalResult status;
      return call->getNumArgs() == 1 && call->getArg(0)->EvaluateAsInt(status, tu_.ast()) &&
             status.Val.getInt() != 0;
    }
    if (const FunctionDecl* definition = callee->getDefinition()) {
      bool throws = false;
      for_each_stmt_in_body(definition->getBody(),
                            [&](const Stmt* inner) { throws = throws || isa<CXXThrowExpr>(inner); });
      if (throws) return false;
    }
    return true;
  }
  return true;  // a no-return destructor or another element Clang knows
}

void Extractor::translate_linear(const Stmt* body) {
  // A CFG Clang cannot build (rare: some GNU extensions): events in
  // evaluation-ish order (children before parents), one block.
  fact_.blocks.assign(1, Block{});
  block_ = &fact_.blocks.front();
  auto linear = [&](const Stmt* stmt) {
    std::vector<const Stmt*> order;
    for_each_stmt_in_body(stmt, [&](const Stmt* inner) { order.push_back(inner); });
    for (auto it = order.rbegin(); it != order.rend(); ++it) on_stmt(*it);
  };
  if (const auto* ctor = dyn_cast<CXXConstructorDecl>(function_))
    for (const CXXCtorInitializer* init : ctor->inits()) {
      linear(init->getInit());
      on_initializer(init);
    }
  linear(body);
}

/// A constructor is a function: constructing an object with one of the
/// project's constructors runs it with these arguments, so what it stores
/// and runs is known.
bool Extractor::construction_calls(const CXXConstructExpr* construct) const {
  return construct->getNumArgs() > 0 && runs_project_constructor(construct);
}

bool Extractor::runs_project_constructor(const CXXConstructExpr* construct) const {
  return construct->getConstructor() && construct->getConstructor()->isUserProvided() &&
         !tu_.in_system_header(construct->getConstructor()->getLocation());
}

Event& Extractor::construction_event(const CXXConstructExpr* construct, SourceLocation where,
                                     const Stmt* origin) {
  Event& e = emit(EventKind::call, where, origin);
  e.callee = tu_.id_of(construct->getConstructor());
  for (const Expr* arg : construct->arguments()) e.args.push_back(classify_arg(arg));
  return e;
}

void Extractor::note_passed(llvm::ArrayRef<const Expr*> args) {
  // The same reference classify_arg will look at for these arguments.
  for (const Expr* arg : args)
    if (const auto* ref = dyn_cast_or_null<DeclRefExpr>(without_address_of(through_forward(through_conversions(arg))));
        ref && isa<FunctionDecl>(ref->getDecl()))
      passed_functions_.insert(ref);
}

void Extractor::note_owner_changes(const Stmt* stmt) {
  auto owner = [](const Expr* e) -> const VarDecl* {
    const auto* ref = e ? dyn_cast<DeclRefExpr>(e->IgnoreParenImpCasts()) : nullptr;
    const auto* local = ref ? dyn_cast<VarDecl>(ref->getDecl()) : nullptr;
    return local && local->isLocalVarDecl() && is_owning_pointer(local->getType()) ? local : nullptr;
  };
  if (const auto* op = dyn_cast<CXXOperatorCallExpr>(stmt)) {
    if (op->isAssignmentOp() && op->getNumArgs() > 0)
      if (const VarDecl* local = owner(op->getArg(0))) owners_changed_.insert(local);
    return;  // `it->Seek ()`, `*it`, `it == nullptr`: const
  }
  if (const auto* member = dyn_cast<CXXMemberCallExpr>(stmt)) {
    if (const CXXMethodDecl* method = member->getMethodDecl(); method && !method->isConst())
      if (const VarDecl* local = owner(member->getImplicitObjectArgument())) owners_changed_.insert(local);  // reset, swap, release
  }
  if (const auto* address = dyn_cast<UnaryOperator>(stmt); address && address->getOpcode() == UO_AddrOf)
    if (const VarDecl* local = owner(address->getSubExpr())) owners_changed_.insert(local);
  // `return crew;`: the caller owns it now.
  if (const auto* returned = dyn_cast<ReturnStmt>(stmt); returned && returned->getRetValue())
    if (const VarDecl* local = owner(returned->getRetValue()->IgnoreImplicit())) owners_returned_.insert(local);
  if (const auto* call = dyn_cast<CallExpr>(stmt); call && !isa<CXXMemberCallExpr>(call)) {
    const FunctionDecl* callee = call->getDirectCallee();
    for (unsigned i = 0; i < call->getNumArgs(); ++i) {
      const VarDecl* local = owner(call->getArg(i));
      if (!local) continue;
      // `std::swap (a, b)`, `void adopt (std::unique_ptr<It>& out)`: may change it.
      const bool by_reference = !callee || i >= callee->getNumParams() ||
                                (callee->getParamDecl(i)->getType()->isReferenceType() &&
                                 !callee->getParamDecl(i)->getType().getNonReferenceType().isConstQualified());
      if (by_reference) owners_changed_.insert(local);
    }
  }
}

void Extractor::note_stored(const Expr* value) {
  if (!value) return;
  if (const auto* ref = dyn_cast<DeclRefExpr>(without_address_of(through_conversions(value)));
      ref && isa<FunctionDecl>(ref->getDecl()))
    stored_functions_.insert(ref);
}

void Extractor::note_stored_in(const Expr* init) {
  for_each_initialized(Ref{}, init, [&](const Ref&, const Expr* value) {
    if (const QualType type = value ? value->getType() : QualType();
        !type.isNull() && (type->isFunctionPointerType() || type->isMemberFunctionPointerType()))
      note_stored(value);
  });
}

/// Whether only the class (and its nested classes) can name `field`: a
/// private or protected member, or any member of a nested type the class
/// keeps private (`struct Hooks { std::function<void ()> on_open; };` in the
/// private section, held in a private `hooks_`).
static bool in_private_nested_record(const FieldDecl* field) {
  for (const auto* record = dyn_cast<CXXRecordDecl>(field->getParent()); record;
       record = dyn_cast<CXXRecordDecl>(record->getDeclContext()))
    if (isa<CXXRecordDecl>(record->getDeclContext()) && record->getAccess() != AS_public) return true;
  return false;
}

static bool only_its_class_names(const FieldDecl* field) {
  return field->getAccess() != AS_public || in_private_nested_record(field);
}

void Extractor::on_initializer(const CXXCtorInitializer* init) {
  if (!init->getInit()) return;
  // A member built by the project's constructor, also a default one
  // (`Writer writer_;` whose constructor starts a thread): a call on it.
  const CXXConstructExpr* construct = construction_of(init->getInit());
  if (construct && runs_project_constructor(construct) && (init->getMember() || init->isBaseInitializer())) {
    Event& e = construction_event(construct, init->getSourceLocation(), init->getInit());
    if (const FieldDecl* field = init->getMember()) e.ref = member_of_this(field);
    else e.ref.root = RefRoot::this_object;  // a base is built on the object itself
  } else if (construct && init->getMember() && construct->getConstructor() &&
             !construct->getConstructor()->isUserProvided() &&
             !tu_.in_system_header(construct->getConstructor()->getLocation())) {
    construct_members(construct->getConstructor(), member_of_this(init->getMember()), init->getSourceLocation(), 1);
  }
  if (const FieldDecl* field = init->getMember()) {
    Ref member;
    member.root = RefRoot::this_object;
    member.path.push_back(qualified_name(field));
    store_callables_in(member, init->getInit(), init->getInit());
    // A member the constructor leaves to its in-class initializer gets that
    // expression (`std::function<void (long)> on_tick_ = [this] (long n) {
    // ... };`, `Table* table_ = Table::Create (nullptr);`).
    const Expr* value = init->getInit();
    if (const auto* in_class = dyn_cast_or_null<CXXDefaultInitExpr>(through_temporaries(value)))
      value = in_class->getExpr();
    // `task_(std::move (task))`, `on_done_([this] { ... })`; a default construction stores nothing.
    if (owned_callable(field))
      if (const Expr* source = stored_callable_source(value)) {
        Event& e = emit(EventKind::store_callable, init->getSourceLocation(), init->getInit());
        e.ref = member;
        describe_stored(e, source);
      }
    store_table(member, field->getType(), init->getInit(), init->getInit());
    store_object(member, field->getType(), value, init->getInit());
  }
}

void Extractor::on_element(const CFGElement& element) {
  if (auto stmt = element.getAs<CFGStmt>()) {
    on_stmt(stmt->getStmt());
  } else if (auto initializer = element.getAs<CFGInitializer>()) {
    on_initializer(initializer->getInitializer());
  } else if (auto dtor = element.getAs<CFGAutomaticObjDtor>()) {
    const VarDecl* var = dtor->getVarDecl();
    if (guard_locals_.contains(var)) {
      current_origin_ = nullptr;
      Event& e = emit(EventKind::guard_end, var->getLocation(), nullptr);
      e.index = refs_.local_index(var);
      return;
    }
    // Where the local goes out of scope: the end of its block, the return.
    SourceLocation destroyed_at = var->getLocation();
    if (const Stmt* trigger = dtor->getTriggerStmt(); trigger && trigger->getEndLoc().isValid())
      destroyed_at = trigger->getEndLoc();
    // `std::jthread t (work);`, `std::vector<std::jthread> workers;`: its destruction joins.
    if (joined_when_destroyed(var->getType(), local_object(var), destroyed_at)) return;
    // The unique_ptr that alone owns an object made here destroys it.
    if (auto owned = owned_made_.find(var); owned != owned_made_.end()) {
      const CXXRecordDecl* record = owned->second;
      const Ref object = RefBuilder::deref(local_object(var));
      if (const auto* destructor = record->getDestructor(); destructor && destructor->isUserProvided()) {
        Event& e = emit(EventKind::call, destroyed_at, nullptr);
        e.callee = tu_.id_of(destructor);
        e.ref = object;
      } else {
        destroy_members(record, object, destroyed_at, 1);
      }
      return;
    }
    // A user class with a constructor and destructor in the project may be a guard.
    if (const auto* record = Vocabulary::record_of(var->getType())) {
      if (const auto* destructor = record->getDestructor();
          destructor && destructor->isUserProvided() && !tu_.in_system_header(destructor->getLocation())) {
        Event& e = emit(EventKind::call, destroyed_at, nullptr);
        e.callee = tu_.id_of(destructor);
        e.flags |= event_flags::destructs;
        e.index = refs_.local_index(var);
        e.ref = local_object(var);
      } else if (!var->getType()->isReferenceType()) {
        destroy_members(record, local_object(var), destroyed_at, 1);
      }
    }
  } else if (auto member = element.getAs<CFGMemberDtor>()) {
    // After a destructor's body, its members' destructors run.
    const FieldDecl* field = member->getFieldDecl();
    if (!field || field->getType()->isReferenceType()) return;
    const Stmt* body = function_->getBody();
    current_origin_ = nullptr;
    const SourceLocation end = body ? body->getEndLoc() : function_->getLocation();
    joined_when_destroyed(field->getType(), member_of_this(field), end);
    destroy_object(Vocabulary::record_of(field->getType()), member_of_this(field), end, 1);
  }
}

void Extractor::destroy_object(const CXXRecordDecl* record, const Ref& object, SourceLocation where, unsigned depth) {
  if (!record || !record->hasDefinition() || tu_.in_system_header(record->getLocation())) return;
  const CXXDestructorDecl* destructor = record->getDestructor();
  if (!destructor || destructor->isTrivial()) return;
  if (destructor->isUserProvided()) {
    Event& e = emit(EventKind::call, where, nullptr);
    e.callee = tu_.id_of(destructor);
    e.flags |= event_flags::method_call;
    e.ref = object;
    return;
  }
  destroy_members(record, object, where, depth + 1);
}

void Extractor::destroy_members(const CXXRecordDecl* record, const Ref& object, SourceLocation where, unsigned depth) {
  // Two levels: an owner of an owner of a thread.
  if (!record || !record->hasDefinition() || depth > 2 || tu_.in_system_header(record->getLocation())) return;
  for (const FieldDecl* field : record->fields()) {
    if (field->getType()->isReferenceType()) continue;
    Ref member = object;
    member.path.push_back(qualified_name(field));
    member.display = object.display + "." + field->getNameAsString();
    joined_when_destroyed(field->getType(), member, where);
    destroy_object(Vocabulary::record_of(field->getType()), member, where, depth);
  }
}

void Extractor::construct_members(const CXXConstructorDecl* ctor, const Ref& object, SourceLocation where,
                                  unsigned depth) {
  // Default constructions only: a copy's arguments are the compiler's
  // parameter, which no call of this function passes.
  if (depth > 2 || !ctor->isDefaultConstructor()) return;
  for (const CXXCtorInitializer* init : ctor->inits()) {
    const CXXConstructExpr* construct = construction_of(init->getInit());
    if (!construct || !construct->getConstructor() || (!init->getMember() && !init->isBaseInitializer())) continue;
    Ref target = object;
    if (const FieldDecl* field = init->getMember()) {
      target.path.push_back(qualified_name(field));
      target.display = object.display + "." + field->getNameAsString();
    }
    if (runs_project_constructor(construct) && construct->getNumArgs() == 0) {
      Event& e = construction_event(construct, where, nullptr);
      e.ref = std::move(target);
    } else if (!tu_.in_system_header(construct->getConstructor()->getLocation())) {
      construct_members(construct->getConstructor(), target, where, depth + 1);
    }
  }
}

/// An awaiter whose `await_ready ()` is written as `return true;`
/// (std::suspend_never, Asio's `co_await this_coro::executor`): the
/// coroutine goes on without suspending.
static bool never_suspends(const CoroutineSuspendExpr* suspension) {
  const auto* ready = dyn_cast_or_null<CXXMemberCallExpr>(suspension->getReadyExpr()
                                                              ? suspension->getReadyExpr()->IgnoreImplicit()
                                                              : nullptr);
  const CXXMethodDecl* method = ready ? ready->getMethodDecl() : nullptr;
  const FunctionDecl* definition = nullptr;
  if (!method || !method->hasBody(definition)) return false;
  const auto* body = dyn_cast_or_null<CompoundStmt>(definition->getBody());
  const auto* only = body && body->size() == 1 ? dyn_cast<ReturnStmt>(body->body_front()) : nullptr;
  const auto* value = only && only->getRetValue()
                          ? dyn_cast<CXXBoolLiteralExpr>(only->getRetValue()->IgnoreParenImpCasts())
                          : nullptr;
  return value && value->getValue();
}

void Extractor::on_stmt(const Stmt* stmt) {
  current_origin_ = stmt;
  if (const auto* decl_stmt = dyn_cast<DeclStmt>(stmt)) {
    for (const Decl* decl : decl_stmt->decls())
      if (const auto* var = dyn_cast<VarDecl>(decl)) on_decl(var);
  } else if (const auto* member_call = dyn_cast<CXXMemberCallExpr>(stmt)) {
    on_member_call(member_call);
  } else if (const auto* op = dyn_cast<CXXOperatorCallExpr>(stmt)) {
    on_operator_call(op);
  } else if (const auto* call = dyn_cast<CallExpr>(stmt)) {
    on_call(call);
  } else if (const auto* construct = dyn_cast<CXXConstructExpr>(stmt)) {
    on_construct(construct);
  } else if (const auto* binary = dyn_cast<BinaryOperator>(stmt)) {
    if (binary->isAssignmentOp()) on_assignment(binary);
  } else if (const auto* unary = dyn_cast<UnaryOperator>(stmt)) {
    if (unary->isIncrementDecrementOp()) on_increment(unary);
  } else if (const auto* ref = dyn_cast<DeclRefExpr>(stmt)) {
    on_reference(ref);
  } else if (const auto* member = dyn_cast<MemberExpr>(stmt)) {
    on_field_of_read(member);
  } else if (const auto* ret = dyn_cast<ReturnStmt>(stmt)) {
    on_return(ret);
  } else if (const auto* list = dyn_cast<InitListExpr>(stmt)) {
    on_init_list(list);
  } else if (isa<AtomicExpr>(stmt)) {
    spin_lock_step(cast<AtomicExpr>(stmt));  // C11's atomic_flag_test_and_set, atomic_exchange, ...
  } else if (isa<CoawaitExpr>(stmt) || isa<DependentCoawaitExpr>(stmt) || isa<CoyieldExpr>(stmt)) {
    if (const auto* suspension = dyn_cast<CoroutineSuspendExpr>(stmt); suspension && never_suspends(suspension))
      return;
    Event& e = emit(EventKind::suspend, stmt->getBeginLoc(), stmt);
    e.text = isa<CoyieldExpr>(stmt) ? "co_yield" : "co_await";
  } else if (const auto* unary_ref = dyn_cast<UnaryOperator>(stmt); unary_ref && unary_ref->getOpcode() == UO_AddrOf) {
    // handled in on_reference through the DeclRefExpr
  }
}

Ref Extractor::saved_global(const VarDecl* var, bool alias) {
  if (alias || !var->getInit() || var->getType()->isReferenceType()) return {};
  return saved_value(var->getInit());
}

Ref Extractor::saved_value(const Expr* value) {
  Ref source = shared_target(value);
  // A field of a global object is a flag of its own (`g_config.trace`);
  // an element, or what a pointer points to, may be another each time.
  const bool fields_only = llvm::none_of(source.path, [](const std::string& step) {
    return step == "[]" || step == "*" || step == "&";
  });
  return fields_only ? source : Ref{};
}

const VarDecl* Extractor::saving_assignment(const BinaryOperator* assign) {
  if (assign->getOpcode() != BO_Assign) return nullptr;
  const auto* ref = dyn_cast<DeclRefExpr>(bare(assign->getLHS()));
  const auto* local = ref ? dyn_cast<VarDecl>(ref->getDecl()) : nullptr;
  if (!local || !local->isLocalVarDecl() || local->isStaticLocal() || local->getType()->isReferenceType() ||
      array_loop_vars_.contains(local))
    return nullptr;
  return saved_value(assign->getRHS()).empty() ? nullptr : local;
}

/// A local that stands for something else: uses of it are uses of that.
/// An element of an array a range-for walks (`[]`), a lambda, the
/// function's own parameter, or a reference or a pointer to shared state
/// (`auto& cache = Registry ();`, `Map* m = &g_map;`). Noted before the body
/// is walked (prepare), since the CFG may reach a use before the declaration.
/// Whether the local has one of those shapes.
bool Extractor::note_alias(const VarDecl* var) {
  if (auto loop = array_loop_vars_.find(var); loop != array_loop_vars_.end()) {
    Ref element = ref_of(loop->second);
    if (!element.empty() && element.root != RefRoot::local) {
      element.path.push_back("[]");
      refs_.alias_ref(var, std::move(element));
    }
    return true;
  }
  const Expr* init = var->getInit();
  if (!init) return false;
  const Expr* value = through_forward(through_conversions(init));
  if (const auto* lambda = dyn_cast<LambdaExpr>(value)) {
    refs_.alias_lambda(var, tu_.id_of(TuContext::lambda_function(lambda)));
    return true;
  }
  if (const auto* ref = dyn_cast<DeclRefExpr>(value);
      ref && isa<ParmVarDecl>(ref->getDecl()) && refs_.is_own_param(cast<ParmVarDecl>(ref->getDecl()))) {
    const uint32_t index = cast<ParmVarDecl>(ref->getDecl())->getFunctionScopeIndex();
    refs_.alias_param(var, index);
    // `virObjectLockable *obj = anyobj;` (a `void *` parameter, as libvirt's
    // virObjectLock takes it): while nothing points the local elsewhere,
    // `obj->lock` is the lock the caller's object holds.
    if (var->getType()->isPointerType() && ref->getType()->isPointerType() && !rebound_locals_.contains(var)) {
      Ref param;
      param.root = RefRoot::param;
      param.index = index;
      refs_.alias_ref(var, std::move(param));
    }
    return true;
  }
  // `auto it = g_routes.find (r);`: an iterator set once from a lookup on a
  // container points to one of its elements (`it->second`, `*it`).
  if (const auto* lookup = dyn_cast<CXXMemberCallExpr>(bare(init));
      lookup && lookup->getMethodDecl() && !var->isImplicit() && !var->getType()->isReferenceType() &&
      !rebound_locals_.contains(var) &&
      lookup->getImplicitObjectArgument() &&
      tu_.vocabulary().is_listed_container(lookup->getImplicitObjectArgument()->getType())) {
    static const llvm::StringSet<> lookups = {"find", "begin", "rbegin", "lower_bound", "upper_bound"};
    if (lookups.contains(identifier(lookup->getMethodDecl()))) {
      Ref element = ref_of(lookup->getImplicitObjectArgument());
      if (!element.empty() && element.root != RefRoot::local) {
        element.path.push_back("[]");
        element.path.push_back("&");
        refs_.alias_ref(var, std::move(element));
      }
      return true;
    }
  }
  // A pointer stands for what it first points to only while it is not pointed elsewhere.
  if (var->getType()->isReferenceType() ||
      (var->getType()->isPointerType() && isa<UnaryOperator>(bare(init)) && !rebound_locals_.contains(var))) {
    const Ref target = ref_of(init);
    if (!target.empty() && target.root != RefRoot::local) refs_.alias_ref(var, target);
    return true;
  }
  return false;
}

void Extractor::on_decl(const VarDecl* var) {
  const Vocabulary& vocabulary = tu_.vocabulary();
  const auto* record = Vocabulary::record_of(var->getType());
  if (vocabulary.is_guard(record) && !var->hasGlobalStorage()) {
    on_guard_decl(var);
    return;
  }
  if (!var->isLocalVarDecl() || var->isStaticLocal()) return;
  if (std::string work = deferred_work(var->getInit()); !work.empty()) deferred_futures_[var] = std::move(work);
  const bool alias = note_alias(var);
  if (const Expr* init = var->getInit(); init && !array_loop_vars_.contains(var)) {
    // `bool saved = g_flag;`: the save of save/flip/restore.
    if (const Ref source = saved_global(var, alias); !source.empty()) {
      access(init, source, AccessOp::save, "save", var->getInit(), 0);
      block_->events.back().index = refs_.local_index(var);
    }
    if (makes_new_object(init)) fresh_locals_.insert(var);
    Ref local;
    local.root = RefRoot::local;
    local.index = refs_.local_index(var);
    store_objects_in(local, init, init);
    // `GErrorClearFunc clear = info->clear;`: what the local holds.
    if (var->getType()->isFunctionPointerType()) store_callable_value(local, init, init);
    store_owned_object(var, init);
    own_made_object(var, init);
    own_returned_object(var, init);
  }
  // Constructing the local runs the project's constructor. When the class'
  // destructor is the project's too, the project decides whether the
  // constructor locks and the destructor unlocks (a guard).
  const CXXConstructExpr* construct = construction_of(var->getInit());
  if (!construct || !construct->getConstructor()) return;
  const CXXDestructorDecl* destructor = record ? record->getDestructor() : nullptr;
  const bool guard_like = destructor && destructor->isUserProvided() && !tu_.in_system_header(record->getLocation());
  if (!runs_project_constructor(construct)) {
    // A constructor the compiler wrote builds the members with theirs.
    if (!tu_.in_system_header(construct->getConstructor()->getLocation()))
      construct_members(construct->getConstructor(), local_object(var), var->getLocation(), 1);
    return;
  }
  // The local's index first: the arguments' locals are numbered after it.
  const Ref object = local_object(var);
  Event& e = construction_event(construct, var->getLocation(), var->getInit());
  e.ref = object;
  // A guard takes what it locks as an argument, or locks a lock of its own.
  if (guard_like) {
    e.flags |= event_flags::constructs;
    e.index = object.index;
  }
}

void Extractor::on_guard_decl(const VarDecl* var) {
  const Vocabulary& vocabulary = tu_.vocabulary();
  guard_locals_.insert(var);
  const uint32_t guard = refs_.local_index(var);
  const CXXConstructExpr* construct = construction_of(var->getInit());
  Event& e = emit(EventKind::guard_begin, var->getLocation(), var->getInit());
  e.index = guard;
  if (const auto* type = Vocabulary::record_of(var->getType()); type && vocabulary.is_shared_lock(qualified_name(type)))
    e.flags |= event_flags::shared;
  if (!construct) {
    take_returned_guard(e, var->getInit());
    return;  // otherwise default-constructed: holds nothing
  }
  GuardConstruction taken = guard_construction(construct);
  if (taken.moved_from) {
    // Move from another guard: ownership moves with it.
    e.kind = EventKind::guard_move;
    e.other = refs_.local_index(taken.moved_from);
    if (auto it = guard_locks_.find(taken.moved_from); it != guard_locks_.end()) guard_locks_[var] = it->second;
    return;
  }
  // A guard class of the project (`ReadGuard g (latch_);`): its constructor's
  // lock effects, known to the project phase, tell a reader's guard from a writer's.
  if (const CXXConstructorDecl* ctor = construct->getConstructor();
      ctor && !e.has(event_flags::shared) && !tu_.in_system_header(ctor->getLocation()))
    e.callee = tu_.id_of(ctor);
  e.refs = taken.locks;
  guard_locks_[var] = std::move(taken.locks);
  if (!e.refs.empty() && taken.owns) e.flags |= event_flags::owns;
  if (taken.definitely) e.flags |= event_flags::definitely;
  if (taken.recursive) e.flags |= event_flags::recursive;
  else if (e.refs.size() == 1) e.text = std::move(taken.mutex_class);
}

Extractor::GuardConstruction Extractor::guard_construction(const CXXConstructExpr* construct) {
  const Vocabulary& vocabulary = tu_.vocabulary();
  GuardConstruction taken;
  for (const Expr* arg : construct->arguments()) {
    const Expr* value = bare(arg);
    const QualType type = value->getType();
    if (type.isNull()) continue;
    if (is_tag_type(type, "std::defer_lock_t")) {
      taken.owns = false;
    } else if (is_tag_type(type, "std::try_to_lock_t")) {
      taken.definitely = false;
    } else if (is_tag_type(type, "std::adopt_lock_t")) {
      continue;
    } else if (vocabulary.is_guard(Vocabulary::record_of(type))) {
      // `sink (std::move (lk))`, `sink = std::move (lk)`: moved from `lk`.
      if (const auto* from = dyn_cast<DeclRefExpr>(through_forward(value)))
        if (const auto* from_var = dyn_cast<VarDecl>(from->getDecl())) {
          taken.moved_from = from_var;
          return taken;
        }
    } else if (vocabulary.is_mutex(type) ||
               (type->isPointerType() && vocabulary.is_mutex(type->getPointeeType()))) {
      const bool pointer = type->isPointerType();
      Ref lock = ref_of(value);
      if (lock.empty()) continue;
      if (pointer) lock = RefBuilder::deref(std::move(lock));
      lock.display = refs_.display_of(value);
      const QualType mutex = pointer ? type->getPointeeType() : type;
      taken.recursive = taken.recursive || vocabulary.is_recursive_mutex(mutex);
      // A mutex class of the project whose constructor another TU defines:
      // the project phase knows whether it made itself recursive.
      if (const auto* record = Vocabulary::record_of(mutex); record && !taken.recursive)
        taken.mutex_class = qualified_name(record);
      taken.locks.push_back(std::move(lock));
    }
  }
  return taken;
}

std::optional<std::vector<Ref>> Extractor::guard_value_locks(const Expr* value) {
  auto held_by = [&](const VarDecl* guard) -> std::optional<std::vector<Ref>> {
    auto it = guard_locks_.find(guard);
    if (it == guard_locks_.end()) return std::nullopt;
    return it->second;
  };
  value = bare(value);
  if (const auto* ref = dyn_cast<DeclRefExpr>(value))
    if (const auto* var = dyn_cast<VarDecl>(ref->getDecl()); var && guard_locals_.contains(var)) return held_by(var);
  if (const CXXConstructExpr* construct = construction_of(value)) {
    GuardConstruction taken = guard_construction(construct);
    if (taken.moved_from) return held_by(taken.moved_from);  // `return lk;` moves the local guard out
    if (!taken.owns || !taken.definitely) return std::nullopt;
    return std::move(taken.locks);
  }
  return std::nullopt;
}

void Extractor::take_returned_guard(Event& e, const Expr* init) {
  const auto* call = dyn_cast_or_null<CallExpr>(init ? bare(init) : nullptr);
  const FunctionDecl* callee = call ? call->getDirectCallee() : nullptr;
  if (!callee || !tu_.vocabulary().is_guard(Vocabulary::record_of(callee->getReturnType()))) return;
  auto ids = events_of_.find(call);
  if (ids == events_of_.end()) return;
  // The call's own event, emitted just before the declaration in this block.
  for (const Event& made : block_->events)
    if (made.kind == EventKind::call && llvm::is_contained(ids->second, made.id)) {
      e.callee = made.callee;
      e.ref = made.ref;
      e.args = made.args;
      e.flags |= event_flags::owns | event_flags::definitely;
      return;
    }
  // `auto guard = mutex_.Lock ();` on a mutex class whose Lock () locks and
  // hands back a guard that releases it (Arrow's util::Mutex): the call is
  // the lock's acquisition, and the guard holds that lock until it unlocks
  // or ends.
  for (const Event& made : block_->events)
    if (made.kind == EventKind::acquire && made.has(event_flags::definitely) && llvm::is_contained(ids->second, made.id)) {
      e.refs = {made.ref};
      e.text = made.text;
      e.flags |= event_flags::owns | event_flags::definitely;
      if (made.has(event_flags::recursive)) e.flags |= event_flags::recursive;
      if (made.has(event_flags::shared)) e.flags |= event_flags::shared;
      return;
    }
}

void Extractor::on_member_call(const CXXMemberCallExpr* call) {
  const CXXMethodDecl* method = call->getMethodDecl();
  const Expr* object = call->getImplicitObjectArgument();
  if (!method) {
    on_call(call);  // (obj->*pmf)(x): a call through a pointer to member
    return;
  }
  if (!object) return;
  if (spin_lock_step(call)) return;  // `while (busy_.test_and_set ()) ;`, `busy_.clear ()`
  const Vocabulary& vocabulary = tu_.vocabulary();
  const auto* member = dyn_cast<MemberExpr>(call->getCallee()->IgnoreParens());
  const bool arrow = member && member->isArrow();
  // `cb_.operator() ()`, `opt_->operator() ()`: a call of the callable spelled as a member call.
  if (method->getOverloadedOperator() == OO_Call && callable_invocation(object, call, "calls", arrow)) return;
  if (const FieldDecl* callables = owned_callable_container(object))
    store_into_callable_container(call, callables);
  // `items_.reset (new Pool (f))`, `items_.swap (other)`: a smart pointer
  // field's new object (none after `reset ()` or `release ()`; an unknown
  // one after a swap).
  if (const QualType owner = bare(object)->getType(); !owner.isNull() && !arrow && is_owning_pointer(owner)) {
    const llvm::StringRef changes = identifier(method);
    if (changes == "reset" && call->getNumArgs() > 0) store_object(ref_of(bare(object)), owner, call->getArg(0), call);
    else if (changes == "reset" || changes == "release") {
      if (Event* store = store_object(ref_of(bare(object)), owner, nullptr, call)) store->text = "null";
    }
    else if (changes == "swap") store_object(ref_of(bare(object)), owner, nullptr, call);
  }
  QualType object_type = bare(object)->getType();
  if (object_type.isNull()) return;
  if (arrow && object_type->isPointerType()) object_type = object_type->getPointeeType();
  const llvm::StringRef name = identifier(method);
  // `f.get ()` on a deferred std::async's future runs its work here, on this
  // thread: a call of the work, not a wait for another thread.
  if (name == "get" || name == "wait" || name == "wait_for" || name == "wait_until")
    if (const auto* ref = dyn_cast<DeclRefExpr>(bare(object)))
      if (const auto* local = dyn_cast<VarDecl>(ref->getDecl()))
        if (auto work = deferred_futures_.find(local); work != deferred_futures_.end()) {
          Event& e = emit(EventKind::call, call->getBeginLoc(), call);
          e.callee = work->second;
          return;
        }
  const LockAction action = vocabulary.method_lock_action(name);
  // `workers.clear ()` on a container of std::jthread joins each.
  if (name == "clear" && call->getNumArgs() == 0 && holds_joining_threads(object_type))
    thread_join(call, call->getExprLoc(), elements_of(object, call), event_flags::all_elements);
  if (vocabulary.is_thread_join(method, Vocabulary::record_of(object_type))) {
    Ref handle = thread_holder(object);
    // A thread object (`worker->wait ()`) is its own handle, as at its start;
    // a pointer to a std::thread is the holder its start wrote.
    if (arrow && vocabulary.is_thread_class(method->getParent())) handle = RefBuilder::deref(std::move(handle));
    thread_join(call, call->getExprLoc(), std::move(handle));
  }
  // `worker->start ()` on a QThread subclass: the object's own run () runs
  // on a new thread, and the object is the handle `worker->wait ()` joins.
  if (const llvm::StringRef run = vocabulary.thread_object_run_method(method); !run.empty())
    if (const CXXMethodDecl* entry = project_override(Vocabulary::record_of(object_type), run)) {
      Event& e = emit(EventKind::thread_start, call->getExprLoc(), call);
      e.ref = ref_of(object);
      if (arrow) e.ref = RefBuilder::deref(std::move(e.ref));
      e.text = qualified_name(method->getParent()) + "::" + method->getNameAsString();
      Arg started;
      started.kind = ArgKind::function;
      started.function = tu_.id_of(entry);
      e.args.push_back(std::move(started));
    }

  // Guard operations: lk.unlock(), lk.lock(), lk.release().
  if (vocabulary.is_guard(Vocabulary::record_of(object_type))) {
    if (const auto* ref = dyn_cast<DeclRefExpr>(bare(object)))
      if (const auto* var = dyn_cast<VarDecl>(ref->getDecl()); var && guard_locals_.contains(var)) {
        EventKind kind;
        if (name == "release") kind = EventKind::guard_release;
        else if (action == LockAction::acquire || action == LockAction::try_acquire) kind = EventKind::guard_lock;
        else if (action == LockAction::release) kind = EventKind::guard_unlock;
        else return;
        Event& e = emit(kind, call->getExprLoc(), call);
        e.index = refs_.local_index(var);
        e.text = var->getNameAsString();  // a re-locked guard is shown by its name
        if (action == LockAction::acquire) e.flags |= event_flags::definitely;
      }
    return;
  }
  // Lock operations on a mutex: mu.lock(), mu_->unlock().
  if (action != LockAction::none && vocabulary.is_mutex(object_type)) {
    Ref lock = ref_of(object);
    if (arrow) lock = RefBuilder::deref(std::move(lock));
    if (lock.empty()) return;
    lock.display = refs_.display_of(object);
    Event& e = emit(action == LockAction::release ? EventKind::release : EventKind::acquire,
                    call->getExprLoc(), call);
    e.ref = std::move(lock);
    if (action == LockAction::acquire) e.flags |= event_flags::definitely;
    if (action != LockAction::release && vocabulary.is_shared_lock(name)) e.flags |= event_flags::shared;
    if (vocabulary.is_recursive_mutex(object_type)) e.flags |= event_flags::recursive;
    // A project's mutex class whose constructor another TU defines: the
    // project phase knows whether that constructor made it recursive, and
    // which member mutex its lock methods take (the same lock its other
    // methods guard directly).
    else if (const auto* record = Vocabulary::record_of(object_type))
      e.text = qualified_name(record);
    return;
  }
  // A conversion (`if (cb_)`, `bool (p_)`) only asks.
  if (isa<CXXConversionDecl>(method)) return;
  // `cache.mutex ()`, which hands out the object's lock: locking it is the
  // event, not the call that names it (no use of the object's state).
  const QualType returned = method->getReturnType();
  const bool hands_out_lock = call->getNumArgs() == 0 &&
                              (returned->isReferenceType() || returned->isPointerType()) &&
                              vocabulary.is_mutex(returned->getPointeeType().getNonReferenceType());

  // Shared state used through a method: g_cache.insert(...), Registry().clear().
  Ref target = hands_out_lock ? Ref() : shared_target(object);
  // `g_ids->push_back (id)` on a global pointer: the object it points to.
  if (!target.empty() && arrow) {
    const QualType pointer = bare(object)->getType();
    // `p->push_back (2)` with `auto* p = &g_queue;`: the global itself.
    const bool address = !target.path.empty() && target.path.back() == "&";
    if ((target.path.empty() || address) && !pointer.isNull() && pointer->isPointerType())
      target = RefBuilder::deref(std::move(target));
    else
      target = {};
  }
  // A range-for's own begin ()/end () on its hidden range variable walks the
  // container: a read, not a lookup (no check of check-then-act).
  const auto* hidden = dyn_cast<DeclRefExpr>(bare(object));
  const bool range_walk = hidden && hidden->getDecl()->isImplicit() && (name == "begin" || name == "end");
  if (!target.empty() && range_walk)
    access(object, target, AccessOp::read, "range-for", call, event_flags::const_method);
  else if (!target.empty())
    access(object, target, AccessOp::method, name.str(), call,
           method->isConst() ? event_flags::const_method : 0);
  // A container a caller hands in: what a caller that hands it a global does to it.
  else if (!method->isConst() && !hands_out_lock)
    if (Ref handed = handed_container(object, arrow); !handed.empty())
      access(object, handed, AccessOp::method, name.str(), call);

  // Lazy creation into a holder: mu_.reset(new M), opt_.emplace().
  if ((name == "reset" && call->getNumArgs() > 0 && !is_null_literal(call->getArg(0), tu_.ast())) ||
      name == "emplace") {
    const Ref holder = ref_of(object);
    if (!holder.empty() && holder.root != RefRoot::local) {
      Event& e = emit(EventKind::create, call->getExprLoc(), call);
      e.ref = holder;
      e.ref.display = refs_.display_of(object);
      e.text = name.str();
      if (name == "reset")
        if (const auto* new_expr = dyn_cast<CXXNewExpr>(bare(call->getArg(0))))
          if (const auto* created = Vocabulary::record_of(new_expr->getAllocatedType()))
            e.callee = "type:" + tu_.id_of(created);
    }
  }

  // `items.emplace_back(a, b)`: the container constructs its element with them.
  forwarded_construction(call);
  // `threads.emplace_back(work, i)`: the container constructs a std::thread.
  if (name.starts_with("emplace"))
    if (const auto* container = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
            Vocabulary::record_of(object_type)))
      if (container->getTemplateArgs().size() > 0 &&
          container->getTemplateArgs()[0].getKind() == TemplateArgument::Type)
        if (const auto* element = Vocabulary::record_of(container->getTemplateArgs()[0].getAsType());
            element && vocabulary.is_thread_start(qualified_name(element))) {
          std::vector<const Expr*> args(call->arg_begin(), call->arg_end());
          const size_t before = block_->events.size();
          thread_start(call, args, qualified_name(element));
          // The new element holds the thread: `for (auto& t : threads) t.join ()` joins it.
          if (block_->events.size() > before && block_->events.back().ref.empty())
            block_->events.back().ref = elements_of(object, call);
        }

  // `g_hook.store(&Default)` on an atomic function pointer: a store into g_hook.
  if ((name == "store" || name == "exchange") && call->getNumArgs() > 0 &&
      Vocabulary::is_atomic(object_type)) {
    const QualType value = call->getArg(0)->getType();
    if (!value.isNull() && value->isFunctionPointerType()) {
      Ref holder = ref_of(object);
      if (!holder.empty() && !is_local_variable(holder)) {
        Event& e = emit(EventKind::store_callable, call->getExprLoc(), call);
        e.ref = std::move(holder);
        const Arg source = classify_arg(call->getArg(0));
        if (source.kind == ArgKind::function || source.kind == ArgKind::lambda) e.callee = source.function;
        else if (is_null_literal(call->getArg(0), tu_.ast())) e.text = "null";
        else if (source.kind == ArgKind::param) e.args.push_back(source);
      }
    }
  }

  // Work handed to a pool or loop: pool.submit([=] {...}).
  if (vocabulary.is_task_submit_method(name)) {
    std::vector<const Expr*> args(call->arg_begin(), call->arg_end());
    const size_t before = block_->events.size();
    thread_start(call, args, name.str());
    // The task runs on the threads of the object it is handed to: for a pool
    // of the project, the threads its methods start into its fields.
    if (block_->events.size() > before && !tu_.in_system_header(method->getLocation())) {
      Ref pool = ref_of(object);
      if (arrow && !pool.empty()) pool = RefBuilder::deref(std::move(pool));
      if (!pool.empty()) {
        Event& start = block_->events.back();
        start.refs.push_back(std::move(pool));
        start.callee = tu_.id_of(method);
      }
    }
  }

  std::vector<const Expr*> args(call->arg_begin(), call->arg_end());
  call_event(call, method, object, arrow, args);
}

const CXXMethodDecl* Extractor::project_override(const CXXRecordDecl* record, llvm::StringRef name) const {
  if (!record || !record->hasDefinition() || tu_.in_system_header(record->getLocation())) return nullptr;
  for (const CXXMethodDecl* method : record->methods())
    if (method->getIdentifier() && method->getName() == name && method->getNumParams() == 0 && method->isVirtual())
      return method;
  for (const CXXBaseSpecifier& base : record->bases())
    if (const CXXMethodDecl* method = project_override(base.getType()->getAsCXXRecordDecl(), name)) return method;
  return nullptr;
}

void Extractor::on_operator_call(const CXXOperatorCallExpr* call) {
  if (call->getNumArgs() == 0) return;
  const OverloadedOperatorKind kind = call->getOperator();
  if (kind == OO_Call) {
    callable_invocation(call->getArg(0), call, "calls");
    return;
  }
  const Expr* object = call->getArg(0);
  // `notify_ = std::move (f);`: what a class's own std::function member holds.
  if (kind == OO_Equal && call->getNumArgs() == 2 && owned_callable_field(object))
    if (Ref holder = place_of_callable(object); !holder.empty() && holder.root != RefRoot::local) {
      Event& e = emit(EventKind::store_callable, call->getExprLoc(), call);
      e.ref = std::move(holder);
      if (const Expr* source = stored_callable_source(call->getArg(1))) describe_stored(e, source);
      else e.text = "null";  // `notify_ = {};`
    }
  // `items_ = Pool::Make (release);`: what a smart pointer field now holds.
  if (kind == OO_Equal && call->getNumArgs() == 2 && is_owning_pointer(bare(object)->getType()))
    store_object(ref_of(bare(object)), bare(object)->getType(), call->getArg(1), call);
  // `table_ = *t;` with a trivial copy assignment: field by field.
  if (kind == OO_Equal && call->getNumArgs() == 2)
    if (const auto* method = dyn_cast_or_null<CXXMethodDecl>(call->getDirectCallee());
        method && method->isImplicit() && method->isCopyAssignmentOperator())
      copy_callables(bare(object), call->getArg(1), call);
  // `actions_[k] = [this] { ... };`: an element of a container of callables
  // the class owns; `actions_ = other;` replaces them all with values unknown.
  if (kind == OO_Equal && call->getNumArgs() == 2) {
    if (Ref element = owned_callable_elements(object); !element.empty()) {
      Event& e = emit(EventKind::store_callable, call->getExprLoc(), call);
      e.ref = std::move(element);
      if (const Expr* source = stored_callable_source(call->getArg(1))) describe_stored(e, source);
      else e.text = "null";
    } else if (const FieldDecl* field = owned_callable_container(object)) {
      Event& e = emit(EventKind::store_callable, call->getExprLoc(), call);
      e.ref = elements(member_of_this(field));
    }
  }
  Ref target = shared_target(object);
  // `++it`, `it = g_routes.find (k)` on an iterator into a global: the
  // iterator changes, not what it points into.
  if (!target.path.empty() && target.path.back() == "&") target = {};
  if (!target.empty()) {
    const Expr* self = bare(call);
    const bool assigned = assigned_.contains(self);
    if (kind == OO_Subscript) {
      if (tu_.vocabulary().is_map_like(bare(object)->getType()))
        access(object, target, assigned ? AccessOp::subscript : AccessOp::maybe_subscript,
               "operator[]", call);
      else if (assigned) {  // `g_lengths[id] = n`: the slot a thread entry was handed, when `id` is its own
        uint32_t source = 0;
        const bool own = call->getNumArgs() == 2 && own_index(call->getArg(1), 0, &source);
        access(object, target, AccessOp::subscript, "operator[]", call, own ? event_flags::own_slot : 0, source);
      } else {
        access(object, target, AccessOp::read, "operator[]", call);
      }
    } else if (kind == OO_Equal) {
      access(object, target, AccessOp::write, "assignment", call);
    } else if (call->isAssignmentOp() || kind == OO_PlusPlus || kind == OO_MinusMinus) {
      access(object, target, AccessOp::write, "compound assignment", call);
    } else if (const auto* method = dyn_cast_or_null<CXXMethodDecl>(call->getDirectCallee());
               method && !method->isConst()) {
      access(object, target, AccessOp::method, getOperatorSpelling(kind), call);
    }
  } else if (kind == OO_Subscript && tu_.vocabulary().is_map_like(bare(object)->getType())) {
    // `counts[key] = n` on a map a caller hands in.
    if (Ref handed = handed_container(object, false); !handed.empty())
      access(object, handed, assigned_.contains(bare(call)) ? AccessOp::subscript : AccessOp::maybe_subscript,
             "operator[]", call);
  }
  // `p_ = std::make_unique<M>()`: a creation into a holder.
  if (kind == OO_Equal && call->getNumArgs() == 2 && !is_null_literal(call->getArg(1), tu_.ast()) &&
      !creation_kind(call->getArg(1)).empty())
    create(call->getArg(0), call->getArg(1), call);
  // A user-defined operator is a call like any other.
  if (const FunctionDecl* callee = call->getDirectCallee();
      callee && !tu_.in_system_header(callee->getLocation())) {
    std::vector<const Expr*> args(call->arg_begin(), call->arg_end());
    if (isa<CXXMethodDecl>(callee)) {
      args.erase(args.begin());
      call_event(call, callee, call->getArg(0), false, args);
    } else {
      call_event(call, callee, nullptr, false, args);
    }
  }
}

/// A callable whose signature asks rather than acts: it returns an answer (a
/// truth value, a number, an enumerator, a pointer) and takes only values and
/// pointers or references to const (a comparator, a hash, an equality test, a
/// filter). Such code runs under its caller's locks by contract, as
/// std::map's comparator does. One that returns an object makes it (a
/// loader's `std::string (int)`, a factory's `std::shared_ptr<Conn> ()`): no
/// contract says where it gets it from.
static bool signature_asks_only(const FunctionProtoType* signature);

static bool asks_only(const CallExpr* call, QualType callable_type) {
  const FunctionProtoType* signature = nullptr;
  if ((isa<CXXOperatorCallExpr>(call) || isa<CXXMemberCallExpr>(call)) && call->getDirectCallee())
    signature = call->getDirectCallee()->getType()->getAs<FunctionProtoType>();  // std::function::operator()
  else if (callable_type->isFunctionPointerType() || callable_type->isFunctionReferenceType())
    signature = callable_type->getPointeeType()->getAs<FunctionProtoType>();
  else
    signature = callable_type->getAs<FunctionProtoType>();
  return signature_asks_only(signature);
}

/// The same for a callable passed on, by its type: a function pointer, or a
/// type-erased callable whose template argument is its signature
/// (`std::function<bool (int, int)>`).
static bool type_asks_only(QualType type) {
  type = type.getNonReferenceType();
  if (type->isFunctionPointerType()) return signature_asks_only(type->getPointeeType()->getAs<FunctionProtoType>());
  if (const auto* spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(Vocabulary::record_of(type)))
    for (const TemplateArgument& arg : spec->getTemplateArgs().asArray())
      if (arg.getKind() == TemplateArgument::Type)
        if (const auto* signature = arg.getAsType()->getAs<FunctionProtoType>()) return signature_asks_only(signature);
  return false;
}

/// A class passed by value that is only a value: a string or a view of
/// characters, or a plain struct with no pointer in it. A copy of it gives
/// the callee nothing of its caller's to change (a `std::shared_ptr<T>` or a
/// struct holding a pointer would).
static bool is_plain_value(QualType type) {
  const auto* record = type->getAsCXXRecordDecl();
  if (!record) return type->isRecordType() && !type->getAsRecordDecl()->isUnion() &&
                      llvm::none_of(type->getAsRecordDecl()->fields(), [](const FieldDecl* field) {
                        return field->getType()->isPointerType();
                      });  // a C struct
  const std::string name = qualified_name(record);
  if (name == "std::basic_string" || name == "std::basic_string_view" || name == "std::__cxx11::basic_string")
    return true;
  if (!record->hasDefinition() || !record->isTriviallyCopyable()) return false;
  for (const FieldDecl* field : record->fields())
    if (field->getType()->isPointerType() || field->getType()->isReferenceType() ||
        (field->getType()->isRecordType() && !is_plain_value(field->getType().getCanonicalType())))
      return false;
  return true;
}

static bool signature_asks_only(const FunctionProtoType* signature) {
  if (!signature || signature->getReturnType()->isVoidType()) return false;
  if (signature->getReturnType().getCanonicalType()->isRecordType()) return false;
  for (QualType param : signature->getParamTypes()) {
    const QualType type = param.getCanonicalType();
    if (type->isPointerType() || type->isReferenceType()) {
      if (!type->getPointeeType().isConstQualified() || type->getPointeeType()->isFunctionType()) return false;
    } else if (!type->isArithmeticType() && !type->isEnumeralType() && !is_plain_value(type)) {
      return false;
    }
  }
  return true;
}

/// `f(x)` / `std::invoke(f, x)`: what calling `callable` means. Returns
/// whether it produced an event.
// `param` of the function a lambda is written in, called from the lambda: an
// invocation of that function's parameter (what its callers pass decides whether
// it is foreign). False when `param` is the lambda's own.
bool Extractor::invokes_outer_param(const ParmVarDecl* param, const CallExpr* call, const Expr* callable) {
  if (refs_.is_own_param(param)) return false;
  const auto* outer = dyn_cast_or_null<FunctionDecl>(param->getDeclContext());
  if (!outer) return false;
  Event& e = emit(EventKind::invoke_param, call->getBeginLoc(), call);
  e.index = param->getFunctionScopeIndex();
  e.text = describe_callable_param(param);
  e.callee = tu_.id_of(outer);
  e.flags |= event_flags::captured;
  if (asks_only(call, param->getType())) e.flags |= event_flags::query;
  add_call_args(e, call, callable);
  return true;
}

/// The function `e` names (`f`, `&f`), if it names one.
static const FunctionDecl* named_function(const Expr* e) {
  const auto* ref = dyn_cast_or_null<DeclRefExpr>(without_address_of(bare(e)));
  return ref ? dyn_cast<FunctionDecl>(ref->getDecl()) : nullptr;
}

void Extractor::lambda_call(const CallExpr* call, std::string lambda) {
  Event& e = emit(EventKind::call, call->getBeginLoc(), call);
  // A generic lambda runs the instantiation this call picks.
  const auto* op = dyn_cast_or_null<CXXMethodDecl>(call->getDirectCallee());
  e.callee = op && op->getParent()->isLambda() ? tu_.id_of(op) : std::move(lambda);
  add_call_args(e, call, nullptr);
}

/// The arguments of a call of a callable object (a lambda, a callable
/// parameter): what the called code gets, the closure object left out. A
/// member template's `f (id, handler)` hands each stored handler to the
/// lambda its caller passes.
void Extractor::add_call_args(Event& e, const CallExpr* call, const Expr* callable) {
  llvm::ArrayRef<const Expr*> args(call->getArgs(), call->getNumArgs());
  // `f (x)` is `operator() (f, x)`, and `std::invoke (f, x)` names it first.
  if (!args.empty() && (isa<CXXOperatorCallExpr>(call) || args.front() == callable)) args = args.drop_front();
  for (const Expr* arg : args) e.args.push_back(classify_arg(arg));
}

bool Extractor::callable_invocation(const Expr* callable_expr, const CallExpr* call,
                                    llvm::StringRef verb, bool through_pointer) {
  const Vocabulary& vocabulary = tu_.vocabulary();
  const Expr* callable = through_forward(callable_expr);
  // `opt_->operator() ()`: what is called is what `callable` points to;
  // `opt_.operator-> ()` is shown as `*opt_`.
  const Expr* pointer = nullptr;
  if (through_pointer) {
    pointer = bare(callable);
    if (const auto* arrow = dyn_cast<CXXOperatorCallExpr>(pointer); arrow && arrow->getOperator() == OO_Arrow)
      pointer = arrow->getArg(0);
  }
  auto shown = [&] { return pointer ? "*" + refs_.display_of(pointer) : refs_.display_of(callable); };
  if (!through_pointer) {
    // `(*func) (x)` is `func (x)`: C code spells a call through a pointer parameter both ways.
    while (const auto* deref = dyn_cast<UnaryOperator>(callable)) {
      if (deref->getOpcode() != UO_Deref || !bare(deref->getSubExpr())->getType()->isFunctionPointerType()) break;
      callable = bare(deref->getSubExpr());
    }
    // `(swapped ? g_cclosure_new_swap : g_cclosure_new) (handler, data, notify)`:
    // a call of one of the two functions, with these arguments.
    if (const auto* choice = dyn_cast<ConditionalOperator>(bare(callable))) {
      const FunctionDecl* first = named_function(choice->getTrueExpr());
      const FunctionDecl* second = named_function(choice->getFalseExpr());
      if (first && second) {
        for (const FunctionDecl* alternative : {first, second})
          call_event(call, alternative, nullptr, false, {call->getArgs(), call->getNumArgs()});
        return true;
      }
    }
    // A lambda called where it is written: `[&] { ... }()`.
    if (const auto* lambda = dyn_cast<LambdaExpr>(through_conversions(callable))) {
      lambda_call(call, tu_.id_of(TuContext::lambda_function(lambda)));
      return true;
    }
    if (const auto* ref = dyn_cast<DeclRefExpr>(callable)) {
      // A lambda calling a parameter of the function it is written in: whether
      // that is foreign depends on what that function's callers pass.
      if (const auto* param = dyn_cast<ParmVarDecl>(ref->getDecl()); param && invokes_outer_param(param, call, callable_expr))
        return true;
      // `[tick = std::move(tick)] { tick(); }`: an init-capture of the outer
      // function's parameter is that parameter.
      if (const auto* capture = dyn_cast<VarDecl>(ref->getDecl()); capture && capture->isInitCapture())
        if (const auto* source = dyn_cast_or_null<DeclRefExpr>(
                through_forward(through_conversions(capture->getInit()))))
          if (const auto* param = dyn_cast<ParmVarDecl>(source->getDecl()); param && invokes_outer_param(param, call, callable_expr))
            return true;
      if (const auto* param = dyn_cast<ParmVarDecl>(ref->getDecl()); param && refs_.is_own_param(param)) {
        Event& e = emit(EventKind::invoke_param, call->getBeginLoc(), call);
        e.index = param->getFunctionScopeIndex();
        e.text = describe_callable_param(param);
        if (asks_only(call, param->getType())) e.flags |= event_flags::query;
        add_call_args(e, call, callable_expr);
        return true;
      }
      if (const auto* var = dyn_cast<VarDecl>(ref->getDecl())) {
        if (auto lambda = refs_.lambda_alias(var)) {
          lambda_call(call, *lambda);
          return true;
        }
        if (auto param = refs_.param_alias(var)) {
          Event& e = emit(EventKind::invoke_param, call->getBeginLoc(), call);
          e.index = *param;
          e.text = "'" + var->getNameAsString() + "', a callable";
          if (asks_only(call, callable->getType())) e.flags |= event_flags::query;
          add_call_args(e, call, callable_expr);
          return true;
        }
      }
      if (isa<FunctionDecl>(ref->getDecl())) return false;  // a direct call
    }
  }
  QualType type = callable->getType();
  if (!type.isNull() && through_pointer) type = type->isPointerType() ? type->getPointeeType() : QualType();
  if (type.isNull()) return false;
  std::string what;
  if (vocabulary.is_callback_type(type)) {
    const auto* record = Vocabulary::record_of(type);
    what = verb.str() + " the " + qualified_name(record) + " '" + shown() + "'";
  } else if (is_template_parameter_type(type)) {
    what = verb.str() + " '" + shown() + "', a callable of template parameter type";
  } else if (type->isFunctionPointerType() || type->isFunctionReferenceType() || type->isFunctionType() ||
             type->isMemberFunctionPointerType()) {
    what = verb.str() + " the function pointer '" + shown() + "'";
  } else if (const auto* op = dyn_cast<CXXOperatorCallExpr>(call);
             op && op->getDirectCallee() && !tu_.in_system_header(op->getDirectCallee()->getLocation())) {
    return false;  // a functor whose operator() is known: an ordinary call
  } else {
    return false;
  }
  Event& e = emit(EventKind::foreign, call->getBeginLoc(), call);
  e.text = std::move(what);
  if (asks_only(call, type)) e.flags |= event_flags::query;
  // Where the pointer (or the std::function) lives: the project may know
  // every function stored there, and whether it is one per process.
  if (type->isFunctionPointerType() || type->isFunctionReferenceType() || type->isFunctionType() ||
      vocabulary.is_callback_type(type)) {
    const Expr* holder_expr = callable;
    if (const auto* local = dyn_cast<DeclRefExpr>(bare(callable)))
      if (auto it = copied_hooks_.find(dyn_cast<VarDecl>(local->getDecl())); it != copied_hooks_.end() && it->second)
        holder_expr = it->second;
    // `g_hook.load()(...)`: the pointer lives in the atomic.
    if (const auto* load = dyn_cast<CXXMemberCallExpr>(bare(callable)))
      if (load->getMethodDecl() && identifier(load->getMethodDecl()) == "load" &&
          Vocabulary::is_atomic(bare(load->getImplicitObjectArgument())->getType()))
        holder_expr = load->getImplicitObjectArgument();
    Ref holder = pointer ? RefBuilder::deref(ref_of(pointer)) : ref_of(holder_expr);
    // An element of a container of callables the class owns, however it is reached.
    if (!pointer)
      if (Ref field = record_field_place(holder_expr); !field.empty()) holder = std::move(field);
    if (!pointer)
      if (Ref element = owned_callable_elements(holder_expr); !element.empty()) holder = std::move(element);
    if (type->isFunctionType() && !holder.empty()) holder = RefBuilder::canonical(holder);
    e.refs = table_alternatives(holder_expr, holder);
    e.ref = holder;
  }
  return true;
}

std::vector<Ref> Extractor::table_alternatives(const Expr* holder_expr, const Ref& holder) const {
  // `(* klass->recurse) (sub, reader)` where every assignment of the local
  // `klass` is the address of a table in static storage (dbus's type readers
  // pick `&struct_reader_class` or `&array_reader_class` in a switch): the
  // pointer is that field of one of those tables.
  const Expr* pointer = bare(holder_expr);
  if (const auto* deref = dyn_cast<UnaryOperator>(pointer); deref && deref->getOpcode() == UO_Deref)
    pointer = bare(deref->getSubExpr());
  const auto* member = dyn_cast<MemberExpr>(pointer);
  const auto* base = member && member->isArrow() ? dyn_cast<DeclRefExpr>(bare(member->getBase())) : nullptr;
  // `(*p)->init (...)` with `p` walking an array of table pointers
  // (`for (p = k_all; *p; p++)`): the field of the table an element points to.
  bool through_element = false;
  if (const auto* element = member && member->isArrow() ? dyn_cast<UnaryOperator>(bare(member->getBase())) : nullptr;
      element && element->getOpcode() == UO_Deref) {
    base = dyn_cast<DeclRefExpr>(bare(element->getSubExpr()));
    through_element = true;
  }
  // `(*step) ()` with `step` walking an array of function pointers
  // (`for (step = k_steps; *step; step++)`): an element of that array.
  if (!member) base = dyn_cast<DeclRefExpr>(pointer);
  const auto* local = base ? dyn_cast<VarDecl>(base->getDecl()) : nullptr;
  const std::vector<const VarDecl*>* tables = known_tables(local);
  // Only a walker of table pointers has table pointers as elements.
  if (!tables || through_element != walks_table_pointers(local->getType())) return {};
  if (holder.root != RefRoot::local || holder.path.empty() || holder.path.front() != "*") return {};
  std::vector<Ref> out;
  for (const VarDecl* table : *tables) {
    Ref field = table_place(table);
    field.path.insert(field.path.end(), holder.path.begin() + 1, holder.path.end());
    field.display = holder.display;
    out.push_back(std::move(field));
  }
  return out;
}

Ref Extractor::returned_table(const Expr* returned) const {
  // `for (p = k_builtin; *p; p++) if (...) return *p;` gives an element of
  // the array of table pointers; `for (m = all_mechanisms; m->name; m++) ...
  // return m;` the address of an element of the array of tables, as
  // `return &all_mechanisms[i];` does.
  const Expr* pointer = bare(returned);
  bool element = false;
  if (const auto* deref = dyn_cast<UnaryOperator>(pointer); deref && deref->getOpcode() == UO_Deref) {
    pointer = bare(deref->getSubExpr());
    element = true;
  }
  const auto* name = dyn_cast<DeclRefExpr>(pointer);
  const auto* local = name ? dyn_cast<VarDecl>(name->getDecl()) : nullptr;
  const std::vector<const VarDecl*>* tables = known_tables(local);
  if (!tables || tables->size() != 1 || element != walks_table_pointers(local->getType())) return {};
  Ref out = table_place(tables->front());
  if (!element) out.path.push_back("&");
  return out;
}

const std::vector<const VarDecl*>* Extractor::known_tables(const VarDecl* local) const {
  auto tables = local ? local_tables_.find(local) : local_tables_.end();
  if (tables == local_tables_.end() || open_local_tables_.contains(local)) return nullptr;
  return &tables->second;
}

Ref Extractor::table_place(const VarDecl* table) const {
  Ref place;
  place.root = RefRoot::global;
  place.base = tu_.id_of(table);
  if (table->getType()->isArrayType()) place.path.push_back("[]");
  return place;
}

/// A `void (LogMessage::*)()` can only point to a method of LogMessage or of
/// one of its bases with that type: when the project defines the class, those
/// are all the call can run (glog's send_method_, absl::Condition's method).
void Extractor::member_pointer_targets(QualType type, Event& e) {
  const auto* pointer = type.isNull() ? nullptr : type->getAs<MemberPointerType>();
  // getMostRecentCXXRecordDecl() dereferences a null class (a pointer to
  // member of a dependent or incomplete class type): look it up by hand.
  const CXXRecordDecl* record =
      pointer && pointer->getClass() ? pointer->getClass()->getAsCXXRecordDecl() : nullptr;
  if (!record || !record->hasDefinition() || record->isDependentContext() ||
      tu_.in_system_header(record->getLocation()))
    return;
  record = record->getDefinition();
  const QualType method_type = pointer->getPointeeType();
  std::vector<const CXXRecordDecl*> classes{record};
  record->forallBases([&](const CXXRecordDecl* base) {
    classes.push_back(base);
    return true;
  });
  // The same return and parameter types, whatever the method's const or ref
  // qualifiers: absl::Condition keeps a `bool (T::*)() const` as a
  // `bool (T::*)()` and casts it back.
  const auto* wanted = method_type->getAs<FunctionProtoType>();
  if (!wanted) return;
  auto same_signature = [&](const CXXMethodDecl* method) {
    const auto* have = method->getType()->getAs<FunctionProtoType>();
    if (!have || have->getNumParams() != wanted->getNumParams() || have->isVariadic() != wanted->isVariadic() ||
        !tu_.ast().hasSameType(have->getReturnType(), wanted->getReturnType()))
      return false;
    for (unsigned i = 0; i < have->getNumParams(); ++i)
      if (!tu_.ast().hasSameType(have->getParamType(i), wanted->getParamType(i))) return false;
    return true;
  };
  for (const CXXRecordDecl* cls : classes) {
    if (tu_.in_system_header(cls->getLocation())) return;  // a library base: its methods are unknown here
    for (const CXXMethodDecl* method : cls->methods())
      // A method of a class template that no code instantiates has no
      // address to point to (taking one instantiates it).
      if (!method->isStatic() && !isa<CXXConstructorDecl>(method) && !isa<CXXDestructorDecl>(method) &&
          !(method->isTemplateInstantiation() && !method->isDefined()) && same_signature(method)) {
        Arg target;
        target.kind = ArgKind::function;
        target.function = tu_.id_of(method);
        e.args.push_back(std::move(target));
      }
  }
  if (!e.args.empty()) e.flags |= event_flags::member_pointer;
}

void Extractor::on_call(const CallExpr* call) {
  const FunctionDecl* callee = call->getDirectCallee();
  const Expr* callee_expr = bare(call->getCallee());
  const Vocabulary& vocabulary = tu_.vocabulary();
  for (const Expr* arg : call->arguments()) store_through_address(arg, call);
  if (callee) {
    const llvm::StringRef name = identifier(callee);
    const std::string qualified = qualified_name(callee);
    if (call->getNumArgs() > 0 && vocabulary.is_thread_join(callee))
      // `pthread_join (tid, NULL)`, `uv_thread_join (&tid)`: the handle, by value or by address.
      thread_join(call, call->getExprLoc(),
                  is_address_of(call->getArg(0)) ? RefBuilder::deref(ref_of(call->getArg(0))) : ref_of(call->getArg(0)));
    if (call->getNumArgs() > 0 && spin_lock_step(call)) return;
    // pthread / C11 locks on their first argument.
    if (call->getNumArgs() > 0) {
      const LockAction action = vocabulary.function_lock_action(name);
      // `pthread_mutex_init (&g_lock, NULL)`: the lock is created where it
      // lies (a lazy creation when a test guards it). Its set-up is read below.
      if (action == LockAction::init) {
        if (Ref lock = RefBuilder::deref(ref_of(call->getArg(0))); !lock.empty() && lock.root != RefRoot::local) {
          Event& e = emit(EventKind::create, call->getExprLoc(), call);
          e.ref = std::move(lock);
          e.ref.display = refs_.display_of(call->getArg(0));
          e.text = "init";
          e.callee = "lock:" + name.str();
        }
      } else if (action != LockAction::none) {
        Ref lock = RefBuilder::deref(ref_of(call->getArg(0)));
        if (lock.empty()) return;
        lock.display = refs_.display_of(call->getArg(0));
        if (action == LockAction::destroy) {
          emit(EventKind::destroy_lock, call->getExprLoc(), call).ref = std::move(lock);
          return;
        }
        Event& e = emit(action == LockAction::release ? EventKind::release : EventKind::acquire,
                        call->getExprLoc(), call);
        e.ref = std::move(lock);
        if (action == LockAction::acquire) e.flags |= event_flags::definitely;
        if (action != LockAction::release && vocabulary.is_shared_lock(name)) e.flags |= event_flags::shared;
        // Recursive by its type (g_rec_mutex_lock (&self->mutex) takes a
        // GRecMutex*) or by its set-up in this TU (PTHREAD_MUTEX_RECURSIVE).
        const QualType handle = call->getArg(0)->getType();  // as converted to the parameter
        if ((handle->isPointerType() && vocabulary.is_recursive_mutex(handle->getPointeeType())) ||
            recursive_locks_.contains(RefBuilder::key_text(e.ref)))
          e.flags |= event_flags::recursive;
        return;
      }
    }
    if (qualified == "std::lock") {
      for (const Expr* arg : call->arguments()) {
        Ref lock = ref_of(arg);
        if (lock.empty()) continue;
        lock.display = refs_.display_of(arg);
        Event& e = emit(EventKind::acquire, call->getExprLoc(), call);
        e.ref = std::move(lock);
        e.flags |= event_flags::definitely;
      }
      return;
    }
    if ((name == "signal" || name == "sigset" || name == "bsd_signal" || name == "sysv_signal") &&
        call->getNumArgs() == 2 && callee->getDeclContext()->isTranslationUnit()) {
      signal_handler(call, call->getArg(1), name.str());
      return;
    }
    if ((name == "invoke" || name == "invoke_r") && call->getNumArgs() > 0) {
      if (callable_invocation(call->getArg(0), call, "invokes")) return;
    }
    // A mutex set up as recursive (prepare read the attributes and the
    // set-ups): pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE), then
    // pthread_mutex_init(m, &a); or C11's mtx_init(m, mtx_plain | mtx_recursive).
    if (name == "pthread_mutexattr_settype" && call->getNumArgs() == 2) return;
    if ((name == "pthread_mutex_init" || name == "mtx_init") && call->getNumArgs() == 2) {
      Ref lock = RefBuilder::deref(ref_of(call->getArg(0)));
      const bool member = llvm::any_of(lock.path, is_field_element);
      if (recursive_made_.contains(RefBuilder::key_text(lock))) {
        if (!lock.empty()) {
          recursive_locks_.insert(RefBuilder::key_text(lock));
          // A lock of a global or a member is recursive wherever it is
          // locked, also a member of an object a parameter points to
          // (`pthread_mutex_init (&l->m, &a)` in `legacy_init (legacy* l)`:
          // every legacy's m). A lock in a local or reached through a
          // parameter (a factory's fresh object, also its member in
          // `zlock_alloc_recursive` or APR's `apr_thread_mutex_create_nested`;
          // one set up in place by `vlc_mutex_init_recursive (&pl->items_lock)`)
          // is recursive in whatever receives it, as `zlock_alloc`'s is plain.
          const bool through_frame = lock.root == RefRoot::local || lock.root == RefRoot::param;
          if (through_frame) fact_.flags |= function_flags::makes_recursive_lock;
          if (!through_frame || member) tu_.facts().recursive_locks.push_back({lock});
          // A constructor that sets up its own member mutex recursive
          // (poco's `MutexImpl::MutexImpl ()`, not `MutexImpl (bool fast)`):
          // a class whose constructor runs it as a base is recursive.
          if (lock.root == RefRoot::this_object && fact_.has(function_flags::constructor))
            fact_.flags |= function_flags::makes_recursive_lock;
        }
      } else if ((lock.root == RefRoot::local || lock.root == RefRoot::param) && member && recursive_made_.empty()) {
        // `zlock_alloc`'s `pthread_mutex_init (&l->m, NULL)` beside
        // `zlock_alloc_recursive`'s: what it makes is plain, whatever the
        // type (unless it sets up a recursive mutex too).
        fact_.flags |= function_flags::makes_plain_lock;
      }
      return;
    }
    // Once-only callables: std::call_once(flag, f), pthread_once(&once, f).
    if ((name == "call_once" || name == "pthread_once") && call->getNumArgs() >= 2) {
      const Arg entry = classify_arg(call->getArg(1));
      if (entry.kind == ArgKind::lambda || entry.kind == ArgKind::function) {
        Event& e = emit(EventKind::call, call->getBeginLoc(), call);
        e.callee = entry.function;
        e.flags |= event_flags::once_init;
        if (const auto* lambda = dyn_cast<LambdaExpr>(through_conversions(call->getArg(1))))
          tu_.note_runs_once(lambda->getCallOperator());
        else if (const auto* fn = dyn_cast<DeclRefExpr>(through_conversions(call->getArg(1))))
          tu_.note_runs_once(dyn_cast<FunctionDecl>(fn->getDecl()));
      }
      return;
    }
    // Asio's free `post (pool, f)`, `dispatch (ex, f)`, `defer (ex, f)`: the
    // same hand-over as the member form (`pool.post (f)`, taskSubmitMethods).
    if (vocabulary.is_task_submit_method(name) && call->getNumArgs() >= 2 &&
        (qualified == "boost::asio::" + name.str() || qualified == "asio::" + name.str())) {
      std::vector<const Expr*> args(call->arg_begin() + 1, call->arg_end());
      thread_start(call, args, qualified);
      return;
    }
    if (vocabulary.is_thread_start(qualified)) {
      std::vector<const Expr*> args(call->arg_begin(), call->arg_end());
      // `std::async (std::launch::deferred, f)` runs f on the thread that
      // waits for its result, when it waits (on_member_call: a local's
      // `get`/`wait`), not on a thread of its own and not here.
      if (launches_deferred(args)) return;
      thread_start(call, args, qualified);
      // `std::async (std::launch::async, work);` whose future is dropped at
      // once: its destructor waits for the thread, a blocking call here.
      if (qualified == "std::async" && tu_.vocabulary().is_named_system_call(qualified) &&
          blocks_as_called(qualified, call)) {
        system_call(call, qualified);
      }
      // A thread API the project itself defines (glib's g_thread_new, scanned
      // as part of glib) also runs its own body in the caller: a call too.
      if (tu_.in_system_header(callee->getLocation())) return;
      call_event(call, callee, nullptr, false, args);
      return;
    }
    // `std::make_unique<T>(args...)`: T's constructor runs with them; for a
    // `std::make_unique<std::thread> (work)`, that starts a thread.
    forwarded_construction(call);
    if (const Forwarded forwarded = forwarded_arguments(call); !forwarded.type.isNull())
      if (const auto* made = Vocabulary::record_of(forwarded.type);
          made && tu_.vocabulary().is_thread_start(qualified_name(made)))
        thread_start(call, forwarded.args, qualified_name(made));
    std::vector<const Expr*> args(call->arg_begin(), call->arg_end());
    call_event(call, callee, nullptr, false, args);
    return;
  }
  // Pointer to member: (obj->*pmf)(x).
  if (const auto* pointer_to_member = dyn_cast<BinaryOperator>(callee_expr);
      pointer_to_member && pointer_to_member->isPtrMemOp()) {
    if (is_own_dispatch_table(pointer_to_member->getRHS())) return;
    const Expr* member = bare(pointer_to_member->getRHS());
    if (const auto* ref = dyn_cast<DeclRefExpr>(member);
        ref && isa<ParmVarDecl>(ref->getDecl()) && refs_.is_own_param(cast<ParmVarDecl>(ref->getDecl()))) {
      Event& e = emit(EventKind::invoke_param, call->getBeginLoc(), call);
      e.index = cast<ParmVarDecl>(ref->getDecl())->getFunctionScopeIndex();
      e.text = describe_callable_param(cast<ParmVarDecl>(ref->getDecl()));
      // Whatever a caller passes, it points to one of these methods: the
      // class's own code, judged when the callers are not all known.
      member_pointer_targets(member->getType(), e);
      return;
    }
    Event& e = emit(EventKind::foreign, call->getBeginLoc(), call);
    e.text = "calls through the pointer to member '" + refs_.display_of(member) + "'";
    member_pointer_targets(member->getType(), e);
    return;
  }
  // std::invoke(f, ...) in a template, before overload resolution.
  if (const auto* unresolved = dyn_cast<UnresolvedLookupExpr>(callee_expr)) {
    if (unresolved->getName().getAsString() == "invoke" && call->getNumArgs() > 0)
      callable_invocation(call->getArg(0), call, "invokes");
    return;
  }
  // A function pointer, a callable parameter, or a dependent call in a template.
  callable_invocation(callee_expr, call, "calls");
}

void Extractor::on_construct(const CXXConstructExpr* construct) {
  const CXXConstructorDecl* ctor = construct->getConstructor();
  if (!ctor) return;
  const std::string record = qualified_name(ctor->getParent());
  if (tu_.vocabulary().is_thread_start(record)) {
    std::vector<const Expr*> args(construct->arg_begin(), construct->arg_end());
    thread_start(construct, args, record);
    return;
  }
  // `std::ofstream out (path)` opens a file as fopen does: a library
  // constructor the vocabulary names (`std::basic_ofstream::basic_ofstream`)
  // is a call of it, when it is given something (a default-constructed
  // stream opens nothing; a moved one was opened elsewhere).
  if (construct->getNumArgs() > 0 && !ctor->isCopyOrMoveConstructor() &&
      tu_.in_system_header(ctor->getLocation())) {
    std::string named = record + "::" + ctor->getNameAsString();
    if (tu_.vocabulary().is_named_system_call(named)) {
      system_call(construct, named);
      return;
    }
  }
  // A temporary, a `new` or an aggregate's element; a variable's or a
  // member's construction is its declaration's or initializer's event.
  if (own_constructions_.contains(construct) || !construction_calls(construct)) return;
  construction_event(construct, construct->getBeginLoc(), construct);
}

Extractor::Forwarded Extractor::forwarded_arguments(const CallExpr* call) const {
  const FunctionDecl* callee = call->getDirectCallee();
  if (!callee) return {};
  const llvm::StringRef name = identifier(callee);
  const llvm::ArrayRef<const Expr*> args(call->getArgs(), call->getNumArgs());
  if (callee->isInStdNamespace() && (name == "make_unique" || name == "make_shared" || name == "allocate_shared")) {
    const TemplateArgumentList* made = callee->getTemplateSpecializationArgs();
    if (!made || made->size() == 0 || made->get(0).getKind() != TemplateArgument::Type) return {};
    if (name == "allocate_shared") return args.empty() ? Forwarded{} : Forwarded{made->get(0).getAsType(), args.drop_front()};
    return {made->get(0).getAsType(), args};
  }
  // A container's element: its first template argument.
  const auto* member = dyn_cast<CXXMemberCallExpr>(call);
  if (!member || !name.starts_with("emplace") || !member->getImplicitObjectArgument()) return {};
  const auto* container = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      Vocabulary::record_of(Vocabulary::held_type(member->getImplicitObjectArgument()->getType())));
  if (!container || container->getTemplateArgs().size() == 0 ||
      container->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return {};
  return {container->getTemplateArgs()[0].getAsType(), args};
}

/// The project's constructor a library template (make_unique, emplace_back)
/// runs with the caller's arguments: the one its instantiated body calls
/// (looked up once per TU), else the only one that takes that many arguments.
const CXXConstructorDecl* Extractor::forwarded_constructor(const CallExpr* call, const Forwarded& forwarded) const {
  const auto* record = forwarded.type.isNull() ? nullptr : Vocabulary::record_of(forwarded.type);
  if (!record || !record->hasDefinition() || tu_.in_system_header(record->getLocation())) return nullptr;
  const FunctionDecl* callee = call->getDirectCallee();
  const TuContext::ForwardKey key{callee->getCanonicalDecl(),
                                  forwarded.type->getCanonicalTypeUnqualified().getTypePtr()};
  auto [cached, inserted] = tu_.forwarded_constructors().try_emplace(key, nullptr);
  if (inserted) cached->second = ForwardedConstructor(tu_.ast().getSourceManager(), forwarded.type).in(callee);
  if (const CXXConstructorDecl* ctor = cached->second; ctor && ctor->isUserProvided() &&
                                                       !tu_.in_system_header(ctor->getLocation()))
    return ctor;
  const CXXConstructorDecl* match = nullptr;
  for (const CXXConstructorDecl* ctor : record->getDefinition()->ctors()) {
    if (ctor->isCopyOrMoveConstructor() || ctor->getMinRequiredArguments() > forwarded.args.size() ||
        ctor->getNumParams() < forwarded.args.size())
      continue;
    if (match) return nullptr;  // ambiguous without overload resolution
    match = ctor;
  }
  return match;
}

void Extractor::forwarded_construction(const CallExpr* call) {
  const Forwarded forwarded = forwarded_arguments(call);
  const CXXConstructorDecl* ctor = forwarded_constructor(call, forwarded);
  if (!ctor) return;
  Event& e = emit(EventKind::call, call->getBeginLoc(), call);
  e.callee = tu_.id_of(ctor);
  for (const Expr* arg : forwarded.args) e.args.push_back(classify_arg(arg));
}

/// `hook = &Default;`, `ops.copy = CopyImpl;`, `handler_ = h;`: what a
/// function pointer is set to.
void Extractor::store_callable(const Expr* target, const Expr* value, const Stmt* at) {
  const QualType type = target->getType();
  if (type.isNull() || !type->isFunctionPointerType() && !type->isMemberFunctionPointerType()) return;
  Ref holder = place_of_callable(target);
  // A local function pointer is kept (`clear = info->clear;`: what a call
  // through it runs); a local object's fields are not the object's stores.
  if (holder.empty() || (is_local_variable(holder) && !(holder.path.empty() && type->isFunctionPointerType())))
    return;
  store_callable_value(holder, value, at);
}

void Extractor::store_through_address(const Expr* arg, const CallExpr* call) {
  const auto* address = dyn_cast<UnaryOperator>(arg->IgnoreParenCasts());
  if (!address || address->getOpcode() != UO_AddrOf) return;
  const Expr* target = address->getSubExpr()->IgnoreParens();
  const QualType type = target->getType();
  if (type.isNull() || !type->isFunctionPointerType()) return;
  Ref holder = place_of_callable(target);
  if (holder.empty() || (is_local_variable(holder) && !holder.path.empty())) return;
  Event& e = emit(EventKind::store_callable, call->getExprLoc(), call);
  e.ref = std::move(holder);  // no value: whatever the callee writes there
}

void Extractor::store_callable_value(const Ref& holder, const Expr* value, const Stmt* at) {
  // `hook = quiet ? quiet_log : count_log;`: a store of either.
  if (const auto* choice = dyn_cast_or_null<ConditionalOperator>(bare(value))) {
    for (const Expr* branch : {choice->getTrueExpr(), choice->getFalseExpr()}) store_callable_value(holder, branch, at);
    return;
  }
  Event& e = emit(EventKind::store_callable, at->getBeginLoc(), at);
  e.ref = holder;
  describe_stored(e, value);
}

/// What a function pointer is set to: a function or lambda (`callee`), null
/// (`text`), a parameter (`op_(op)`) or another pointer the project can look
/// up (`copy->free = orig->free`), both in `args`; else nothing, unknown.
void Extractor::describe_stored(Event& e, const Expr* value) {
  const Arg source = classify_arg(value);
  if (source.kind == ArgKind::function || source.kind == ArgKind::lambda) e.callee = source.function;
  else if (is_null_literal(value, tu_.ast())) e.text = "null";
  else if (source.kind == ArgKind::param || (source.kind == ArgKind::foreign_callable && !source.ref.empty()))
    e.args.push_back(source);
}

/// A std::function (or other type-erased callable) data member only its class
/// can assign: private or protected, or a member of a nested type the class
/// keeps private (only_its_class_names). A public one (a struct of handlers its
/// users fill in, like spdlog's file_event_handlers) is set by code the
/// project does not show, so its stores are not recorded.
bool Extractor::owned_callable_field(const Expr* place) const {
  const auto* member = dyn_cast_or_null<MemberExpr>(place ? place->IgnoreParenImpCasts() : nullptr);
  const auto* field = member ? dyn_cast<FieldDecl>(member->getMemberDecl()) : nullptr;
  return field && owned_callable(field);
}

bool Extractor::owned_callable(const FieldDecl* field) const {
  return only_its_class_names(field) && tu_.vocabulary().is_callback_type(field->getType()) &&
         !is_template_parameter_type(field->getType());
}

/// A callable field of a record type the class keeps private
/// (`struct Transition { int next; std::function<void ()> action; };` in its
/// private section): the field of any object of that type. Only the class
/// makes such records, so every store into the field, wherever the record
/// lives (an element of `std::map<int, Transition> table_`, a member, a
/// local), says what a call through it can run.
Ref Extractor::record_field_place(const Expr* place) const {
  const auto* member = dyn_cast_or_null<MemberExpr>(place ? place->IgnoreParenImpCasts() : nullptr);
  const auto* field = member ? dyn_cast<FieldDecl>(member->getMemberDecl()) : nullptr;
  if (!field || !in_private_nested_record(field) || is_template_parameter_type(field->getType())) return {};
  const QualType type = field->getType();
  if (!tu_.vocabulary().is_callback_type(type) && !type->isFunctionPointerType() && !type->isMemberFunctionPointerType())
    return {};
  Ref ref;
  ref.root = RefRoot::object_field;
  ref.path.push_back(qualified_name(field));
  ref.display = refs_.display_of(place);
  return ref;
}

/// `table_[0] = {1, [this] { ... }}`, `Transition{0, f}`,
/// `commands_.push_back ({name, std::move (handler)})`: a record the class
/// keeps private, built from a list, stores into its callable fields.
void Extractor::on_init_list(const InitListExpr* list) {
  if (list->isSyntacticForm() && list->getSemanticForm()) list = list->getSemanticForm();
  const auto* record = list->getType().isNull() ? nullptr : list->getType()->getAsCXXRecordDecl();
  if (!record || record->isUnion() || !record->hasDefinition() || tu_.in_system_header(record->getLocation())) return;
  unsigned index = record->getNumBases();  // an aggregate's bases come first
  for (const FieldDecl* field : record->fields()) {
    if (field->isUnnamedBitField()) continue;
    if (index >= list->getNumInits()) break;
    const Expr* value = list->getInit(index++);
    const QualType type = field->getType();
    if (!in_private_nested_record(field) || is_template_parameter_type(type)) continue;
    const bool erased = tu_.vocabulary().is_callback_type(type);
    if (!erased && !type->isFunctionPointerType() && !type->isMemberFunctionPointerType()) continue;
    Event& e = emit(EventKind::store_callable, value->getBeginLoc(), list);
    e.ref.root = RefRoot::object_field;
    e.ref.path.push_back(qualified_name(field));
    e.ref.display = field->getNameAsString();
    const Expr* source = erased ? stored_callable_source(value) : value;
    if (!source || isa<ImplicitValueInitExpr>(bare(source)) || is_null_literal(source, tu_.ast())) e.text = "null";
    else describe_stored(e, source);
  }
}

/// A container member only its class can name whose elements are
/// type-erased callables (`std::map<int, std::function<void ()>> actions_;`,
/// `std::vector<std::function<void ()>> handlers_;` in the private section):
/// the field, else nullptr. What its elements hold is what the class puts in.
const FieldDecl* Extractor::owned_callable_container(const Expr* object) const {
  const auto* member = dyn_cast_or_null<MemberExpr>(object ? bare(object) : nullptr);
  const auto* field = member ? dyn_cast<FieldDecl>(member->getMemberDecl()) : nullptr;
  if (!field || !isa<CXXThisExpr>(bare(member->getBase())) || !only_its_class_names(field)) return nullptr;
  const auto* container = dyn_cast_or_null<ClassTemplateSpecializationDecl>(Vocabulary::record_of(field->getType()));
  if (!container || !tu_.vocabulary().is_listed_container(field->getType())) return nullptr;
  for (const TemplateArgument& arg : container->getTemplateArgs().asArray())
    if (arg.getKind() == TemplateArgument::Type && tu_.vocabulary().is_callback_type(arg.getAsType()) &&
        !is_template_parameter_type(arg.getAsType()))
      return field;
  return nullptr;
}

/// The elements of such a container, as a call through one names them:
/// `actions_[k]`, `actions_.at (k)`, `handlers_.front ()`, `it->second` or
/// `*it` with `it` from `actions_.find (k)` (or begin, lower_bound ...), the
/// variable of a range-for over it (also a structured binding's name). Empty
/// otherwise.
Ref Extractor::owned_callable_elements(const Expr* holder) const {
  holder = bare(holder);
  auto elements_of_field = [&](const Expr* object) -> Ref {
    const FieldDecl* field = owned_callable_container(object);
    if (!field) return {};
    Ref ref = elements(member_of_this(field));
    ref.display = refs_.display_of(holder);
    return ref;
  };
  // An iterator local set once from a lookup on the container.
  auto iterator_of = [&](const Expr* e) -> Ref {
    const auto* ref = dyn_cast<DeclRefExpr>(bare(e));
    const auto* local = ref ? dyn_cast<VarDecl>(ref->getDecl()) : nullptr;
    if (!local || !local->isLocalVarDecl() || !local->getInit() || rebound_locals_.contains(local)) return {};
    const auto* lookup = dyn_cast<CXXMemberCallExpr>(bare(local->getInit()));
    if (!lookup || !lookup->getMethodDecl()) return {};
    const llvm::StringRef name = identifier(lookup->getMethodDecl());
    if (name != "find" && name != "begin" && name != "lower_bound" && name != "upper_bound" && name != "rbegin")
      return {};
    return elements_of_field(lookup->getImplicitObjectArgument());
  };
  if (const auto* member = dyn_cast<MemberExpr>(holder); member && identifier(member->getMemberDecl()) == "second") {
    const Expr* base = bare(member->getBase());
    if (const auto* arrow = dyn_cast<CXXOperatorCallExpr>(base); arrow && arrow->getOperator() == OO_Arrow)
      return iterator_of(arrow->getArg(0));
    return owned_callable_elements(base);  // `p.second` with `p` an element
  }
  if (const auto* star = dyn_cast<CXXOperatorCallExpr>(holder); star && star->getOperator() == OO_Star)
    return iterator_of(star->getArg(0));
  if (const auto* element = dyn_cast<CXXOperatorCallExpr>(holder);
      element && element->getOperator() == OO_Subscript && element->getNumArgs() == 2)
    return elements_of_field(element->getArg(0));
  if (const auto* call = dyn_cast<CXXMemberCallExpr>(holder); call && call->getMethodDecl()) {
    const llvm::StringRef name = identifier(call->getMethodDecl());
    if (name == "at" || name == "front" || name == "back") return elements_of_field(call->getImplicitObjectArgument());
    return {};
  }
  if (const auto* ref = dyn_cast<DeclRefExpr>(holder)) {
    const VarDecl* var = dyn_cast<VarDecl>(ref->getDecl());
    if (const auto* binding = dyn_cast<BindingDecl>(ref->getDecl()))
      var = dyn_cast_or_null<VarDecl>(binding->getDecomposedDecl());
    if (auto it = var ? range_loop_vars_.find(var) : range_loop_vars_.end(); it != range_loop_vars_.end())
      return elements_of_field(it->second);
  }
  return {};
}

/// `actions_.emplace (k, [this] { ... })`, `handlers_.push_back (f)`: what the
/// class puts into a container of callables it owns. Another change of it
/// (an assignment of the whole container, an insert of a range) stores
/// something the facts do not name.
void Extractor::store_into_callable_container(const CXXMemberCallExpr* call, const FieldDecl* field) {
  static const llvm::StringSet<> adds = {"push_back", "emplace_back", "push_front", "emplace_front", "insert",
                                        "emplace", "try_emplace", "insert_or_assign", "emplace_hint"};
  const llvm::StringRef name = identifier(call->getMethodDecl());
  if (call->getMethodDecl()->isConst() ||
      !(adds.contains(name) || name == "assign" || name == "swap" || name == "merge"))
    return;
  Event& e = emit(EventKind::store_callable, call->getExprLoc(), call);
  e.ref = elements(member_of_this(field));
  if (!adds.contains(name)) return;  // unknown values
  for (const Expr* arg : call->arguments()) {
    const Expr* value = bare(arg);
    if (const auto* list = dyn_cast<InitListExpr>(value); list && list->getNumInits() > 0)
      value = bare(list->getInit(list->getNumInits() - 1));  // `{k, [this] {...}}`
    if (const auto* construct = dyn_cast<CXXConstructExpr>(value);
        construct && !tu_.vocabulary().is_callback_type(construct->getType()) && construct->getNumArgs() > 0)
      value = bare(construct->getArg(construct->getNumArgs() - 1));  // `std::pair (k, f)`
    const Arg source = classify_arg(value);
    if (source.kind == ArgKind::lambda || source.kind == ArgKind::function || source.kind == ArgKind::param ||
        source.kind == ArgKind::foreign_callable || is_null_literal(value, tu_.ast())) {
      if (const Expr* stored = stored_callable_source(value)) describe_stored(e, stored);
      else describe_stored(e, value);
    }
  }
}

/// What a std::function (or another type-erased callable) is built or moved
/// from: the lambda, function, parameter or other callable (for
/// describe_stored). Null when it is default-constructed (an implicit member
/// initializer, `std::function<void()> f;`): that is no store.
const Expr* Extractor::stored_callable_source(const Expr* value) const {
  while ((value = through_temporaries(value))) {
    if (const auto* construct = dyn_cast<CXXConstructExpr>(value);
        construct && tu_.vocabulary().is_callback_type(construct->getType()))
      value = construct->getNumArgs() == 0 ? nullptr : construct->getArg(0);
    else if (const auto* list = dyn_cast<InitListExpr>(value); list && list->getNumInits() == 0)
      value = nullptr;
    else
      break;
  }
  return value;
}

/// `transport->vtable = &socket_vtable;`, `server->vtable = vtable;`: which
/// table of function pointers a pointer field points to. The project decides
/// what a call through `transport->vtable->finalize` runs from the tables
/// stored there.
void Extractor::store_table(Ref holder, QualType type, const Expr* value, const Stmt* at) {
  if (type.isNull() || !type->isPointerType() || !holds_function_pointers(type->getPointeeType())) return;
  if (holder.empty() || is_local_variable(holder)) return;
  Event& e = emit(EventKind::store_table, at->getBeginLoc(), at);
  e.ref = std::move(holder);
  if (is_null_literal(value, tu_.ast())) {
    e.text = "null";
    return;
  }
  std::vector<Arg> sources;
  if (table_sources(value, sources)) e.args = std::move(sources);
}

/// The tables a pointer to a table of function pointers is set to, into
/// `out`; false when that is not known. `v->ops = sine ? &sine_ops :
/// &noise_ops;` is a store of either (a null branch stores no table).
bool Extractor::table_sources(const Expr* value, std::vector<Arg>& out) {
  if (is_null_literal(value, tu_.ast())) return true;
  if (const auto* choice = dyn_cast<ConditionalOperator>(bare(value)))
    return table_sources(choice->getTrueExpr(), out) && table_sources(choice->getFalseExpr(), out);
  // `sub->klass = klass;`: the tables the local was set to.
  if (const auto* ref = dyn_cast<DeclRefExpr>(bare(value)))
    if (const auto* local = dyn_cast<VarDecl>(ref->getDecl()); local && local_tables_.contains(local)) {
      if (open_local_tables_.contains(local)) return false;
      const auto& tables = local_tables_.find(local)->second;
      // An element of an array of tables: not one table's address.
      if (llvm::any_of(tables, [](const VarDecl* table) { return table->getType()->isArrayType(); })) return false;
      for (const VarDecl* table : tables) {
        Arg source;
        source.kind = ArgKind::ref;
        source.ref = table_place(table);  // not an array: checked above
        source.ref.path.push_back("&");
        out.push_back(std::move(source));
      }
      return true;
    }
  Arg source;
  source.kind = ArgKind::ref;
  source.ref = refs_.ref_of(value);
  // `l->entry_map = default_entries;`: an array of tables, decayed to the
  // address of its first element, is the address of any of its elements.
  if (const auto* decay = dyn_cast<ImplicitCastExpr>(value->IgnoreParens());
      decay && decay->getCastKind() == CK_ArrayToPointerDecay && source.ref.root == RefRoot::global &&
      source.ref.path.empty()) {
    source.ref.path = {"[]", "&"};
    source.ref.display.clear();
  }
  const bool parameter = source.ref.root == RefRoot::param && source.ref.path.empty();
  // `auth->mech = find_mech (name);`: what the function returns.
  const bool returned = source.ref.root == RefRoot::call_result && source.ref.path.empty();
  // `klass = find_element_class (name); ... element->klass = klass;`: the
  // project phase follows what the local was set to.
  const bool set_local = source.ref.root == RefRoot::local && source.ref.path.empty();
  // `c->mod = crawler_mod_regs[type];`: an element of a global array of table
  // pointers, one of the tables its initializer lists.
  const bool element = is_global_element(source.ref);
  if (table_address_key(source.ref).empty() && !parameter && !returned && !set_local && !element) return false;
  out.push_back(std::move(source));
  return true;
}

/// `conn->names = g_hash_table_new (g_str_hash, g_str_equal);`: what a field
/// or global that points to an object is set to. The project follows the
/// call into the factory to learn which function pointers the object it
/// returns carries. Any other value is recorded as unknown, so that a holder
/// whose stores are all factory calls is one the project fully knows.
Event* Extractor::store_object(Ref holder, QualType type, const Expr* value, const Stmt* at) {
  if (type.isNull()) return nullptr;
  // A std::unique_ptr or std::shared_ptr field or global holds its object as
  // a pointer does (`items_ (Pool::Make (&FreeItem))`); its locals are
  // store_owned_object's.
  const bool owner = is_owning_pointer(type) && Vocabulary::record_of(Vocabulary::held_type(type));
  if (!type->isPointerType() && !owner) return nullptr;
  // A local too (`table *t = table_new_full (...); ... return t;`): a
  // factory that returns it hands over what that call made.
  const bool field = llvm::any_of(holder.path, is_field_element);
  const bool local = holder.root == RefRoot::local && holder.path.empty();
  if (holder.empty() || (!field && !local && holder.root != RefRoot::global) || (owner && local)) return nullptr;
  // A local pointing into an array of function pointers (`fbgetfunctype *fb
  // = module_funcs_avail ();`): which array, for the calls through its elements.
  if (!owner && !type->getPointeeType()->isRecordType() &&
      !(local && type->getPointeeType()->isFunctionPointerType()))
    return nullptr;
  Event& e = emit(EventKind::store_object, at->getBeginLoc(), at);
  e.ref = std::move(holder);
  const Expr* made = value ? bare(value) : nullptr;
  // `data->files = table = read_table (dir);`: what the inner assignment stores.
  while (const auto* chained = dyn_cast_or_null<BinaryOperator>(made ? made->IgnoreCasts() : nullptr)) {
    if (chained->getOpcode() != BO_Assign) break;
    made = bare(chained->getRHS());
  }
  if (made && is_null_literal(made, tu_.ast())) {
    e.text = "null";
    return &e;
  }
  // `table_ = new Table (deleter);`: what the constructor makes of its arguments.
  if (const auto* new_expr = dyn_cast_or_null<CXXNewExpr>(made ? made->IgnoreCasts() : nullptr)) {
    if (const CXXConstructExpr* construct = new_expr->getConstructExpr(); construct && !new_expr->isArray())
      if (const CXXConstructorDecl* ctor = construct->getConstructor()) {
        e.callee = tu_.id_of(ctor);
        for (const Expr* arg : construct->arguments()) e.args.push_back(classify_arg(arg));
      }
    // The class of a polymorphic object: its virtual calls run that class's overrides.
    if (polymorphic_pointee(type))
      if (const CXXRecordDecl* record = new_expr->getAllocatedType()->getAsCXXRecordDecl())
        e.text = "new:" + tu_.id_of(record);
    return &e;
  }
  const auto* call = made ? dyn_cast<CallExpr>(made->IgnoreCasts()) : nullptr;
  const FunctionDecl* callee = call ? call->getDirectCallee() : nullptr;
  // `Iterator* it = block->NewIterator (cmp);`: a polymorphic object made by a
  // method the call names (not a virtual one): which classes it may be is
  // what the method returns.
  if (const auto* member = dyn_cast_or_null<CXXMemberCallExpr>(call); member && polymorphic_pointee(type))
    if (const CXXMethodDecl* method = member->getMethodDecl(); method && !method->isVirtual()) {
      e.callee = tu_.id_of(method);
      for (const Expr* arg : member->arguments()) e.args.push_back(classify_arg(arg));
      return &e;
    }
  if (!callee || isa<CXXMemberCallExpr>(call) || isa<CXXOperatorCallExpr>(call)) {
    // `table *t = c->sources;`: a copy of what another holder holds.
    if (!call && made)
      if (Ref source = ref_of(made->IgnoreCasts());
          !source.empty() && (source.root == RefRoot::global || llvm::any_of(source.path, is_field_element))) {
        e.text = "copy";
        Arg copied;
        copied.kind = ArgKind::ref;
        copied.ref = std::move(source);
        e.args.push_back(std::move(copied));
      }
    return &e;
  }
  e.callee = tu_.id_of(callee);
  for (const Expr* arg : call->arguments()) e.args.push_back(classify_arg(arg));
  return &e;
}

/// `context c = { .sources = table_new () };`, `static Registry g = {0};`:
/// what an initializer stores in pointers that hold objects, field by field.
/// A field the list leaves out is null.
void Extractor::store_objects_in(const Ref& holder, const Expr* init, const Stmt* at) {
  for_each_initialized(holder, init, [&](const Ref& place, const Expr* value) {
    if (value && !isa<ImplicitValueInitExpr>(bare(value))) store_object(place, value->getType(), value, at);
  });
}

/// `table_init (&c->table, fn)`, `void open (Table*& out)`: a callee given
/// the address of (or a reference to) a pointer that holds an object may
/// set it to anything; recorded as a store of an unknown value.
void Extractor::stores_through_arguments(const FunctionDecl* callee, llvm::ArrayRef<const Expr*> args,
                                         const Stmt* at) {
  for (size_t i = 0; i < args.size(); ++i) {
    const Expr* arg = bare(args[i]);
    if (!arg) continue;
    const Expr* pointer = nullptr;
    if (const auto* address = dyn_cast<UnaryOperator>(arg); address && address->getOpcode() == UO_AddrOf)
      pointer = address->getSubExpr();
    else if (i < callee->getNumParams() && callee->getParamDecl(i)->getType()->isLValueReferenceType() &&
             !callee->getParamDecl(i)->getType().getNonReferenceType().isConstQualified())
      pointer = arg;
    if (!pointer) continue;
    const QualType type = pointer->getType();
    if (type.isNull() || (!is_owning_pointer(type) && (!type->isPointerType() || !type->getPointeeType()->isRecordType())))
      continue;
    store_object(ref_of(pointer), type, nullptr, at);
  }
}

/// `static const Ops kOps = {&CopyA, &DestroyA};`: the stores of an aggregate
/// initializer, field by field.
void Extractor::store_callables_in(const Ref& holder, const Expr* init, const Stmt* at) {
  for_each_initialized(holder, init, [&](const Ref& place, const Expr* value) {
    // `std::atomic<Fn> hook{&f}`: the atomic's constructor stores its argument.
    if (const auto* construct = construction_of(value);
        construct && construct->getNumArgs() == 1 && Vocabulary::is_atomic(construct->getType()) &&
        !construct->getArg(0)->getType().isNull() && construct->getArg(0)->getType()->isFunctionPointerType()) {
      Event& e = emit(EventKind::store_callable, at->getBeginLoc(), at);
      e.ref = place;
      const Arg source = classify_arg(construct->getArg(0));
      if (source.kind == ArgKind::function || source.kind == ArgKind::lambda) e.callee = source.function;
      return;
    }
    const QualType type = value ? value->getType() : QualType();
    if (!type.isNull() && (type->isFunctionPointerType() || type->isMemberFunctionPointerType())) {
      store_callable_value(place, value, at);  // `op_(op)`, `fn_(other.fn_)`, `hook_(quiet ? a : b)`
    }
  });
}

void Extractor::copy_callables(const Expr* place, const Expr* value, const Stmt* at) {
  // Each function pointer field gets the other object's (`copy->free =
  // orig->free`, one store per field): what the project stores there, or
  // unknown when that object comes from a caller outside (a public setter's
  // `*cbs`) or cannot be named.
  const QualType type = place->getType();
  if (type.isNull() || !holds_function_pointers(type) || isa<InitListExpr>(bare(value))) return;
  const Ref holder = ref_of(place);
  if (holder.empty() || is_local_variable(holder)) return;
  const Ref source = ref_of(bare(value));
  for (const FieldDecl* field : type->getAsRecordDecl()->getDefinition()->fields()) {
    const QualType field_type = field->getType();
    if (!field_type->isFunctionPointerType() && !field_type->isMemberFunctionPointerType()) continue;
    Event& e = emit(EventKind::store_callable, at->getBeginLoc(), at);
    e.ref = holder;
    e.ref.path.push_back(qualified_name(field));
    if (source.empty()) continue;  // no value, not null: unknown
    Arg from;
    from.kind = ArgKind::foreign_callable;
    from.ref = source;
    from.ref.path.push_back(qualified_name(field));
    e.args.push_back(std::move(from));
  }
}

void Extractor::on_assignment(const BinaryOperator* assign) {
  const Expr* lhs = bare(assign->getLHS());
  if (assign->getOpcode() == BO_Assign) {
    copy_callables(lhs, assign->getRHS(), assign);
    store_callable(lhs, assign->getRHS(), assign);
    store_table(ref_of(lhs), lhs->getType(), assign->getRHS(), assign);
    store_object(ref_of(lhs), lhs->getType(), assign->getRHS(), assign);
  }
  // `act.sa_sigaction = handler;` before sigaction(): glibc spells the field
  // through a union (`__sigaction_handler.sa_handler`), others directly.
  if (const auto* member = dyn_cast<MemberExpr>(lhs); member && assign->getOpcode() == BO_Assign)
    if (const llvm::StringRef field = identifier(member->getMemberDecl());
        field == "sa_handler" || field == "sa_sigaction")
      signal_handler(assign, assign->getRHS(), "sigaction");
  // `g_map[k] = v` on a container without operator[] insertion is handled
  // by the subscript; here plain and compound assignments of shared state.
  if (const auto* subscript = dyn_cast<CXXOperatorCallExpr>(lhs);
      subscript && subscript->getOperator() == OO_Subscript)
    return;
  if (const VarDecl* saving = saving_assignment(assign)) {
    access(assign->getRHS(), saved_value(assign->getRHS()), AccessOp::save, "save", assign, 0);
    block_->events.back().index = refs_.local_index(saving);
  }
  const Ref target = shared_target(lhs);
  if (!target.empty()) {
    bool restore = false;
    if (assign->getOpcode() == BO_Assign)
      if (const auto* rhs = dyn_cast<DeclRefExpr>(bare(assign->getRHS())))
        if (const auto* local = dyn_cast<VarDecl>(rhs->getDecl()))
          if (saving_locals_.contains(local))
            restore = true, access(lhs, target, AccessOp::restore, "restore", assign),
            block_->events.back().index = refs_.local_index(local);
    if (!restore)
      access(lhs, target, AccessOp::write,
             assign->getOpcode() == BO_Assign ? "assignment" : "compound assignment", assign);
  }
  if (assign->getOpcode() == BO_Assign && !is_null_literal(assign->getRHS(), tu_.ast())) {
    if (!creation_kind(assign->getRHS()).empty()) create(lhs, assign->getRHS(), assign);
    if (const auto* ref = dyn_cast<DeclRefExpr>(lhs))
      if (const auto* local = dyn_cast<VarDecl>(ref->getDecl());
          local && local->isLocalVarDecl() && makes_new_object(assign->getRHS()))
        fresh_locals_.insert(local);
    // `*location = m;` after `m = malloc (...); pthread_mutex_init (m, &attr);`:
    // the object made in a local is created into where it is stored (an
    // out-parameter, a global), recursive when it was set up so.
    if (const auto* ref = dyn_cast<DeclRefExpr>(bare(assign->getRHS())))
      if (const auto* local = dyn_cast<VarDecl>(ref->getDecl()))
        if (auto made = fresh_values_.find(local); made != fresh_values_.end() && !names_local(bare(lhs)))
          if (Event* e = create(lhs, made->second, assign);
              e && recursive_made_.contains(RefBuilder::key_text(RefBuilder::deref(ref_of(assign->getRHS())))))
            e->flags |= event_flags::recursive;
  }
}

void Extractor::on_increment(const UnaryOperator* unary) {
  const Ref target = shared_target(unary->getSubExpr());
  if (!target.empty()) access(unary->getSubExpr(), target, AccessOp::write, "increment", unary);
}

void Extractor::on_reference(const DeclRefExpr* ref) {
  if (const auto* function = dyn_cast<FunctionDecl>(ref->getDecl())) {
    if (!callees_.contains(ref) && !passed_functions_.contains(ref))
      tu_.note_address_taken(function, !stored_functions_.contains(ref));
    return;
  }
  const auto* var = dyn_cast<VarDecl>(ref->getDecl());
  if (!var || !var->hasGlobalStorage()) return;
  const VarDecl* shared = tu_.shared_variable(var);
  if (!shared) return;
  Ref target;
  target.root = RefRoot::global;
  target.base = tu_.id_of(shared);
  target.display = TuContext::variable_display_name(shared);
  access(ref, target, AccessOp::read, "read", ref);
  last_read_expr_ = ref;
  last_read_event_ = block_->events.back().id;
}

void Extractor::on_field_of_read(const MemberExpr* member) {
  if (!last_read_expr_ || member->isArrow() || bare(member->getBase()) != last_read_expr_) return;
  const auto* field = dyn_cast<FieldDecl>(member->getMemberDecl());
  if (!field) return;
  for (auto it = block_->events.rbegin(); it != block_->events.rend(); ++it)
    if (it->id == last_read_event_) {
      if (it->kind != EventKind::access || it->op != AccessOp::read) return;
      it->ref.path.push_back(qualified_name(field));
      it->ref.display += "." + field->getNameAsString();
      last_read_expr_ = member;
      return;
    }
}

/// `nullptr`, `NULL`, `std::unique_ptr<It> ()`, `{}`: no object.
bool Extractor::is_null_object(const Expr* e) const {
  const Expr* made = made_expression(e);
  if (!made || is_null_literal(made, tu_.ast())) return true;
  if (const auto* construct = dyn_cast<CXXConstructExpr>(made))
    return construct->getNumArgs() == 0 && is_owning_pointer(construct->getType());
  if (const auto* list = dyn_cast<InitListExpr>(made)) return list->getNumInits() == 0;
  return false;
}

/// `std::unique_ptr<It> it = NewIterator ();`: a smart pointer local nothing
/// changes afterwards (prepare: owners_changed_) holds what its initializer
/// made (a store_object for ObjectClasses). One that is reset, assigned,
/// swapped or handed over by reference gets no store: not known.
void Extractor::store_owned_object(const VarDecl* local, const Expr* init) {
  if (!init || !is_owning_pointer(local->getType()) || !polymorphic_pointee(local->getType()) ||
      owners_changed_.contains(local) || owners_returned_.contains(local))
    return;
  Event& e = emit_object_store(local, init);
  if (is_null_object(init)) {
    e.text = "null";
    return;
  }
  const auto [record, callee] = made_by(init);
  if (record) e.text = "new:" + tu_.id_of(record);
  else if (callee) record_maker(e, callee, init);
}

/// The store of what `local`'s initializer makes, at the initializer, where
/// the call it stores is (ThreadScopes pairs them).
Event& Extractor::emit_object_store(const VarDecl* local, const Expr* init) {
  Event& e = emit(EventKind::store_object, init->getBeginLoc(), init);
  e.ref.root = RefRoot::local;
  e.ref.index = refs_.local_index(local);
  return e;
}

/// A store made by calling `maker` (`init` is the call): its callee and arguments.
void Extractor::record_maker(Event& store, const FunctionDecl* maker, const Expr* init) {
  store.callee = tu_.id_of(maker);
  if (const auto* call = dyn_cast<CallExpr>(made_expression(init)))
    for (const Expr* arg : call->arguments()) store.args.push_back(classify_arg(arg));
}

Event* Extractor::last_construction_of(const CXXRecordDecl* record) {
  std::vector<std::string> constructors;
  for (const CXXConstructorDecl* ctor : record->ctors()) constructors.push_back(tu_.id_of(ctor));
  for (auto it = block_->events.rbegin(); it != block_->events.rend(); ++it)
    if (it->kind == EventKind::call && it->ref.empty() && llvm::is_contained(constructors, it->callee)) return &*it;
  return nullptr;
}

void Extractor::own_made_object(const VarDecl* local, const Expr* init) {
  const CXXRecordDecl* owner = Vocabulary::record_of(local->getType());
  if (!owner || qualified_name(owner) != "std::unique_ptr" || owners_changed_.contains(local)) return;
  const CXXRecordDecl* record = made_by(init).first;
  if (!record || !record->hasDefinition() || tu_.in_system_header(record->getLocation())) return;
  record = record->getDefinition();
  // Its constructor's event, just emitted for the `new` or the make_unique.
  if (Event* construction = last_construction_of(record))
    construction->ref = RefBuilder::deref(local_object(local));
  // Returned (`return crew;`): the caller owns it and destroys it.
  if (!owners_returned_.contains(local)) owned_made_[local] = record;
}

void Extractor::own_returned_object(const VarDecl* local, const Expr* init) {
  const CXXRecordDecl* owner = Vocabulary::record_of(local->getType());
  if (!owner || qualified_name(owner) != "std::unique_ptr" || owners_changed_.contains(local) ||
      owners_returned_.contains(local) || owned_made_.contains(local))
    return;
  const FunctionDecl* factory = made_by(init).second;
  if (!factory || tu_.in_system_header(factory->getLocation()) || !is_owning_pointer(factory->getReturnType()))
    return;
  const CXXRecordDecl* record = Vocabulary::record_of(Vocabulary::held_type(local->getType()));
  if (!record || !record->hasDefinition() || tu_.in_system_header(record->getLocation())) return;
  // What the factory made, as its store: a polymorphic pointee has one already.
  if (!polymorphic_pointee(local->getType())) record_maker(emit_object_store(local, init), factory, init);
  owned_made_[local] = record->getDefinition();
}

/// `return new Iter (...);` in a function returning `Iterator*`: which
/// classes its objects may be (FunctionFact::returns_made).
void Extractor::note_returned_object(const Expr* e) {
  if (!polymorphic_pointee(function_->getReturnType())) return;
  if (is_null_object(e)) return;
  const auto [record, callee] = made_by(e);
  const std::string made = record ? "new:" + tu_.id_of(record) : callee ? "call:" + tu_.id_of(callee) : "?";
  if (!llvm::is_contained(fact_.returns_made, made)) fact_.returns_made.push_back(made);
}

/// `return std::unique_lock<std::mutex> (mu_);` or `return lk;` in a function
/// returning a guard: the locks it hands over (FunctionFact::returned_guard).
void Extractor::note_returned_guard(const Expr* e) {
  if (returned_guards_differ_ || !tu_.vocabulary().is_guard(Vocabulary::record_of(function_->getReturnType())))
    return;
  std::optional<std::vector<Ref>> locks = guard_value_locks(e);
  if (locks && !locks->empty() && (fact_.returned_guard.empty() || fact_.returned_guard == *locks)) {
    fact_.returned_guard = std::move(*locks);
    return;
  }
  returned_guards_differ_ = true;
  fact_.returned_guard.clear();
}

/// `return (*fb[i]) ();`: what the function returns is what the functions
/// the pointer may hold return (a getter from a table of getters).
/// `return new LruCache (capacity, deleter);`: the object that constructor
/// makes of these arguments (a static factory). Every `return` but null must
/// give the same call.
void Extractor::note_returned_call(const Expr* value, const Expr* e) {
  if (returned_calls_differ_ || is_null_literal(value, tu_.ast())) return;
  auto event_of = [&](const Stmt* origin, auto&& wanted) {
    const Event* event = emitted_for(origin, wanted);
    return event ? event->id : kNoEvent;
  };
  uint32_t id = kNoEvent;
  // `std::unique_ptr<T> (new T (...))`: the object the `new` makes.
  if (const auto* cast = dyn_cast<CXXFunctionalCastExpr>(e)) e = bare(cast->getSubExpr());
  if (const auto* owner = dyn_cast<CXXConstructExpr>(e);
      owner && owner->getNumArgs() == 1 && is_owning_pointer(owner->getType()))
    e = bare(owner->getArg(0));
  if (const auto* call = dyn_cast<CallExpr>(e); call && !call->getDirectCallee() && !isa<CXXMemberCallExpr>(call)) {
    id = event_of(call, [](const Event& event) { return event.kind == EventKind::foreign; });
  } else if (const auto* made = dyn_cast<CXXNewExpr>(e); made && !made->isArray() && made->getConstructExpr()) {
    const CXXConstructExpr* construct = made->getConstructExpr();
    const std::string ctor = construct->getConstructor() ? tu_.id_of(construct->getConstructor()) : std::string();
    auto is_ctor_call = [&](const Event& event) { return event.kind == EventKind::call && event.callee == ctor; };
    id = event_of(construct, is_ctor_call);
    if (id == kNoEvent) id = event_of(made, is_ctor_call);
  }
  if (id == kNoEvent || (fact_.returns_call != kNoEvent && fact_.returns_call != id)) {
    returned_calls_differ_ = true;
    fact_.returns_call = kNoEvent;
    return;
  }
  fact_.returns_call = id;
}

void Extractor::on_return(const ReturnStmt* ret) {
  const Expr* value = ret->getRetValue();
  if (!value || !function_) return;
  const Expr* e = bare(value);
  // `return handler->log_func;`, `return default_log_func;`: what a call of
  // this function results in, as a store into its result.
  if (function_->getReturnType()->isFunctionPointerType()) {
    Ref result;
    result.root = RefRoot::call_result;
    result.base = fact_.id;
    store_callable_value(result, value, value);
  }
  note_returned_object(e);
  note_returned_guard(e);
  note_returned_call(value, e);
  if (function_->getReturnType()->isIntegralOrEnumerationType()) note_returned_attempt(e);
  // `return hash_table;` after filling it in: a factory's object.
  if (!is_null_literal(value, tu_.ast()) && !returned_locals_differ_) {
    // `return (GBytes *) bytes;`: a pointer cast returns the same object.
    const Expr* object = e;
    while (const auto* cast = dyn_cast<ExplicitCastExpr>(object)) {
      if (!cast->getType()->isPointerType() || !cast->getSubExpr()->getType()->isPointerType()) break;
      object = bare(cast->getSubExpr());
    }
    Ref returned = ref_of(object);
    // `return std::make_unique<Crew> (n);` in a function returning a
    // std::unique_ptr: the object its constructor just built is returned.
    if (is_owning_pointer(function_->getReturnType()))
      if (const CXXRecordDecl* record = made_by(e).first;
          record && record->hasDefinition() && !tu_.in_system_header(record->getLocation()))
        if (Event* construction = last_construction_of(record->getDefinition())) {
          returned = Ref();
          returned.root = RefRoot::local;
          returned.index = kReturnedObject;
          construction->ref = RefBuilder::deref(returned);
        }
    const bool local = returned.root == RefRoot::local && returned.path.empty();
    if (local && (fact_.returns_local == kNoLocal || fact_.returns_local == returned.index)) {
      fact_.returns_local = returned.index;
    } else {
      returned_locals_differ_ = true;
      fact_.returns_local = kNoLocal;
    }
  }
  if (makes_new_object(e)) {
    fact_.returns_new = true;
    return;
  }
  if (const auto* ref = dyn_cast<DeclRefExpr>(e))
    if (const auto* local = dyn_cast<VarDecl>(ref->getDecl()); local && fresh_locals_.contains(local)) {
      fact_.returns_new = true;
      return;
    }
  const QualType returned = function_->getReturnType();
  if (!returned->isReferenceType() && !returned->isPointerType() &&
      !Vocabulary::record_of(returned))
    return;
  Ref result = ref_of(e);
  if (result.root == RefRoot::local)
    if (Ref table = returned_table(e); !table.empty()) result = std::move(table);
  if (const auto* call = dyn_cast<CallExpr>(e); call && call->getDirectCallee() && result.empty()) {
    result.root = RefRoot::call_result;
    result.base = tu_.id_of(call->getDirectCallee());
  }
  // What every `return` gives, or nothing: a function that returns `&table`
  // on one path and its caller's table on another returns neither.
  if (is_null_literal(value, tu_.ast())) return;
  const bool named = result.root == RefRoot::global || result.root == RefRoot::call_result ||
                     result.root == RefRoot::param || result.root == RefRoot::this_object;
  if (!named) {
    returns_differ_ = true;
  } else if (fact_.returns.empty()) {
    if (!returns_differ_) fact_.returns = std::move(result);
  } else if (!same_place(fact_.returns, result)) {
    returns_differ_ = true;
  }
  if (returns_differ_) fact_.returns = Ref();
}

// ---- events with arguments ----

/// The one call operator of a class of the project that is neither a lambda
/// nor a type-erased callable: what calling an object of `type` runs.
const CXXMethodDecl* Extractor::project_call_operator(QualType type) {
  const auto* record = type.isNull() ? nullptr : type.getNonReferenceType()->getAsCXXRecordDecl();
  if (!record || !record->hasDefinition() || record->isLambda() || tu_.in_system_header(record->getLocation()) ||
      tu_.vocabulary().is_callback_type(type))
    return nullptr;
  const CXXMethodDecl* found = nullptr;
  for (const CXXMethodDecl* method : record->getDefinition()->methods())
    if (method->getOverloadedOperator() == OO_Call) {
      if (found || !method->hasBody()) return nullptr;
      found = method;
    }
  return found;
}

/// An argument: what classify_callable_arg says, and for a scalar, its
/// truth when that is known here (a constant, or a parameter passed on
/// unchanged), which decides a callee's branches on it.
Arg Extractor::classify_arg(const Expr* e) {
  Arg arg = classify_callable_arg(e);
  // What a helper may pick a thread's own slot with (`MakeThumbnail (i)` in `[i] { ... }`).
  if (arg.kind == ArgKind::other || arg.kind == ArgKind::ref || arg.kind == ArgKind::param)
    own_index(e, 0, &arg.own_source);
  // A struct parameter passed on, also by value.
  if (const ParmVarDecl* param = unchanged_struct_param(copied_from(bare(e)))) {
    arg.truth = ArgTruth::forwarded;
    arg.truth_param = param->getFunctionScopeIndex();
    return arg;
  }
  arg.field_values = constant_fields(e, arg.fields_from);
  if (!arg.field_values.empty() || !arg.fields_from.empty()) return arg;
  const QualType type = e->getType();
  if (type.isNull() || !type->isIntegralOrEnumerationType() || e->isValueDependent()) return arg;
  if (const ParmVarDecl* param = unchanged_scalar_param(e)) {
    arg.truth = ArgTruth::forwarded;
    arg.truth_param = param->getFunctionScopeIndex();
    return arg;
  }
  if (const std::optional<uint64_t> constant = constant_bits(e, tu_.ast())) {
    arg.value = *constant;
    arg.truth = arg.value == 0 ? ArgTruth::zero : ArgTruth::nonzero;
  }
  return arg;
}

Arg Extractor::classify_callable_arg(const Expr* e) {
  Arg arg;
  const Expr* value = through_forward(through_conversions(e));
  if (!value) return arg;
  // `_dbus_watch_new (fd, flags, TRUE, handler, data, NULL)`: no callable.
  if (is_null_literal(e, tu_.ast())) {
    arg.text = "null";
    return arg;
  }
  if (const auto* lambda = dyn_cast<LambdaExpr>(value)) {
    arg.kind = ArgKind::lambda;
    arg.function = tu_.id_of(TuContext::lambda_function(lambda));
    return arg;
  }
  // `std::bind (&Tick, 1)`, `std::bind_front (f, x)`: a call of that function.
  if (const auto* binder = dyn_cast<CallExpr>(bare(value)); binder && binder->getNumArgs() > 0)
    if (const FunctionDecl* callee = binder->getDirectCallee())
      if (const std::string name = qualified_name(callee); name == "std::bind" || name == "std::bind_front") {
        Arg bound = classify_arg(binder->getArg(0));
        if (bound.kind == ArgKind::function || bound.kind == ArgKind::lambda) return bound;
      }
  // A function object of the project (`std::thread worker{Job{}}`): its call operator.
  if (const CXXMethodDecl* call_operator = project_call_operator(value->getType())) {
    arg.kind = ArgKind::function;
    arg.function = tu_.id_of(call_operator);
    return arg;
  }
  const Expr* named = without_address_of(value);
  if (const auto* ref = dyn_cast<DeclRefExpr>(named)) {
    if (const auto* function = dyn_cast<FunctionDecl>(ref->getDecl())) {
      arg.kind = ArgKind::function;
      arg.function = tu_.id_of(function);
      if (!passed_functions_.contains(ref)) tu_.note_address_taken(function, !stored_functions_.contains(ref));
      return arg;
    }
    if (const auto* var = dyn_cast<VarDecl>(ref->getDecl())) {
      if (auto lambda = refs_.lambda_alias(var)) {
        arg.kind = ArgKind::lambda;
        arg.function = *lambda;
        return arg;
      }
      if (auto param = refs_.param_alias(var)) {
        arg.kind = ArgKind::param;
        arg.index = *param;
        // `loop *m = userdata; loop_lock (m);`: what a callee locks through
        // it is found through the reference.
        arg.ref = ref_of(value);
        if (!arg.ref.empty()) arg.ref.display = refs_.display_of(e);
        return arg;
      }
      const QualType param_type = var->getType();
      const bool callable_param = tu_.vocabulary().is_callback_type(param_type) ||
                                  is_template_parameter_type(param_type) ||
                                  is_substituted_lambda_type(param_type) ||
                                  param_type->isFunctionPointerType() ||
                                  param_type->isFunctionReferenceType() ||
                                  param_type->isMemberFunctionPointerType();
      if (const auto* param = dyn_cast<ParmVarDecl>(var);
          param && value == named && refs_.is_own_param(param) && callable_param) {
        arg.kind = ArgKind::param;
        arg.index = param->getFunctionScopeIndex();
        arg.ref = ref_of(value);
        return arg;
      }
    }
  }
  const QualType type = value->getType();
  if (type.isNull()) return arg;
  const bool callable = tu_.vocabulary().is_callback_type(type) || type->isFunctionPointerType() ||
                        type->isMemberFunctionPointerType();
  arg.exact_type = exact_type_of(e);
  arg.ref = ref_of(e);
  // A callable passed by value (`std::for_each (..., visit_)`) is a copy of the one named.
  if (callable && arg.ref.empty()) arg.ref = ref_of(value);
  if (callable && !arg.ref.empty()) {
    arg.kind = ArgKind::foreign_callable;
    arg.text = refs_.display_of(value);
    arg.query = type_asks_only(type);
  } else if (!arg.ref.empty()) {
    arg.kind = ArgKind::ref;
    arg.ref.display = refs_.display_of(e);
  }
  return arg;
}

/// `&inserter` or `inserter` (bound to a reference), where `inserter` is a
/// variable or a member that is an object of a polymorphic class, not a
/// reference or pointer to one: the object's class and its bases, most
/// derived first. Its dynamic type is its declared type.
std::vector<std::string> Extractor::exact_type_of(const Expr* e) {
  const Expr* object = e->IgnoreParenImpCasts();
  if (const auto* address = dyn_cast<UnaryOperator>(object); address && address->getOpcode() == UO_AddrOf)
    object = address->getSubExpr()->IgnoreParenImpCasts();
  else if (!object->isGLValue())
    return {};
  const ValueDecl* declared = nullptr;
  if (const auto* ref = dyn_cast<DeclRefExpr>(object)) declared = dyn_cast<VarDecl>(ref->getDecl());
  else if (const auto* member = dyn_cast<MemberExpr>(object)) declared = dyn_cast<FieldDecl>(member->getMemberDecl());
  if (!declared || declared->getType()->isReferenceType()) return {};
  const auto* record = declared->getType()->getAsCXXRecordDecl();
  if (!record || !record->hasDefinition() || !record->isPolymorphic()) return {};
  std::vector<std::string> chain;
  std::function<void(const CXXRecordDecl*)> add = [&](const CXXRecordDecl* klass) {
    const std::string id = tu_.id_of(klass);
    if (llvm::is_contained(chain, id)) return;
    chain.push_back(id);
    for (const CXXBaseSpecifier& base : klass->bases())
      if (const auto* base_record = base.getType()->getAsCXXRecordDecl(); base_record && base_record->hasDefinition())
        add(base_record->getDefinition());
  };
  add(record->getDefinition());
  return chain;
}

/// Named blocking functions that block only in some uses: std::getline on a
/// file stream or on standard input (not on a string stream, nor on a
/// stream parameter that may be either), recv/send without MSG_DONTWAIT,
/// poll/epoll_wait with a timeout other than zero.
bool Extractor::blocks_as_called(llvm::StringRef qualified, const CallExpr* call) {
  // `std::async (std::launch::async, work);` as a statement: the future it
  // returns is destroyed at the end of the statement and waits for the work.
  // A future kept (a local, a member, returned) blocks where it is waited on.
  if (qualified == "std::async") {
    std::vector<const Expr*> args(call->arguments().begin(), call->arguments().end());
    if (launches_deferred(args)) return false;
    DynTypedNode node = DynTypedNode::create(*static_cast<const Stmt*>(call));
    for (;;) {
      const auto parents = tu_.ast().getParents(node);
      if (parents.size() != 1) return false;
      node = parents[0];
      const Stmt* parent = node.get<Stmt>();
      if (!parent) return false;  // a variable's initializer, a member initializer
      if (isa<ExprWithCleanups>(parent) || isa<MaterializeTemporaryExpr>(parent) ||
          isa<CXXBindTemporaryExpr>(parent) || isa<ParenExpr>(parent) ||
          (isa<CastExpr>(parent) && cast<CastExpr>(parent)->getType()->isVoidType()) ||
          (isa<ImplicitCastExpr>(parent)))
        continue;
      return isa<CompoundStmt>(parent) || isa<IfStmt>(parent) || isa<ForStmt>(parent) ||
             isa<WhileStmt>(parent) || isa<DoStmt>(parent) || isa<SwitchCase>(parent);
    }
  }
  if (qualified == "std::getline" && call->getNumArgs() > 0) {
    const Expr* stream_expr = bare(call->getArg(0));
    if (const auto* ref = dyn_cast<DeclRefExpr>(stream_expr)) {
      const std::string object = qualified_name(ref->getDecl());
      if (object == "std::cin" || object == "std::wcin") return true;
    }
    const auto* stream = Vocabulary::record_of(stream_expr->getType());
    const std::string name = stream ? qualified_name(stream) : "";
    return name == "std::basic_ifstream" || name == "std::basic_fstream";
  }
  if ((qualified == "recv" || qualified == "send" || qualified == "recvfrom" || qualified == "sendto" ||
       qualified == "recvmsg" || qualified == "sendmsg") && call->getNumArgs() >= 3) {
    const Expr* flags = call->getArg(qualified.ends_with("msg") ? 2 : 3 < call->getNumArgs() ? 3 : 2);
    Expr::EvalResult value;
    constexpr int64_t kDontWait = 0x40;  // MSG_DONTWAIT on Linux
    if (flags->EvaluateAsInt(value, tu_.ast()) && (value.Val.getInt().getExtValue() & kDontWait)) return false;
  }
  // `poll (fds, n, 0)`, `epoll_wait (ep, events, n, 0)`: a zero timeout
  // only looks and returns.
  const unsigned timeout_index = qualified == "poll" ? 2 : qualified.starts_with("epoll_") ? 3 : ~0u;
  if (timeout_index < call->getNumArgs()) {
    Expr::EvalResult value;
    if (call->getArg(timeout_index)->EvaluateAsInt(value, tu_.ast()) && value.Val.getInt().isZero()) return false;
  }
  return true;
}

/// `Notify (std::move (lk))`, `Wait (lk)` with a guard parameter: the
/// argument names the caller's guard local, whose locks the callee's guard
/// parameter then holds (LockFlow::guard_param_locks).
void Extractor::note_handed_guard(Arg& arg, const Expr* value, const ParmVarDecl* param) {
  if (!tu_.vocabulary().is_guard(guard_param_record(param))) return;
  value = through_forward(through_conversions(value));
  // `Deliver (&lk)`: the guard itself, through a pointer parameter.
  if (const auto* address = dyn_cast<UnaryOperator>(value->IgnoreParens());
      address && address->getOpcode() == UO_AddrOf && param->getType()->isPointerType())
    value = address->getSubExpr()->IgnoreParens();
  else if (!arg.ref.empty())
    return;
  const auto* ref = dyn_cast<DeclRefExpr>(value);
  const auto* var = ref ? dyn_cast<VarDecl>(ref->getDecl()) : nullptr;
  if (!var || !guard_locals_.contains(var)) return;
  arg.ref = Ref{};
  arg.ref.root = RefRoot::local;
  arg.ref.index = refs_.local_index(var);
  arg.ref.display = var->getNameAsString();
}

/// The guard class a parameter holds: by value, by reference, or through a
/// pointer (`std::unique_lock<std::mutex>* lk`, unlocked by `lk->unlock ()`).
const CXXRecordDecl* Extractor::guard_param_record(const ParmVarDecl* param) {
  const QualType type = param->getType();
  return Vocabulary::record_of(type->isPointerType() ? type->getPointeeType() : type);
}

/// A guard parameter holds its caller's locks: `lk.unlock ()` on it releases
/// them, `lk.lock ()` takes them back, and one passed by value releases them
/// when the call ends. Its guard_begin names the parameter (`ref`), and the
/// project fills in what every caller hands over.
void Extractor::begin_guard_params(uint32_t entry, uint32_t exit) {
  const Vocabulary& vocabulary = tu_.vocabulary();
  auto& entry_events = fact_.blocks[entry].events;
  const size_t before = entry_events.size();
  std::vector<const ParmVarDecl*> by_value;
  block_ = &fact_.blocks[entry];
  for (const ParmVarDecl* param : function_->parameters()) {
    const auto* record = guard_param_record(param);
    if (!vocabulary.is_guard(record)) continue;
    Event& e = emit(EventKind::guard_begin, param->getLocation(), nullptr);
    e.index = refs_.local_index(param);
    e.ref.root = RefRoot::param;
    e.ref.index = param->getFunctionScopeIndex();
    e.ref.display = param->getNameAsString();
    e.flags |= event_flags::owns | event_flags::definitely;
    if (vocabulary.is_shared_lock(qualified_name(record))) e.flags |= event_flags::shared;
    if (!param->getType()->isReferenceType() && !param->getType()->isPointerType()) by_value.push_back(param);
  }
  // Before anything the entry block does.
  std::rotate(entry_events.begin(), entry_events.begin() + before, entry_events.end());
  block_ = &fact_.blocks[exit];
  for (const ParmVarDecl* param : by_value)
    emit(EventKind::guard_end, param->getLocation(), nullptr).index = refs_.local_index(param);
}

void Extractor::call_event(const CallExpr* call, const FunctionDecl* callee, const Expr* receiver,
                           bool arrow, llvm::ArrayRef<const Expr*> args) {
  bool system = tu_.in_system_header(callee->getLocation());
  stores_through_arguments(callee, args, call);
  // A helper defined here is read through its body (handed containers).
  if (!receiver && !args.empty() && !callee->isDefined()) c_container_call(call, callee, args.front());
  std::vector<Arg> classified;
  bool interesting_args = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const Expr* arg = args[i];
    classified.push_back(classify_arg(arg));
    if (i < callee->getNumParams()) note_handed_guard(classified.back(), arg, callee->getParamDecl(i));
    const ArgKind kind = classified.back().kind;
    interesting_args = interesting_args || kind == ArgKind::lambda || kind == ArgKind::function ||
                       kind == ArgKind::param || kind == ArgKind::foreign_callable;
  }
  // System functions matter when they may run a callable we were given
  // (std::for_each, std::sort), or when a check names them (blocking calls).
  // "std::future::get", not "std::future<int>::get": names lists have no arguments.
  std::string qualified = qualified_name(callee);
  if (const auto* method = dyn_cast<CXXMethodDecl>(callee)) {
    qualified = qualified_name(method->getParent()) + "::" + method->getNameAsString();
    // A named method a class inherits is named by that class too
    // (`f.wait ()` on a std::future runs std::__basic_future::wait).
    if (const auto* member = dyn_cast<CXXMemberCallExpr>(call))
      if (const CXXRecordDecl* on = class_called_on(member); on && on != method->getParent())
        if (std::string as_called = qualified_name(on) + "::" + method->getNameAsString();
            tu_.vocabulary().is_named_system_call(as_called))
          qualified = std::move(as_called);
  }
  // A library function the project only declares, in a header it carries
  // itself (a vendored `uv.h` on `-I`, a prebuilt library's headers): named
  // in the vocabulary, it is that function (`uv_run` runs the loop).
  if (!system && !callee->isDefined() && tu_.vocabulary().is_named_system_call(qualified)) system = true;
  if (system && !interesting_args && !tu_.vocabulary().is_named_system_call(qualified)) return;
  if (system && !interesting_args && !blocks_as_called(qualified, call)) return;
  Event& e = emit(EventKind::call, call->getBeginLoc(), call);
  e.callee = system ? "sys:" + qualified : tu_.id_of(callee);
  if (system) e.flags |= event_flags::system;
  if (isa<CXXMethodDecl>(callee) && !cast<CXXMethodDecl>(callee)->isStatic()) e.flags |= event_flags::method_call;
  e.args = std::move(classified);
  if (receiver) {
    Ref object = ref_of(receiver);
    if (arrow) object = RefBuilder::deref(std::move(object));
    object.display = refs_.display_of(receiver);
    e.ref = std::move(object);
  }
  if (const auto* method = dyn_cast<CXXMethodDecl>(callee)) {
    const auto* member = dyn_cast<MemberExpr>(call->getCallee()->IgnoreParens());
    const bool qualified_call = member && member->hasQualifier();
    const auto* object_record = receiver ? Vocabulary::record_of(Vocabulary::held_type(bare(receiver)->getType())) : nullptr;
    const bool final_object = object_record && object_record->hasAttr<FinalAttr>();
    if (method->isVirtual() && !qualified_call && !method->hasAttr<FinalAttr>() &&
        !method->getParent()->hasAttr<FinalAttr>() && !final_object) {
      e.flags |= event_flags::virtual_call;
      e.text = qualified_name(method->getParent());
    }
    const QualType returned = method->getReturnType();
    if (method->isConst() && !returned->isVoidType()) e.flags |= event_flags::query;
    const llvm::StringRef name = identifier(method);
    if ((name.contains_insensitive("clone") || name.contains_insensitive("copy")) &&
        (returned->isPointerType() || Vocabulary::record_of(returned)))
      e.flags |= event_flags::copy;
    if (method->isConst()) e.flags |= event_flags::const_method;
  }
}

void Extractor::access(const Expr* target_expr, const Ref& target, AccessOp op, std::string text,
                       const Stmt* at, uint16_t flags, uint32_t own_source) {
  Event& e = emit(EventKind::access, at->getBeginLoc(), at);
  e.ref = target;
  if (e.ref.display.empty()) e.ref.display = refs_.display_of(target_expr);
  e.op = op;
  e.text = std::move(text);
  e.flags |= flags;
  if (e.has(event_flags::own_slot)) e.other = own_source;
  if (llvm::is_contained(target.path, "[]") && picks_own_slot(target_expr, 0, &e.other)) e.flags |= event_flags::own_slot;
}

/// Whether `index` is this function's own: a parameter (`id`), what it points
/// to or a field of it (`*(int*) arg`, `job->id`), a value the function (a
/// lambda) captured by copy, or a local set once from one of those.
bool Extractor::own_index(const Expr* index, int depth, uint32_t* source) const {
  if (!index || depth > 4) return false;
  index = bare(index)->IgnoreCasts();
  index = bare(index);
  if (const auto* member = dyn_cast<MemberExpr>(index)) return own_index(member->getBase(), depth + 1, source);
  if (const auto* unary = dyn_cast<UnaryOperator>(index); unary && unary->getOpcode() == UO_Deref)
    return own_index(unary->getSubExpr(), depth + 1, source);
  const auto* ref = dyn_cast<DeclRefExpr>(index);
  const auto* var = ref ? dyn_cast<VarDecl>(ref->getDecl()) : nullptr;
  if (!var) return false;
  if (const auto* param = dyn_cast<ParmVarDecl>(var)) {
    if (!refs_.is_own_param(param)) return false;
    if (source) *source = kOwnFromParam + param->getFunctionScopeIndex();
    return true;
  }
  // A lambda's copy of its starter's variable (`[i] { results[i] = ...; }`).
  if (const auto* lambda = dyn_cast<CXXMethodDecl>(function_); lambda && lambda->getParent()->isLambda())
    for (const LambdaCapture& capture : lambda->getParent()->captures())
      if (capture.capturesVariable() && capture.getCapturedVar() == var) {
        if (capture.getCaptureKind() != LCK_ByCopy) return false;
        if (source) *source = kOwnCapturedCopy;
        return true;
      }
  if (!var->isLocalVarDecl() || var->isStaticLocal() || !var->getInit() || assigned_again(var)) return false;
  return own_index(var->getInit(), depth + 1, source);
}

/// Whether `object` is an element of an array or container picked by an own
/// index (`g_slots[id].counts`), directly or through a local reference to
/// one (`Slot& slot = g_slots[id]; slot.counts[...]`).
bool Extractor::picks_own_slot(const Expr* object, int depth, uint32_t* source) const {
  if (!object || depth > 6) return false;
  object = bare(object);
  if (const auto* member = dyn_cast<MemberExpr>(object)) return picks_own_slot(member->getBase(), depth + 1, source);
  if (const auto* call = dyn_cast<CXXMemberCallExpr>(object))
    return picks_own_slot(call->getImplicitObjectArgument(), depth + 1, source);
  // `g_queue_push_tail (&g_lanes[w->slot], row)`: a C container handed by address.
  if (const auto* address = dyn_cast<UnaryOperator>(object); address && address->getOpcode() == UO_AddrOf)
    return picks_own_slot(address->getSubExpr(), depth + 1, source);
  if (const auto* element = dyn_cast<ArraySubscriptExpr>(object))
    return own_index(element->getIdx(), 0, source) || picks_own_slot(element->getBase(), depth + 1, source);
  // A map's operator[] inserts its key into the shared map: never a slot.
  if (const auto* op = dyn_cast<CXXOperatorCallExpr>(object); op && op->getOperator() == OO_Subscript && op->getNumArgs() == 2)
    return (!tu_.vocabulary().is_map_like(bare(op->getArg(0))->getType()) && own_index(op->getArg(1), 0, source)) ||
           picks_own_slot(op->getArg(0), depth + 1, source);
  if (const auto* ref = dyn_cast<DeclRefExpr>(object))
    if (const auto* var = dyn_cast<VarDecl>(ref->getDecl());
        var && var->isLocalVarDecl() && var->getType()->isReferenceType() && var->getInit())
      return picks_own_slot(var->getInit(), depth + 1, source);
  return false;
}

/// Whether `e` names a local variable or a parameter itself (`copy = m;`),
/// not a global (`g_conf_lock = m;`) or a place through a pointer.
static bool names_local(const Expr* e) {
  const auto* ref = dyn_cast<DeclRefExpr>(e);
  const auto* var = ref ? dyn_cast<VarDecl>(ref->getDecl()) : nullptr;
  return var && !var->hasGlobalStorage();
}

Event* Extractor::create(const Expr* target_expr, const Expr* value, const Stmt* at) {
  Ref holder = ref_of(target_expr);
  if (holder.empty() || holder.root == RefRoot::local) return nullptr;
  Event& e = emit(EventKind::create, at->getBeginLoc(), at);
  e.ref = std::move(holder);
  e.ref.display = refs_.display_of(target_expr);
  e.text = creation_kind(value);
  const Expr* made = bare(value);
  if (const auto* call = dyn_cast<CallExpr>(made); call && e.text == "call")
    e.callee = tu_.id_of(call->getDirectCallee());
  if (const auto* new_expr = dyn_cast<CXXNewExpr>(made))
    if (const auto* created = Vocabulary::record_of(new_expr->getAllocatedType()))
      e.callee = "type:" + tu_.id_of(created);
  // A holder of a mutex the vocabulary knows (`g_mu = std::make_unique<std::mutex> ()`):
  // a lock is created, whatever test guards it. A factory's call keeps its callee.
  if (e.text != "call" && tu_.vocabulary().is_mutex(Vocabulary::held_type(bare(target_expr)->getType())))
    e.callee = "lock:";
  return &e;
}

/// What one step of a hand-made spin lock does to its lock word.
enum class SpinStep {
  none,
  swap_in,  ///< sets the word and returns its old value: spinning while it was set takes the lock
  swap_if,  ///< a compare-and-swap from zero: spinning until it succeeds takes the lock
  clear,    ///< sets the word back to zero: gives the lock back
};

/// Clang names a __sync builtin by its operand size (`__sync_bool_compare_and_swap_4`).
static llvm::StringRef sync_builtin(llvm::StringRef name) {
  if (!name.starts_with("__sync_")) return name;
  const llvm::StringRef unsized = name.rtrim("0123456789");
  return unsized.size() < name.size() && unsized.ends_with("_") ? unsized.drop_back() : name;
}

/// A spin-lock step and the pointer to its lock word, for the ways a spin
/// lock is written: GCC's __sync builtins, C11's atomic_flag and
/// atomic_exchange / atomic_compare_exchange_* / atomic_store (macros over
/// Clang's __c11_atomic builtins), GCC's __atomic builtins, and
/// std::atomic_flag / std::atomic members (`f.test_and_set ()`,
/// `a.exchange (true)`, `a.compare_exchange_weak (e, true)`, `a.clear ()`,
/// `a.store (false)`). `object`: the pointer to the word, or for a member
/// call the word itself (`address` false).
struct SpinCall {
  SpinStep step = SpinStep::none;
  const Expr* object = nullptr;
  bool address = true;
};

static SpinCall spin_call(const Expr* expr, ASTContext& ast) {
  auto zero = [&](const Expr* e) { return is_zero_constant(e, ast); };
  auto set = [&](const Expr* e) {
    Expr::EvalResult value;
    return e && e->EvaluateAsInt(value, ast) && value.Val.getInt() != 0;
  };
  expr = bare(expr);
  if (const auto* atomic = dyn_cast<AtomicExpr>(expr)) {
    const Expr* word = atomic->getPtr();
    switch (atomic->getOp()) {
      case AtomicExpr::AO__c11_atomic_exchange:
      case AtomicExpr::AO__atomic_exchange_n:
        if (set(atomic->getVal1())) return {SpinStep::swap_in, word};
        if (zero(atomic->getVal1())) return {SpinStep::clear, word};
        return {};
      case AtomicExpr::AO__c11_atomic_compare_exchange_strong:
      case AtomicExpr::AO__c11_atomic_compare_exchange_weak:
      case AtomicExpr::AO__atomic_compare_exchange_n:
        return set(atomic->getVal2()) ? SpinCall{SpinStep::swap_if, word} : SpinCall{};
      case AtomicExpr::AO__c11_atomic_store:
      case AtomicExpr::AO__atomic_store_n:
        return zero(atomic->getVal1()) ? SpinCall{SpinStep::clear, word} : SpinCall{};
      default: return {};
    }
  }
  if (const auto* member = dyn_cast<CXXMemberCallExpr>(expr)) {
    const CXXMethodDecl* method = member->getMethodDecl();
    const Expr* object = member->getImplicitObjectArgument();
    const CXXRecordDecl* record = method ? method->getParent() : nullptr;
    if (!record || !object || !Vocabulary::is_atomic(object->getType()) && identifier(record) != "atomic_flag" &&
                                  identifier(record) != "__atomic_flag_base")
      return {};
    const llvm::StringRef name = identifier(method);
    const unsigned args = member->getNumArgs();
    if (name == "test_and_set") return {SpinStep::swap_in, object, false};
    if (name == "clear") return {SpinStep::clear, object, false};
    if (name == "exchange" && args >= 1) {
      if (set(member->getArg(0))) return {SpinStep::swap_in, object, false};
      if (zero(member->getArg(0))) return {SpinStep::clear, object, false};
    }
    if ((name == "compare_exchange_weak" || name == "compare_exchange_strong") && args >= 2 && set(member->getArg(1)))
      return {SpinStep::swap_if, object, false};
    if (name == "store" && args >= 1 && zero(member->getArg(0))) return {SpinStep::clear, object, false};
    return {};
  }
  const auto* call = dyn_cast<CallExpr>(expr);
  const FunctionDecl* callee = call ? call->getDirectCallee() : nullptr;
  if (!callee || call->getNumArgs() < 1) return {};
  const llvm::StringRef name = sync_builtin(identifier(callee));
  if (name == "__sync_bool_compare_and_swap" && call->getNumArgs() == 3) {
    if (zero(call->getArg(1)) && !zero(call->getArg(2))) return {SpinStep::swap_if, call->getArg(0)};
    if (zero(call->getArg(2)) && !zero(call->getArg(1))) return {SpinStep::clear, call->getArg(0)};
    return {};
  }
  if (name == "__sync_lock_test_and_set" || name == "__atomic_test_and_set" || name == "atomic_flag_test_and_set" ||
      name == "atomic_flag_test_and_set_explicit")
    return {SpinStep::swap_in, call->getArg(0)};
  if (name == "__sync_lock_release" || name == "__atomic_clear" || name == "atomic_flag_clear" ||
      name == "atomic_flag_clear_explicit")
    return {SpinStep::clear, call->getArg(0)};
  return {};
}

void Extractor::note_spin_loop(const Stmt* stmt) {
  const Expr* cond = nullptr;
  if (const auto* loop = dyn_cast<WhileStmt>(stmt)) cond = loop->getCond();
  else if (const auto* loop = dyn_cast<DoStmt>(stmt)) cond = loop->getCond();
  else if (const auto* loop = dyn_cast<ForStmt>(stmt)) cond = loop->getCond();
  if (!cond) return;
  cond = bare(cond);
  const bool negated = isa<UnaryOperator>(cond) && cast<UnaryOperator>(cond)->getOpcode() == UO_LNot;
  if (negated) cond = bare(cast<UnaryOperator>(cond)->getSubExpr());
  // Spins while the flag was set; spins until the swap from zero succeeds.
  const SpinStep step = spin_call(cond, tu_.ast()).step;
  if ((!negated && step == SpinStep::swap_in) || (negated && step == SpinStep::swap_if)) spin_acquires_.insert(cond);
}

bool Extractor::spin_lock_step(const Expr* expr) {
  const SpinCall spin = spin_call(expr, tu_.ast());
  EventKind kind;
  if (spin_acquires_.contains(bare(expr)))
    kind = EventKind::acquire;
  else if (spin.step == SpinStep::clear)
    kind = EventKind::release;
  else
    return false;
  // C11's atomic_flag is a struct whose word is `_Value`: `&(&flag)->_Value` names the flag.
  const Expr* word = bare(spin.object);
  if (const auto* address = dyn_cast<UnaryOperator>(word); spin.address && address && address->getOpcode() == UO_AddrOf)
    if (const auto* member = dyn_cast<MemberExpr>(bare(address->getSubExpr()));
        member && identifier(member->getMemberDecl()) == "_Value")
      word = member->isArrow() ? bare(member->getBase()) : nullptr;
  if (!word) return false;
  Ref lock = spin.address ? RefBuilder::deref(ref_of(word)) : ref_of(word);
  if (lock.empty()) return false;
  lock.display = refs_.display_of(word);
  if (spin.address && lock.display.starts_with("&")) lock.display.erase(0, 1);
  Event& e = emit(kind, expr->getExprLoc(), expr);
  e.ref = std::move(lock);
  if (kind == EventKind::acquire) e.flags |= event_flags::definitely;
  return true;
}

std::string Extractor::deferred_work(const Expr* e) {
  const auto* call = dyn_cast_or_null<CallExpr>(e ? made_expression(e) : nullptr);
  const FunctionDecl* callee = call ? call->getDirectCallee() : nullptr;
  if (!callee || qualified_name(callee) != "std::async") return {};
  std::vector<const Expr*> args(call->arg_begin(), call->arg_end());
  if (!launches_deferred(args)) return {};
  for (const Expr* arg : llvm::drop_begin(args)) {
    const Arg entry = classify_arg(arg);
    if (entry.kind == ArgKind::lambda || entry.kind == ArgKind::function) return entry.function;
  }
  return {};
}

bool Extractor::launches_deferred(llvm::ArrayRef<const Expr*> args) const {
  if (args.empty()) return false;
  const auto* policy = bare(args.front())->getType()->getAs<EnumType>();
  if (!policy || identifier(policy->getDecl()) != "launch") return false;
  Expr::EvalResult value;
  if (!args.front()->EvaluateAsInt(value, tu_.ast())) return false;
  for (const EnumConstantDecl* option : policy->getDecl()->enumerators())
    if (identifier(option) == "deferred") return llvm::APSInt::isSameValue(value.Val.getInt(), option->getInitVal());
  return false;
}

void Extractor::thread_start(const Stmt* at, llvm::ArrayRef<const Expr*> args, std::string api) {
  for (const Expr* arg : args) {
    Arg entry = classify_arg(arg);
    if (entry.kind != ArgKind::lambda && entry.kind != ArgKind::function &&
        entry.kind != ArgKind::param && entry.kind != ArgKind::foreign_callable)
      continue;
    Event& e = emit(EventKind::thread_start, at->getBeginLoc(), at);
    // pthread_create (&tid, ...), thrd_create and uv_thread_create return a
    // status and write the handle through their first argument, a pointer to
    // a modifiable object; a thread object (or what g_thread_new returns) is
    // the variable it initializes or is assigned to.
    if (const auto* call = dyn_cast<CallExpr>(at); call && !isa<CXXMemberCallExpr>(call) && call->getNumArgs() > 1 &&
                                                   writes_handle_through_first_argument(call))
      e.ref = RefBuilder::deref(ref_of(call->getArg(0)));
    else if (auto it = thread_handles_.find(at); it != thread_handles_.end())
      e.ref = it->second;
    e.text = api;
    e.args.push_back(std::move(entry));
    return;
  }
}

/// `std::thread t (work)`, `t = std::thread (work)`, `auto done = std::async
/// (work)`: `holder` keeps the thread `value` starts, so a join on it waits
/// for that thread.
void Extractor::note_thread_handle(Ref holder, const Expr* value) {
  if (holder.empty() || !value) return;
  const Expr* start = through_temporaries(value);
  // `new std::thread (work)`: the pointer holds the thread its construction starts.
  if (const auto* made = dyn_cast_or_null<CXXNewExpr>(start ? start->IgnoreImpCasts() : nullptr))
    start = made->getConstructExpr();
  if (const CXXConstructExpr* construct = construction_of(start);
      construct && construct->getConstructor() &&
      tu_.vocabulary().is_thread_start(qualified_name(construct->getConstructor()->getParent())))
    thread_handles_[construct] = std::move(holder);
  else if (const auto* call = dyn_cast_or_null<CallExpr>(start ? start->IgnoreImplicit() : nullptr);
           call && call->getDirectCallee() && tu_.vocabulary().is_thread_start(qualified_name(call->getDirectCallee())))
    thread_handles_[call] = std::move(holder);
  // `thread_ = std::make_unique<std::thread> (work)`: the smart pointer holds it.
  else if (call && !forwarded_arguments(call).type.isNull())
    if (const auto* made = Vocabulary::record_of(forwarded_arguments(call).type);
        made && tu_.vocabulary().is_thread_start(qualified_name(made)))
      thread_handles_[call] = std::move(holder);
}

/// `t.join ()`, `pthread_join (tid, NULL)`, a std::jthread's destruction: the
/// thread `handle` holds is waited for here.
void Extractor::thread_join(const Stmt* at, SourceLocation where, Ref handle, uint16_t flags) {
  if (handle.empty()) return;
  Event& e = emit(EventKind::thread_join, where, at);
  e.ref = std::move(handle);
  e.flags |= flags;
}

/// An object being destroyed (a local at the end of its scope, a member with
/// its owner): a `std::jthread` joins its thread, a container of them every
/// thread it holds. Whether it is one of those.
bool Extractor::joined_when_destroyed(QualType type, const Ref& object, SourceLocation where) {
  if (type.isNull()) return false;
  if (holds_joining_threads(type)) {
    current_origin_ = nullptr;
    thread_join(nullptr, where, elements(object), event_flags::all_elements);
    return true;
  }
  if (const auto* record = Vocabulary::record_of(type);
      record && record->getDestructor() && tu_.vocabulary().is_thread_join(record->getDestructor())) {
    current_origin_ = nullptr;
    thread_join(nullptr, where, object);
    return true;
  }
  return false;
}

/// `std::vector<std::jthread>`, `std::jthread crew[4]`: an array or a listed
/// container whose elements join their thread when destroyed. Destroying or
/// clearing it joins every thread it holds.
bool Extractor::holds_joining_threads(QualType type) const {
  if (type.isNull()) return false;
  type = type.getNonReferenceType();
  QualType element;
  if (const ArrayType* array = type->getAsArrayTypeUnsafe()) {
    element = array->getElementType();
  } else if (tu_.vocabulary().is_listed_container(type)) {
    const auto* spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(Vocabulary::record_of(type));
    if (!spec || spec->getTemplateArgs().size() == 0 || spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
      return false;
    element = spec->getTemplateArgs()[0].getAsType();
  }
  const auto* record = Vocabulary::record_of(element);
  return record && record->getDestructor() && tu_.vocabulary().is_thread_join(record->getDestructor());
}

/// A signal handler installed here. What it runs must be async-signal-safe,
/// which is what the project phase needs to know of the code it reaches.
void Extractor::signal_handler(const Stmt* at, const Expr* handler, std::string api) {
  Arg entry = classify_arg(handler);
  if (entry.kind != ArgKind::lambda && entry.kind != ArgKind::function && entry.kind != ArgKind::param) return;
  Event& e = emit(EventKind::signal_handler, at->getBeginLoc(), at);
  e.text = std::move(api);
  e.args.push_back(std::move(entry));
}

Ref Extractor::shared_target(const Expr* e) {
  if (e && Vocabulary::is_atomic(bare(e)->getType())) return {};  // an atomic field of a global
  Ref target = ref_of(e);
  if (target.root == RefRoot::call_result) {
    // Only accessors: a call without arguments returning a reference.
    const auto* call = dyn_cast<CallExpr>(bare(e));
    if (!call) {
      // `Registry().field`: the member path starts at an accessor call.
      return llvm::is_contained(target.path, "*") ? Ref{} : target;
    }
    const FunctionDecl* callee = call->getDirectCallee();
    if (!callee || call->getNumArgs() != 0 || !callee->getReturnType()->isLValueReferenceType())
      return {};
    return target;
  }
  if (target.root != RefRoot::global || llvm::is_contained(target.path, "*")) return {};
  return target;
}

/// `g_hash_table_insert (g_cache, k, v)`, `g_ptr_array_add (s->items, p)`:
/// a C container is changed (or looked into) by functions that take it as
/// their first argument. Which functions change it is the check's option;
/// here every such call on static storage, or on a container a caller hands
/// in, is a use named by the function.
void Extractor::c_container_call(const CallExpr* call, const FunctionDecl* callee, const Expr* first) {
  const QualType type = bare(first)->getType();
  if (type.isNull() || !type->isPointerType() || isa<CXXMethodDecl>(callee)) return;
  const QualType pointee = type->getPointeeType();
  // A C struct (a C++ container is changed through its methods).
  if (!tu_.vocabulary().is_listed_container(pointee)) return;
  if (const auto* record = pointee->getAsCXXRecordDecl(); record && record->getDefinition() &&
      llvm::any_of(record->getDefinition()->methods(), [](const CXXMethodDecl* m) { return !m->isImplicit(); }))
    return;
  const std::string name = identifier(callee).str();
  const uint16_t flags = pointee.isConstQualified() ? event_flags::const_method : 0;
  if (Ref target = shared_target(first); !target.empty()) {
    // The global holds a pointer to the container: the object it points to.
    if (target.path.empty() || target.path.back() != "&") target = RefBuilder::deref(std::move(target));
    else target.path.pop_back();
    access(first, target, AccessOp::method, name, call, flags);
  } else if (Ref handed = handed_container(first, true); !handed.empty()) {
    access(first, handed, AccessOp::method, name, call, flags);
  }
}

Ref Extractor::handed_container(const Expr* object, bool arrow) {
  QualType type = bare(object)->getType();
  if (type.isNull()) return {};
  if (arrow) {
    if (!type->isPointerType()) return {};
    type = type->getPointeeType();
  }
  if (!tu_.vocabulary().is_listed_container(type)) return {};
  Ref ref = ref_of(object);
  if (arrow) ref = RefBuilder::deref(std::move(ref));
  // The parameter's own object (a reference parameter, or what a pointer
  // parameter points to), or a field of it, at any depth (`s->items`,
  // `s.stats.counts`): not through a further pointer. Or a container field
  // of the object a method runs on (`values_[k] = v` in `Config::set`): what
  // a caller that calls the method on a global object does to it. Not in a
  // constructor or destructor, which run on an object no one else uses yet
  // (or any more).
  if (ref.root == RefRoot::this_object) {
    if (isa<CXXConstructorDecl>(function_) || isa<CXXDestructorDecl>(function_)) return {};
    const auto* method = dyn_cast<CXXMethodDecl>(function_);
    if (!method || method->getParent()->isLambda()) return {};
  } else if (ref.root != RefRoot::param) {
    return {};
  }
  const auto fields = llvm::ArrayRef<std::string>(ref.path).drop_while([](const std::string& e) { return e == "*"; });
  if (ref.path.size() - fields.size() > 1 || !llvm::all_of(fields, is_field_element)) return {};
  return ref;
}

// ---- lazy initialization: test for empty, then create ----

bool Extractor::is_lazy_holder(const Expr* e) {
  e = bare(e);
  if (!e) return false;
  const QualType type = e->getType();
  if (type.isNull()) return false;
  if (Vocabulary::is_atomic(type)) return false;
  const QualType held = Vocabulary::held_type(type);
  if (held == type.getNonReferenceType()) return false;  // not a pointer, smart pointer or optional
  // A class, a C struct (`struct zlock *lock`, which is no CXXRecordDecl in
  // C) or a typedef's object (`lock_t *`, `LPCRITICAL_SECTION`).
  if (!Vocabulary::record_of(held) && !held->getAs<TypedefType>() &&
      !held->getUnqualifiedDesugaredType()->getAs<RecordType>())
    return false;
  const Ref ref = ref_of(e);
  if (ref.root == RefRoot::global) {
    const auto* var = dyn_cast_or_null<VarDecl>(
        isa<DeclRefExpr>(e) ? cast<DeclRefExpr>(e)->getDecl() : nullptr);
    return !var || var->getTLSKind() == VarDecl::TLS_None;
  }
  if (ref.root == RefRoot::this_object || ref.root == RefRoot::object_field) return true;
  // Through a pointer parameter: a C handle `if (!s->lock) s->lock = lock_new();`.
  if (ref.root == RefRoot::param && !ref.path.empty() && ref.path.back() != "*") return true;
  return false;
}

std::optional<Extractor::EmptyTest> Extractor::empty_test(const Expr* cond) {
  cond = bare(cond);
  if (!cond) return std::nullopt;
  // `nullptr == p_` on a smart pointer: C++20 rewrites it as `p_ == nullptr`.
  if (const auto* rewritten = dyn_cast<CXXRewrittenBinaryOperator>(cond))
    return empty_test(rewritten->getSemanticForm());
  if (const auto* unary = dyn_cast<UnaryOperator>(cond); unary && unary->getOpcode() == UO_LNot) {
    auto inner = empty_test(unary->getSubExpr());
    if (inner) inner->true_when_empty = !inner->true_when_empty;
    return inner;
  }
  // `b_.get ()` on a smart pointer is tested as `b_`.
  auto through_get = [&](const Expr* e) -> const Expr* {
    if (const auto* call = dyn_cast_or_null<CXXMemberCallExpr>(bare(e)))
      if (call->getMethodDecl() && identifier(call->getMethodDecl()) == "get" && call->getNumArgs() == 0 &&
          is_lazy_holder(call->getImplicitObjectArgument()))
        return bare(call->getImplicitObjectArgument());
    return e;
  };
  if (const Expr* holder = through_get(cond); holder != cond) return EmptyTest{holder, false};
  if (const auto* binary = dyn_cast<BinaryOperator>(cond); binary && binary->isEqualityOp()) {
    const Expr* lhs = through_get(binary->getLHS());
    const Expr* rhs = through_get(binary->getRHS());
    if (is_null_literal(lhs, tu_.ast())) std::swap(lhs, rhs);
    if (!is_null_literal(rhs, tu_.ast()) || !is_lazy_holder(lhs)) return std::nullopt;
    return EmptyTest{bare(lhs), binary->getOpcode() == BO_EQ};
  }
  if (const auto* op = dyn_cast<CXXOperatorCallExpr>(cond);
      op && (op->getOperator() == OO_EqualEqual || op->getOperator() == OO_ExclaimEqual)) {
    const Expr* lhs = op->getArg(0);
    const Expr* rhs = op->getArg(1);
    if (is_null_literal(lhs, tu_.ast())) std::swap(lhs, rhs);
    if (!is_null_literal(rhs, tu_.ast()) || !is_lazy_holder(lhs)) return std::nullopt;
    return EmptyTest{bare(lhs), op->getOperator() == OO_EqualEqual};
  }
  if (const auto* call = dyn_cast<CXXMemberCallExpr>(cond)) {
    // `p` in a condition on a smart pointer or optional: operator bool.
    const auto* method = call->getMethodDecl();
    if (method && (isa<CXXConversionDecl>(method) || identifier(method) == "has_value") &&
        is_lazy_holder(call->getImplicitObjectArgument()))
      return EmptyTest{bare(call->getImplicitObjectArgument()), false};
    return std::nullopt;
  }
  if (is_lazy_holder(cond)) return EmptyTest{cond, false};
  return std::nullopt;
}

void Extractor::find_lazy_candidates(const Stmt* body) {
  if (!body) return;
  for_each_stmt_in_body(body, [&](const Stmt* stmt) {
    if (const auto* if_stmt = dyn_cast<IfStmt>(stmt)) {
      // `if (!p) { p = create(); }`
      if (auto test = empty_test(if_stmt->getCond()); test && test->true_when_empty)
        examine_lazy_test(if_stmt->getCond(), true, if_stmt->getThen());
      // `if (!ready) { create (); ready = 1; }`
      else if (auto flag = flag_test(if_stmt->getCond()); flag && flag->true_when_empty)
        examine_flag_test(if_stmt->getCond(), *flag, if_stmt->getThen(), false);
    } else if (const auto* compound = dyn_cast<CompoundStmt>(stmt)) {
      // `if (p) return *p; p = create(); return *p;`
      for (auto it = compound->body_begin(); it != compound->body_end(); ++it) {
        const auto* if_stmt = dyn_cast<IfStmt>(*it);
        if (!if_stmt || if_stmt->getElse()) continue;
        const Stmt* then = if_stmt->getThen();
        const bool returns = isa<ReturnStmt>(then) ||
                             (isa<CompoundStmt>(then) && !cast<CompoundStmt>(then)->body_empty() &&
                              isa<ReturnStmt>(cast<CompoundStmt>(then)->body_back()));
        if (!returns) continue;
        if (auto flag = flag_test(if_stmt->getCond()); flag && !flag->true_when_empty) {
          // `if (ready) return; create (); ready = 1;`: the statements after
          // the test set the flag, each may create.
          const Ref flag_ref = ref_of(flag->variable);
          if (std::any_of(std::next(it), compound->body_end(), [&](const Stmt* rest) { return sets_flag(rest, flag_ref); }))
            for (auto rest = std::next(it); rest != compound->body_end(); ++rest)
              examine_flag_test(if_stmt->getCond(), *flag, *rest, true);
          continue;
        }
        auto test = empty_test(if_stmt->getCond());
        if (!test || test->true_when_empty) continue;
        for (auto rest = std::next(it); rest != compound->body_end(); ++rest)
          examine_lazy_test(if_stmt->getCond(), false, *rest);
      }
    }
  });
}

std::optional<Extractor::EmptyTest> Extractor::flag_test(const Expr* cond) {
  cond = bare(cond);
  if (!cond) return std::nullopt;
  if (const auto* unary = dyn_cast<UnaryOperator>(cond); unary && unary->getOpcode() == UO_LNot) {
    auto inner = flag_test(unary->getSubExpr());
    if (inner) inner->true_when_empty = !inner->true_when_empty;
    return inner;
  }
  if (const auto* binary = dyn_cast<BinaryOperator>(cond); binary && binary->isEqualityOp()) {
    const Expr* lhs = bare(binary->getLHS());
    const Expr* rhs = bare(binary->getRHS());
    auto is_zero = [&](const Expr* e) {
      Expr::EvalResult value;
      return e->EvaluateAsInt(value, tu_.ast()) && value.Val.getInt().isZero();
    };
    if (is_zero(lhs)) std::swap(lhs, rhs);
    if (!is_zero(rhs)) return std::nullopt;
    auto inner = flag_test(lhs);
    if (inner && !isa<UnaryOperator>(lhs)) inner->true_when_empty = binary->getOpcode() == BO_EQ;
    return inner;
  }
  // The flag itself: a plain integer or bool in static storage or in an
  // object others share (not a local, not an atomic).
  if (!isa<DeclRefExpr>(cond) && !isa<MemberExpr>(cond)) return std::nullopt;
  const QualType type = cond->getType();
  if (type.isNull() || !(type->isBooleanType() || type->isIntegerType()) || Vocabulary::is_atomic(type))
    return std::nullopt;
  const Ref ref = ref_of(cond);
  if (ref.root == RefRoot::global) {
    const auto* var = isa<DeclRefExpr>(cond) ? dyn_cast<VarDecl>(cast<DeclRefExpr>(cond)->getDecl()) : nullptr;
    if (var && var->getTLSKind() != VarDecl::TLS_None) return std::nullopt;
  } else if (ref.root != RefRoot::this_object && ref.root != RefRoot::object_field &&
             !(ref.root == RefRoot::param && !ref.path.empty() && ref.path.back() != "*")) {
    return std::nullopt;
  }
  return EmptyTest{cond, false};
}

bool Extractor::sets_flag(const Stmt* scope, const Ref& flag) {
  const std::string key = RefBuilder::key_text(flag);
  bool sets = false;
  for_each_stmt_in_body(scope, [&](const Stmt* stmt) {
    const Expr* target = nullptr;
    if (const auto* assign = dyn_cast<BinaryOperator>(stmt); assign && assign->isAssignmentOp())
      target = assign->getLHS();
    else if (const auto* step = dyn_cast<UnaryOperator>(stmt); step && step->isIncrementDecrementOp())
      target = step->getSubExpr();
    if (target && RefBuilder::key_text(ref_of(bare(target))) == key) sets = true;
  });
  return sets;
}

void Extractor::examine_flag_test(const Expr* cond, const EmptyTest& flag, const Stmt* scope, bool flag_set) {
  LazyCandidate candidate;
  candidate.target = ref_of(flag.variable);
  if (candidate.target.empty() || !(flag_set || sets_flag(scope, candidate.target))) return;
  candidate.target.display = refs_.display_of(flag.variable);
  candidate.test = tu_.loc(cond->getBeginLoc());
  candidate.flag = true;
  keep_candidate(std::move(candidate), scope);
}

void Extractor::keep_candidate(LazyCandidate candidate, const Stmt* scope) {
  for_each_stmt_in_body(scope, [&](const Stmt* stmt) {
    if (auto it = events_of_.find(stmt); it != events_of_.end())
      for (uint32_t id : it->second) candidate.creations.push_back(id);
  });
  // Keep the candidate when the guarded code creates or calls something.
  if (candidate.creations.empty()) return;
  // One candidate per test and target: the early-return form visits each
  // following statement separately.
  for (auto& existing : fact_.lazy)
    if (existing.test == candidate.test && existing.target == candidate.target) {
      existing.creations.insert(existing.creations.end(), candidate.creations.begin(),
                                candidate.creations.end());
      return;
    }
  fact_.lazy.push_back(std::move(candidate));
}

/// The same identity for an object type however it is spelled: a class, or
/// a C struct named as `lock_t`, `struct lock` or through a pointer typedef
/// (`LPCRITICAL_SECTION`), is its record; another type, its typedef's name.
std::string Extractor::object_type_identity(QualType type) {
  if (type.isNull()) return {};
  if (const auto* record = Vocabulary::record_of(type)) return tu_.id_of(record);
  if (const auto* c_record = type->getUnqualifiedDesugaredType()->getAs<RecordType>())
    return tu_.id_of(c_record->getDecl());
  if (const auto* typedef_type = type->getAs<TypedefType>())
    return "typedef:" + typedef_type->getDecl()->getNameAsString();
  return {};
}

void Extractor::examine_lazy_test(const Expr* cond, bool, const Stmt* scope) {
  auto test = empty_test(cond);
  if (!test) return;
  LazyCandidate candidate;
  candidate.target = ref_of(test->variable);
  if (candidate.target.empty()) return;
  candidate.target.display = refs_.display_of(test->variable);
  candidate.test = tu_.loc(cond->getBeginLoc());
  const QualType type = test->variable->getType();
  const QualType held = Vocabulary::held_type(type);
  candidate.tested_for_empty_optional = !type->isPointerType() && Vocabulary::record_of(type) &&
                                        Vocabulary::record_of(type)->getName().contains("optional");
  candidate.pointee_type = object_type_identity(held);
  candidate.target_is_lock = tu_.vocabulary().is_mutex(held);
  keep_candidate(std::move(candidate), scope);
}

}  // namespace

FunctionFact extract_function(TuContext& tu, const FunctionDecl* function, uint32_t flags) {
  return Extractor(tu, function).run(flags);
}

FunctionFact extract_static_initializer(TuContext& tu, const VarDecl* variable) {
  return Extractor(tu, nullptr).run_static_initializer(variable);
}

std::vector<std::pair<std::string, uint64_t>> constant_struct_fields(TuContext& tu, const VarDecl* var) {
  std::vector<std::pair<std::string, uint64_t>> out;
  const Expr* init = var->getInit();
  const RecordDecl* record = shared_constant_struct(var);
  if (!record || !init || init->isValueDependent()) return out;
  initializer_fields(init, *record, "", 0, tu.ast(), out);
  llvm::sort(out);
  return out;
}

}  // namespace concur::analyzer_internal

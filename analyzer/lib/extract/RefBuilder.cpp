#include "extract/RefBuilder.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/PrettyPrinter.h"

using namespace clang;

namespace concur::analyzer_internal {

const Expr* strip_expr(const Expr* expr) {
  while (expr) {
    const Expr* next = expr->IgnoreParenImpCasts();
    if (const auto* cleanups = dyn_cast<ExprWithCleanups>(next)) next = cleanups->getSubExpr();
    if (const auto* temp = dyn_cast<MaterializeTemporaryExpr>(next)) next = temp->getSubExpr();
    if (const auto* bind = dyn_cast<CXXBindTemporaryExpr>(next)) next = bind->getSubExpr();
    if (next == expr) return expr;
    expr = next;
  }
  return expr;
}

bool RefBuilder::is_own_param(const ParmVarDecl* param) const {
  return function_ && param->getDeclContext() == function_;
}

void RefBuilder::enter(const FunctionDecl* function) {
  function_ = function;
  locals_.clear();
  lambda_aliases_.clear();
  param_aliases_.clear();
  ref_aliases_.clear();
}

uint32_t RefBuilder::local_index(const VarDecl* var) {
  auto [it, inserted] = locals_.try_emplace(var, static_cast<uint32_t>(locals_.size()));
  return it->second;
}

void RefBuilder::alias_lambda(const VarDecl* local, std::string lambda) {
  lambda_aliases_[local] = std::move(lambda);
}
void RefBuilder::alias_param(const VarDecl* local, uint32_t param) { param_aliases_[local] = param; }
void RefBuilder::alias_ref(const VarDecl* local, Ref target) { ref_aliases_[local] = std::move(target); }

std::optional<std::string> RefBuilder::lambda_alias(const VarDecl* local) const {
  if (auto it = lambda_aliases_.find(local); it != lambda_aliases_.end()) return it->second;
  return std::nullopt;
}

std::optional<uint32_t> RefBuilder::param_alias(const VarDecl* local) const {
  if (auto it = param_aliases_.find(local); it != param_aliases_.end()) return it->second;
  return std::nullopt;
}

Ref RefBuilder::canonical(const Ref& r) {
  if (r.root != RefRoot::param && r.root != RefRoot::local) return r;
  for (size_t i = 0; i < r.path.size(); ++i)
    if (is_field_element(r.path[i])) {
      Ref out;
      out.root = RefRoot::object_field;
      out.path.assign(r.path.begin() + static_cast<long>(i), r.path.end());
      out.display = r.display;
      return out;
    }
  return {};
}

Ref RefBuilder::ref_of(const Expr* expr) {
  expr = strip_expr(expr);
  if (!expr) return {};
  if (const auto* unary = dyn_cast<UnaryOperator>(expr)) {
    if (unary->getOpcode() == UO_AddrOf) return address_of(ref_of(unary->getSubExpr()));
    if (unary->getOpcode() == UO_Deref) return deref(ref_of(unary->getSubExpr()));
    return {};
  }
  if (const auto* op = dyn_cast<CXXOperatorCallExpr>(expr)) {
    // `*p` names the pointee; `p->` yields the pointer itself (the member
    // access that follows dereferences it).
    if (op->getOperator() == OO_Star && op->getNumArgs() >= 1) return deref(ref_of(op->getArg(0)));
    if (op->getOperator() == OO_Arrow && op->getNumArgs() >= 1) return ref_of(op->getArg(0));
    if (op->getOperator() == OO_Subscript && op->getNumArgs() == 2) {
      Ref base = ref_of(op->getArg(0));
      if (!base.empty()) base.path.push_back("[]");
      return base;
    }
    return {};
  }
  // `mu_.get ()` on a std::unique_ptr or std::shared_ptr is the pointer it
  // holds, as `mu_->` and `&*mu_` are.
  // (libstdc++ declares shared_ptr's `get` in a base class: the object's
  // own type decides.)
  if (const auto* call = dyn_cast<CXXMemberCallExpr>(expr); call && call->getNumArgs() == 0)
    if (const CXXMethodDecl* method = call->getMethodDecl(); method && method->getIdentifier() &&
                                                           method->getName() == "get")
      if (const CXXRecordDecl* holder = strip_expr(call->getImplicitObjectArgument())->getType()->getAsCXXRecordDecl();
          holder && holder->isInStdNamespace() &&
                                                               holder->getIdentifier() &&
                                                               (holder->getName() == "unique_ptr" ||
                                                                holder->getName() == "shared_ptr"))
        return ref_of(call->getImplicitObjectArgument());
  if (const auto* member = dyn_cast<MemberExpr>(expr)) {
    const ValueDecl* decl = member->getMemberDecl();
    if (const auto* var = dyn_cast<VarDecl>(decl)) {  // a class static
      if (!var->hasGlobalStorage()) return {};
      Ref global;
      global.root = RefRoot::global;
      global.base = tu_.id_of(var);
      return global;
    }
    if (!isa<FieldDecl>(decl)) return {};
    const std::string field = qualified_name(decl);
    const Expr* base_expr = strip_expr(member->getBase());
    Ref base;
    if (isa<CXXThisExpr>(base_expr)) {
      base.root = RefRoot::this_object;
    } else {
      base = ref_of(base_expr);
      if (member->isArrow()) base = deref(std::move(base));
    }
    if (base.empty()) base.root = RefRoot::object_field;
    base.path.push_back(field);
    return base;
  }
  if (const auto* ref = dyn_cast<DeclRefExpr>(expr)) {
    // `auto& [samples, count] = g_window;`: a name of a structured binding is
    // what it binds (`g_window.samples` through the decomposed reference).
    if (const auto* binding = dyn_cast<BindingDecl>(ref->getDecl()))
      return binding->getBinding() ? ref_of(binding->getBinding()) : Ref{};
    const auto* var = dyn_cast<VarDecl>(ref->getDecl());
    if (!var) return {};
    Ref out;
    if (var->hasGlobalStorage()) {
      out.root = RefRoot::global;
      out.base = tu_.id_of(var);
    } else if (const auto* param = dyn_cast<ParmVarDecl>(var)) {
      if (!is_own_param(param)) return {};  // captured by a lambda from the function around it
      out.root = RefRoot::param;
      out.index = param->getFunctionScopeIndex();
    } else if (auto it = ref_aliases_.find(var); it != ref_aliases_.end()) {
      return it->second;
    } else {
      out.root = RefRoot::local;
      out.index = local_index(var);
    }
    return out;
  }
  if (isa<CXXThisExpr>(expr)) {
    // `this` is the object's address: `this->f()` and `(*this)` name the object.
    Ref out;
    out.root = RefRoot::this_object;
    out.path.push_back("&");
    return out;
  }
  if (const auto* subscript = dyn_cast<ArraySubscriptExpr>(expr)) {
    Ref base = ref_of(subscript->getBase());
    if (!base.empty()) base.path.push_back("[]");
    return base;
  }
  if (const auto* call = dyn_cast<CallExpr>(expr)) {
    if (const auto* callee = call->getDirectCallee()) {
      const QualType type = callee->getReturnType();
      if (type->isReferenceType() || type->isPointerType()) {
        if (Ref field = through_accessor(call, callee); !field.empty()) return field;
        Ref out;
        out.root = RefRoot::call_result;
        out.base = tu_.id_of(callee);
        return out;
      }
    }
  }
  return {};
}

namespace {

/// Every `return` of `body`, not those of the lambdas in it.
void collect_returns(const Stmt* stmt, std::vector<const ReturnStmt*>& out) {
  if (!stmt || isa<LambdaExpr>(stmt)) return;
  if (const auto* ret = dyn_cast<ReturnStmt>(stmt)) out.push_back(ret);
  for (const Stmt* child : stmt->children()) collect_returns(child, out);
}

}  // namespace

const RefBuilder::FieldAccessor* RefBuilder::field_accessor(const FunctionDecl* callee) {
  const FunctionDecl* definition = callee->getDefinition();
  if (!definition || !definition->hasBody() || definition->isOverloadedOperator()) return nullptr;
  if (auto it = accessors_.find(definition); it != accessors_.end()) return it->second ? &*it->second : nullptr;
  std::vector<const ReturnStmt*> returns;
  collect_returns(definition->getBody(), returns);
  std::optional<FieldAccessor> found;
  for (const ReturnStmt* ret : returns) {
    FieldAccessor shape;
    const Expr* e = strip_expr(ret->getRetValue());
    if (const auto* address = dyn_cast_or_null<UnaryOperator>(e); address && address->getOpcode() == UO_AddrOf) {
      shape.address = true;
      e = strip_expr(address->getSubExpr());
    }
    while (const auto* member = dyn_cast_or_null<MemberExpr>(e)) {
      const auto* field = dyn_cast<FieldDecl>(member->getMemberDecl());
      if (!field) break;
      shape.fields.insert(shape.fields.begin(), {field, member->isArrow()});
      e = strip_expr(member->getBase());
    }
    const auto* ref = dyn_cast_or_null<DeclRefExpr>(e);
    const auto* param = ref ? dyn_cast<ParmVarDecl>(ref->getDecl()) : nullptr;
    const bool own_param = param && param->getDeclContext() == definition;
    shape.on_this = e && isa<CXXThisExpr>(e);
    if (own_param) shape.param = param->getFunctionScopeIndex();
    const bool differs = found && !(found->on_this == shape.on_this && found->param == shape.param &&
                                    found->address == shape.address && found->fields == shape.fields);
    if (shape.fields.empty() || (!shape.on_this && !own_param) || differs) {
      found.reset();
      break;
    }
    found = std::move(shape);
  }
  auto& slot = accessors_[definition] = std::move(found);
  return slot ? &*slot : nullptr;
}

Ref RefBuilder::through_accessor(const CallExpr* call, const FunctionDecl* callee) {
  if (isa<CXXOperatorCallExpr>(call)) return {};
  const FieldAccessor* accessor = field_accessor(callee);
  if (!accessor) return {};
  Ref base;
  if (accessor->on_this) {
    const auto* member_call = dyn_cast<CXXMemberCallExpr>(call);
    const auto* callee_expr = member_call ? dyn_cast<MemberExpr>(strip_expr(member_call->getCallee())) : nullptr;
    if (!callee_expr) return {};
    base = ref_of(member_call->getImplicitObjectArgument());
    if (callee_expr->isArrow()) base = deref(std::move(base));
  } else {
    if (accessor->param >= call->getNumArgs()) return {};
    base = ref_of(call->getArg(accessor->param));
  }
  if (base.empty()) return {};
  for (size_t i = 0; i < accessor->fields.size(); ++i) {
    // `this->gil` is a field of the object itself, which `base` already is.
    if (accessor->fields[i].second && !(accessor->on_this && i == 0)) base = deref(std::move(base));
    base.path.push_back(qualified_name(accessor->fields[i].first));
  }
  return accessor->address ? address_of(std::move(base)) : base;
}

std::string RefBuilder::display_of(const Expr* expr) const {
  expr = strip_expr(expr);
  if (!expr) return "?";
  // `*shared_` on a smart pointer: Clang prints an overloaded prefix
  // operator with a space after it ("* shared_").
  if (const auto* op = dyn_cast<CXXOperatorCallExpr>(expr); op && op->getNumArgs() == 1) {
    const OverloadedOperatorKind kind = op->getOperator();
    if (kind == OO_Star || kind == OO_Amp || kind == OO_Exclaim || kind == OO_Tilde || kind == OO_Minus)
      return getOperatorSpelling(kind) + display_of(op->getArg(0));
  }
  std::string text;
  llvm::raw_string_ostream os(text);
  PrintingPolicy policy(tu_.ast().getLangOpts());
  policy.SuppressImplicitBase = true;
  expr->printPretty(os, nullptr, policy);
  std::string result = os.str();
  if (result.rfind("&", 0) == 0 && result.size() > 1) result.erase(0, 1);
  if (result.rfind("this->", 0) == 0) result.erase(0, 6);
  return result;
}

}  // namespace concur::analyzer_internal

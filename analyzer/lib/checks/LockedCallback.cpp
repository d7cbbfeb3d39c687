// concur-locked-callback: code the class does not control runs while one of
// its locks is held. The callback can call back into the object and lock the
// same mutex (self-deadlock), wait for a thread that needs the lock (deadlock
// across threads), or run for arbitrarily long while everyone else waits.
#include "../BodyWalk.h"
#include "../LockSet.h"
#include "../TUAnalysis.h"

#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/DenseMap.h"

#include <optional>

using namespace clang;

namespace concur::detail {
namespace {

constexpr llvm::StringLiteral kCheck = "concur-locked-callback";

const Expr* bare(const Expr* e) { return e ? e->IgnoreParenImpCasts() : nullptr; }

/// `std::forward<F>(f)` and `std::move(f)` name the same callable as `f`.
const Expr* throughForward(const Expr* e) {
  e = bare(e);
  if (const auto* call = dyn_cast_or_null<CallExpr>(e))
    if (const auto* callee = call->getDirectCallee(); callee && callee->getIdentifier() &&
        (callee->getName() == "forward" || callee->getName() == "move") && call->getNumArgs() == 1)
      return bare(call->getArg(0));
  if (const auto* lookup = dyn_cast_or_null<CallExpr>(e)) {
    if (const auto* unresolved = dyn_cast<UnresolvedLookupExpr>(bare(lookup->getCallee())))
      if (unresolved->getName().getAsString() == "forward" && lookup->getNumArgs() == 1)
        return bare(lookup->getArg(0));
  }
  return e;
}

bool isTemplateParameterType(QualType type) {
  if (type.isNull()) return false;
  type = type.getNonReferenceType();
  return type->getAs<TemplateTypeParmType>() != nullptr ||
         (type->isDependentType() && isa<TemplateTypeParmType>(type.getCanonicalType()));
}

/// A local variable initialized from a lambda written in the same function:
/// the class controls that code.
bool isLocalLambda(const Expr* callable) {
  const auto* ref = dyn_cast_or_null<DeclRefExpr>(bare(callable));
  const auto* var = ref ? dyn_cast<VarDecl>(ref->getDecl()) : nullptr;
  if (!var || var->hasGlobalStorage() || isa<ParmVarDecl>(var) || !var->getInit()) return false;
  return isa<LambdaExpr>(throughConversions(var->getInit()));
}

std::string spelling(const Expr* e, const ASTContext& ast) { return lockDisplayOf(e, ast); }

/// `(this->*kSearches[i])(p)` where the table is a variable of the function
/// itself (re2's DFA picks one of its own search loops this way): the class
/// chose every entry, so the call is not foreign. A pointer to member kept in
/// a field or passed in is.
bool isOwnDispatchTable(const Expr* memberPointer) {
  const Expr* e = bare(memberPointer);
  while (const auto* subscript = dyn_cast<ArraySubscriptExpr>(e)) e = bare(subscript->getBase());
  const auto* ref = dyn_cast<DeclRefExpr>(e);
  const auto* var = ref ? dyn_cast<VarDecl>(ref->getDecl()) : nullptr;
  if (!var || isa<ParmVarDecl>(var) || !var->isLocalVarDecl() || !var->getInit()) return false;
  // Every entry is `&Class::method`.
  const Expr* init = var->getInit()->IgnoreImplicit();
  auto isMemberAddress = [](const Expr* entry) {
    const auto* address = dyn_cast<UnaryOperator>(entry->IgnoreImplicit());
    return address && address->getOpcode() == UO_AddrOf &&
           isa<DeclRefExpr>(address->getSubExpr()->IgnoreParens()) &&
           isa<CXXMethodDecl>(cast<DeclRefExpr>(address->getSubExpr()->IgnoreParens())->getDecl());
  };
  if (const auto* list = dyn_cast<InitListExpr>(init)) {
    if (list->getNumInits() == 0) return false;
    for (const Expr* entry : list->inits())
      if (!isMemberAddress(entry)) return false;
    return true;
  }
  return isMemberAddress(init);
}

class LockedCallbackCheck : public Check {
public:
  void checkFunction(const FunctionFacts& facts, CheckContext& context) override {
    if (!facts.locks->cfg()) return;  // holds no lock anywhere
    forEachStmtInBody(facts.function->getBody(), [&](const Stmt* stmt) {
      const auto* call = dyn_cast<CallExpr>(stmt);
      if (!call) return;
      const HeldLock* held = facts.locks->stateAt(call).definitelyHeld();
      if (!held) return;
      auto foreign = classify(call, context, 0);
      if (!foreign) return;
      report(*call, *foreign, *held, facts, context);
    });
  }

private:
  struct ForeignCode {
    std::string what;             // "calls std::function 'on_change_'"
    SourceLocation helperCallee;  // inside a helper: where the helper calls it
  };

  /// Whether `call` runs code the class does not control; `depth` counts
  /// helper functions followed.
  std::optional<ForeignCode> classify(const CallExpr* call, CheckContext& context, int depth) {
    const ASTContext& ast = context.ast();
    const Vocabulary& vocabulary = context.vocabulary();
    if (const auto* op = dyn_cast<CXXOperatorCallExpr>(call)) {
      if (op->getOperator() != OO_Call || op->getNumArgs() == 0) return std::nullopt;
      const Expr* callable = throughForward(op->getArg(0));
      if (vocabulary.isCallbackType(callable->getType()) && !isLocalLambda(callable))
        return ForeignCode{"calls the " + typeName(callable->getType()) + " '" +
                           spelling(callable, ast) + "'", {}};
      if (isTemplateParameterType(callable->getType()))
        return ForeignCode{"calls '" + spelling(callable, ast) +
                           "', a callable of template parameter type", {}};
      // A lambda or functor defined here: look inside it like a helper.
      if (const auto* method = dyn_cast_or_null<CXXMethodDecl>(op->getDirectCallee()))
        return throughHelper(call, method, context, depth);
      return std::nullopt;
    }
    const Expr* callee = bare(call->getCallee());
    if (const auto* pointerToMember = dyn_cast<BinaryOperator>(callee);
        pointerToMember && pointerToMember->isPtrMemOp()) {
      if (isOwnDispatchTable(pointerToMember->getRHS())) return std::nullopt;
      return ForeignCode{"calls through the pointer to member '" +
                         spelling(pointerToMember->getRHS(), ast) + "'", {}};
    }
    if (const auto* memberCall = dyn_cast<CXXMemberCallExpr>(call)) {
      const CXXMethodDecl* method = memberCall->getMethodDecl();
      if (!method) return std::nullopt;
      if (method->isVirtual() && !method->hasAttr<FinalAttr>() &&
          !method->getParent()->hasAttr<FinalAttr>() &&
          vocabulary.isListenerClass(method->getParent()))
        return ForeignCode{"calls the virtual '" + method->getNameAsString() + "' of listener '" +
                           method->getParent()->getNameAsString() + "'", {}};
      return throughHelper(call, method, context, depth);
    }
    if (const FunctionDecl* direct = call->getDirectCallee()) {
      if (direct->getIdentifier() && direct->getName() == "invoke" && call->getNumArgs() > 0) {
        const Expr* callable = throughForward(call->getArg(0));
        if (vocabulary.isCallbackType(callable->getType()) && !isLocalLambda(callable))
          return ForeignCode{"invokes the " + typeName(callable->getType()) + " '" +
                             spelling(callable, ast) + "'", {}};
        if (isTemplateParameterType(callable->getType()) ||
            callable->getType()->isFunctionPointerType() ||
            callable->getType()->isMemberFunctionPointerType())
          return ForeignCode{"invokes '" + spelling(callable, ast) + "'", {}};
      }
      return throughHelper(call, direct, context, depth);
    }
    // std::invoke(f, ...) in a template, before overload resolution.
    if (const auto* unresolved = dyn_cast<UnresolvedLookupExpr>(callee);
        unresolved && unresolved->getName().getAsString() == "invoke" && call->getNumArgs() > 0) {
      const Expr* target = throughForward(call->getArg(0));
      if (isTemplateParameterType(target->getType()) || vocabulary.isCallbackType(target->getType()))
        return ForeignCode{"invokes '" + spelling(target, ast) + "'", {}};
    }
    // Not a direct call: a function pointer, or a dependent call in a template.
    const Expr* callable = throughForward(callee);
    const QualType type = callable->getType();
    // `fp(x)`, `(*fp)(x)` (a function lvalue) and `ref(x)` all call through a pointer.
    if (type->isFunctionPointerType() || type->isFunctionReferenceType() || type->isFunctionType() ||
        type->isMemberFunctionPointerType()) {
      if (const auto* ref = dyn_cast<DeclRefExpr>(callable); ref && isa<FunctionDecl>(ref->getDecl()))
        return std::nullopt;
      return ForeignCode{"calls the function pointer '" + spelling(callable, ast) + "'", {}};
    }
    if (isTemplateParameterType(type) && !isLocalLambda(callable))
      return ForeignCode{"calls '" + spelling(callable, ast) +
                         "', a callable of template parameter type", {}};
    return std::nullopt;
  }

  /// A helper defined in this TU that itself runs foreign code (followed up
  /// to two calls deep).
  std::optional<ForeignCode> throughHelper(const CallExpr* call, const FunctionDecl* callee,
                                           CheckContext& context, int depth) {
    if (depth >= 2) return std::nullopt;
    const FunctionDecl* definition = nullptr;
    if (!callee->hasBody(definition) || !definition->getBody()) return std::nullopt;
    if (context.ast().getSourceManager().isInSystemHeader(definition->getLocation()))
      return std::nullopt;
    if (!helperCache_.count(definition)) {
      helperCache_[definition] = Summary{};  // a recursive call sees "nothing found yet"
      std::optional<ForeignCode> found;
      forEachStmtInBody(definition->getBody(), [&](const Stmt* stmt) {
        if (found) return;
        if (const auto* inner = dyn_cast<CallExpr>(stmt))
          if (auto foreign = classify(inner, context, depth + 1)) {
            // Keep the innermost place: where the foreign code is actually called.
            if (foreign->helperCallee.isInvalid()) foreign->helperCallee = inner->getBeginLoc();
            found = foreign;
          }
      });
      helperCache_[definition].foreign = found;
    }
    auto it = helperCache_.find(definition);
    if (!it->second.foreign) return std::nullopt;
    std::string name = definition->getNameAsString();
    if (isa<CXXMethodDecl>(definition) && cast<CXXMethodDecl>(definition)->getParent()->isLambda())
      name = "the lambda";
    else
      name = "'" + name + "'";
    return ForeignCode{"calls " + name + ", which " + it->second.foreign->what,
                       it->second.foreign->helperCallee};
  }

  static std::string typeName(QualType type) {
    const auto* record = Vocabulary::recordOf(type);
    return record ? qualifiedName(record) : type.getAsString();
  }

  void report(const CallExpr& call, const ForeignCode& foreign, const HeldLock& held,
              const FunctionFacts& facts, CheckContext& context) {
    std::string message = foreign.what + " while lock '" + held.display + "' is held; ";
    message += held.recursive
                   ? "the mutex is recursive, so a re-entering callback does not deadlock but "
                     "sees the object in the middle of an update"
                   : "if the callback re-enters this object or waits for a thread that needs "
                     "the lock, the program deadlocks";
    Finding finding = context.make(
        kCheck, held.recursive ? Severity::Note : Severity::Warning, call.getBeginLoc(),
        std::move(message),
        "copy what the callback needs while holding the lock, release it, then call the "
        "callback (or queue the notification)");
    if (foreign.helperCallee.isValid())
      context.note(finding, foreign.helperCallee, "the foreign code runs here");
    context.note(finding, held.acquiredAt, "lock '" + held.display + "' acquired here");
    // Name the function a re-entering callback would most plausibly call:
    // a public method, an ordinary one before an overloaded operator.
    const FunctionSummaries::LockSite* reentered = nullptr;
    for (const auto& site : context.summaries().lockersOf(held.key)) {
      if (site.function == facts.function) continue;
      // A callback re-enters methods, not the constructors or destructors
      // (those lock another instance's mutex).
      if (isa<CXXConstructorDecl>(site.function) || isa<CXXDestructorDecl>(site.function)) continue;
      const auto* method = dyn_cast<CXXMethodDecl>(site.function);
      if (method && method->getAccess() == AS_private) continue;
      if (!reentered || (reentered->function->isOverloadedOperator() &&
                         !site.function->isOverloadedOperator()))
        reentered = &site;
    }
    if (reentered)
      context.note(finding, reentered->where,
                   "'" + qualifiedName(reentered->function) + "' also locks '" + held.display +
                       "'; a callback that calls it " +
                       (held.recursive ? "re-enters mid-update" : "deadlocks"));
    finding.symbol = held.display;
    finding.function = qualifiedName(facts.function);
    context.report(std::move(finding));
  }

  struct Summary {
    std::optional<ForeignCode> foreign;
  };
  llvm::DenseMap<const FunctionDecl*, Summary> helperCache_;
};

}  // namespace

std::unique_ptr<Check> makeLockedCallbackCheck() { return std::make_unique<LockedCallbackCheck>(); }

}  // namespace concur::detail

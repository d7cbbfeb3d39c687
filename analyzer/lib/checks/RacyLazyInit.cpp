// concur-racy-lazy-init: `if (!mu_) mu_ = new std::mutex;` with no lock and
// no once-mechanism. Two threads can both see the pointer null, each create
// a mutex, and then lock different mutexes: the lock protects nothing.
#include "../BodyWalk.h"
#include "../LockSet.h"
#include "../TUAnalysis.h"

#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <optional>

using namespace clang;

namespace concur::detail {
namespace {

constexpr llvm::StringLiteral kCheck = "concur-racy-lazy-init";

const Expr* bare(const Expr* e) { return e ? e->IgnoreParenImpCasts() : nullptr; }

bool isNullLiteral(const Expr* e, ASTContext& ast) {
  e = bare(e);
  return e && (isa<CXXNullPtrLiteralExpr>(e) ||
               e->isNullPointerConstant(ast, Expr::NPC_ValueDependentIsNotNull) !=
                   Expr::NPCK_NotNull);
}

struct NullTest {
  const Expr* variable;  // the tested variable expression
  bool trueWhenEmpty;    // the condition holds when it is null/empty
};

class RacyLazyInitCheck : public Check {
public:
  void checkFunction(const FunctionFacts& facts, CheckContext& context) override {
    if (facts.runsOnce || facts.isConstructionOrDestruction) return;
    const Stmt* body = facts.function->getBody();
    forEachStmtInBody(body, [&](const Stmt* stmt) {
      if (const auto* ifStmt = dyn_cast<IfStmt>(stmt)) {
        examineGuardedBranch(ifStmt, facts, context);
      } else if (const auto* compound = dyn_cast<CompoundStmt>(stmt)) {
        examineEarlyReturn(compound, facts, context);
      }
    });
  }

private:
  /// `if (!p) { p = new M; }`
  void examineGuardedBranch(const IfStmt* ifStmt, const FunctionFacts& facts,
                            CheckContext& context) {
    auto test = nullTest(ifStmt->getCond(), context);
    if (!test || !test->trueWhenEmpty) return;
    reportCreation(*test, ifStmt->getCond(), ifStmt->getThen(), facts, context);
  }

  /// `if (p) return *p; p = new M; return *p;`
  void examineEarlyReturn(const CompoundStmt* compound, const FunctionFacts& facts,
                          CheckContext& context) {
    for (auto it = compound->body_begin(); it != compound->body_end(); ++it) {
      const auto* ifStmt = dyn_cast<IfStmt>(*it);
      if (!ifStmt || ifStmt->getElse() || !endsInReturn(ifStmt->getThen())) continue;
      auto test = nullTest(ifStmt->getCond(), context);
      if (!test || test->trueWhenEmpty) continue;
      for (auto rest = std::next(it); rest != compound->body_end(); ++rest)
        if (reportCreation(*test, ifStmt->getCond(), *rest, facts, context)) break;
    }
  }

  static bool endsInReturn(const Stmt* stmt) {
    if (const auto* compound = dyn_cast_or_null<CompoundStmt>(stmt))
      return !compound->body_empty() && isa<ReturnStmt>(compound->body_back());
    return isa_and_nonnull<ReturnStmt>(stmt);
  }

  /// Whether `expr` names a variable other threads can see and whose type
  /// holds a mutex through a pointer, smart pointer or optional.
  static bool isSharedMutexHolder(const Expr* expr, CheckContext& context) {
    expr = bare(expr);
    if (!expr || !context.vocabulary().holdsMutex(expr->getType())) return false;
    if (Vocabulary::isAtomic(expr->getType())) return false;
    if (const auto* ref = dyn_cast<DeclRefExpr>(expr)) {
      const auto* var = dyn_cast<VarDecl>(ref->getDecl());
      return var && var->hasGlobalStorage() && var->getTLSKind() == VarDecl::TLS_None;
    }
    if (const auto* member = dyn_cast<MemberExpr>(expr)) {
      if (!isa<FieldDecl>(member->getMemberDecl())) {
        const auto* var = dyn_cast<VarDecl>(member->getMemberDecl());  // class static
        return var && var->getTLSKind() == VarDecl::TLS_None;
      }
      const Expr* base = bare(member->getBase());
      if (isa<CXXThisExpr>(base) || member->isArrow()) return true;
      if (const auto* ref = dyn_cast<DeclRefExpr>(base))
        if (const auto* var = dyn_cast<VarDecl>(ref->getDecl()))
          return var->hasGlobalStorage() && var->getTLSKind() == VarDecl::TLS_None;
    }
    return false;
  }

  static std::optional<NullTest> nullTest(const Expr* cond, CheckContext& context) {
    cond = bare(cond);
    if (!cond) return std::nullopt;
    if (const auto* unary = dyn_cast<UnaryOperator>(cond); unary && unary->getOpcode() == UO_LNot) {
      auto inner = nullTest(unary->getSubExpr(), context);
      if (inner) inner->trueWhenEmpty = !inner->trueWhenEmpty;
      return inner;
    }
    if (const auto* binary = dyn_cast<BinaryOperator>(cond); binary && binary->isEqualityOp()) {
      const Expr* lhs = binary->getLHS();
      const Expr* rhs = binary->getRHS();
      if (isNullLiteral(lhs, context.ast())) std::swap(lhs, rhs);
      if (!isNullLiteral(rhs, context.ast()) || !isSharedMutexHolder(lhs, context))
        return std::nullopt;
      return NullTest{bare(lhs), binary->getOpcode() == BO_EQ};
    }
    if (const auto* op = dyn_cast<CXXOperatorCallExpr>(cond);
        op && (op->getOperator() == OO_EqualEqual || op->getOperator() == OO_ExclaimEqual)) {
      const Expr* lhs = op->getArg(0);
      const Expr* rhs = op->getArg(1);
      if (isNullLiteral(lhs, context.ast())) std::swap(lhs, rhs);
      if (!isNullLiteral(rhs, context.ast()) || !isSharedMutexHolder(lhs, context))
        return std::nullopt;
      return NullTest{bare(lhs), op->getOperator() == OO_EqualEqual};
    }
    if (const auto* call = dyn_cast<CXXMemberCallExpr>(cond)) {
      // `p` in a condition on a smart pointer or optional: operator bool.
      const auto* method = call->getMethodDecl();
      if (method && (isa<CXXConversionDecl>(method) || method->getName() == "has_value") &&
          isSharedMutexHolder(call->getImplicitObjectArgument(), context))
        return NullTest{bare(call->getImplicitObjectArgument()), false};
      return std::nullopt;
    }
    if (isSharedMutexHolder(cond, context)) return NullTest{cond, false};
    return std::nullopt;
  }

  struct Creation {
    const Expr* at;          // where it happens (or the helper call)
    const FunctionDecl* helper = nullptr;
    const Expr* inHelper = nullptr;
  };

  /// The first statement in `scope` that stores a new object into `key`.
  static const Expr* findDirectCreation(const Stmt* scope, const std::string& key,
                                        CheckContext& context) {
    const Expr* found = nullptr;
    forEachStmtInBody(scope, [&](const Stmt* stmt) {
      if (found) return;
      if (const auto* assign = dyn_cast<BinaryOperator>(stmt);
          assign && assign->getOpcode() == BO_Assign &&
          !isNullLiteral(assign->getRHS(), context.ast()) && lockKeyOf(assign->getLHS()) == key) {
        found = assign;
      } else if (const auto* op = dyn_cast<CXXOperatorCallExpr>(stmt);
                 op && op->getOperator() == OO_Equal && op->getNumArgs() == 2 &&
                 !isNullLiteral(op->getArg(1), context.ast()) &&
                 lockKeyOf(op->getArg(0)) == key) {
        found = op;
      } else if (const auto* call = dyn_cast<CXXMemberCallExpr>(stmt)) {
        const auto* method = call->getMethodDecl();
        if (!method || !method->getIdentifier()) return;
        const StringRef name = method->getName();
        const bool creates = (name == "reset" && call->getNumArgs() > 0 &&
                              !isNullLiteral(call->getArg(0), context.ast())) ||
                             name == "emplace";
        if (creates && lockKeyOf(call->getImplicitObjectArgument()) == key) found = call;
      }
    });
    return found;
  }

  static std::optional<Creation> findCreation(const Stmt* scope, const std::string& key,
                                              CheckContext& context) {
    if (const Expr* direct = findDirectCreation(scope, key, context)) return Creation{direct};
    // An init helper one call away: `if (!mu_) InitLock();`
    std::optional<Creation> viaHelper;
    forEachStmtInBody(scope, [&](const Stmt* stmt) {
      if (viaHelper) return;
      const auto* call = dyn_cast<CallExpr>(stmt);
      const FunctionDecl* callee = call ? call->getDirectCallee() : nullptr;
      const FunctionDecl* definition = nullptr;
      if (!callee || !callee->hasBody(definition)) return;
      if (context.ast().getSourceManager().isInSystemHeader(definition->getLocation())) return;
      if (const Expr* inside = findDirectCreation(definition->getBody(), key, context))
        viaHelper = Creation{call, definition, inside};
    });
    return viaHelper;
  }

  bool reportCreation(const NullTest& test, const Expr* cond, const Stmt* scope,
                      const FunctionFacts& facts, CheckContext& context) {
    const std::string key = lockKeyOf(test.variable);
    if (key.empty()) return false;
    auto creation = findCreation(scope, key, context);
    if (!creation) return false;
    if (!reported_.insert(creation->at).second) return true;
    if (facts.locks->stateAt(creation->at).anyMaybeHeld()) return true;
    if (creation->helper) {
      const FunctionFacts* helperFacts = context.summaries().find(creation->helper);
      if (helperFacts && helperFacts->locks->stateAt(creation->inHelper).anyMaybeHeld()) return true;
    }
    const std::string name = lockDisplayOf(test.variable, context.ast());
    const bool optional = !test.variable->getType()->isPointerType() &&
                          Vocabulary::recordOf(test.variable->getType()) &&
                          Vocabulary::recordOf(test.variable->getType())->getName().contains("optional");
    std::string message =
        "'" + name + "' is created lazily without synchronization: two threads can both see it " +
        (optional ? "empty" : "null") +
        ", each create a mutex, and then lock different ones, so the lock protects nothing";
    if (creation->helper)
      message = "'" + creation->helper->getNameAsString() + "' creates '" + name +
                "' lazily without synchronization: two threads can both see it " +
                (optional ? "empty" : "null") +
                ", each create a mutex, and then lock different ones, so the lock protects nothing";
    Finding finding = context.make(
        kCheck, Severity::Warning, creation->at->getBeginLoc(), std::move(message),
        "create the mutex eagerly (a plain member or a function-local static) or guard the "
        "creation with std::call_once");
    context.note(finding, cond->getBeginLoc(),
                 "'" + name + "' is tested for " + (optional ? "empty" : "null") + " here");
    if (creation->helper)
      context.note(finding, creation->inHelper->getBeginLoc(), "the helper creates it here");
    finding.symbol = name;
    finding.function = qualifiedName(facts.function);
    context.report(std::move(finding));
    return true;
  }

  llvm::SmallPtrSet<const Expr*, 8> reported_;
};

}  // namespace

std::unique_ptr<Check> makeRacyLazyInitCheck() { return std::make_unique<RacyLazyInitCheck>(); }

}  // namespace concur::detail

// concur-shared-global-cache: an object with static storage duration that
// many threads can reach is mutated with no lock held. Containers and
// caches are reported on any unlocked mutation; plain scalars only in the
// two patterns that are almost always bugs (save/flip/restore of a global
// flag, and a variable written under a lock elsewhere but not here).
#include "../BodyWalk.h"
#include "../LockSet.h"
#include "../TUAnalysis.h"

#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSet.h"

using namespace clang;

namespace concur::detail {
namespace {

constexpr llvm::StringLiteral kCheck = "concur-shared-global-cache";

const Expr* bare(const Expr* e) { return e ? e->IgnoreParenImpCasts() : nullptr; }

const llvm::StringSet<>& containerMutators() {
  static const llvm::StringSet<> names = {
      "insert", "emplace", "emplace_hint", "try_emplace", "insert_or_assign", "erase",
      "clear", "push_back", "emplace_back", "push_front", "emplace_front", "pop_back",
      "pop_front", "push", "pop", "resize", "assign", "swap", "merge", "extract", "append",
      "replace", "put", "set", "add", "remove", "Insert", "Put", "Set", "Add", "Erase",
      "Remove", "Clear", "store", "update", "Update"};
  return names;
}

const llvm::StringSet<>& checkMethods() {
  static const llvm::StringSet<> names = {"find", "count", "contains", "empty", "size", "end",
                                          "Find", "Contains", "Lookup", "lookup", "get", "Get"};
  return names;
}

enum class MutationKind { ContainerOperation, Assignment, ScalarWrite };

struct Mutation {
  const VarDecl* var;
  const Expr* at;
  MutationKind kind;
  std::string operation;  // "operator[]", "insert", "assignment", ...
  const FunctionFacts* facts;
  bool lockMaybeHeld;
  bool isRestore = false;        // `g_flag = saved;`
  bool flipsSavedFlag = false;   // a write between save and restore
  bool afterCheck = false;       // check-then-act
  bool onlyMaybe = false;        // `return m[k];`: operator[] that may insert, used as a read
};

class SharedGlobalCacheCheck : public Check {
public:
  void checkFunction(const FunctionFacts& facts, CheckContext& context) override {
    const Stmt* body = facts.function->getBody();
    llvm::SmallPtrSet<const VarDecl*, 4> checked;  // find()/count()/... seen in a condition
    llvm::DenseMap<const VarDecl*, const VarDecl*> savedInto;  // global -> local copy
    llvm::SmallPtrSet<const Expr*, 8> assignedSubscripts;      // `m[k] = v` targets
    const size_t first = mutations_.size();

    forEachStmtInBody(body, [&](const Stmt* stmt) {
      if (const auto* declStmt = dyn_cast<DeclStmt>(stmt)) {
        for (const auto* decl : declStmt->decls())
          if (const auto* local = dyn_cast<VarDecl>(decl); local && local->isLocalVarDecl() &&
              !local->isStaticLocal() && local->getInit())
            if (const VarDecl* global = globalOf(local->getInit(), context))
              savedInto[global] = local;
        return;
      }
      if (const auto* call = dyn_cast<CXXMemberCallExpr>(stmt)) {
        const auto* method = call->getMethodDecl();
        const VarDecl* global = globalOf(call->getImplicitObjectArgument(), context);
        if (!global || !method || !method->getIdentifier()) return;
        if (checkMethods().contains(method->getName())) checked.insert(global);
        if (!method->isConst() && isMutatingMethod(method, global, context))
          record(global, call, MutationKind::ContainerOperation, method->getNameAsString(), facts);
        return;
      }
      if (const auto* op = dyn_cast<CXXOperatorCallExpr>(stmt)) {
        if (op->getNumArgs() == 0) return;
        if (op->isAssignmentOp()) assignedSubscripts.insert(bare(op->getArg(0)));
        const VarDecl* global = globalOf(op->getArg(0), context);
        if (!global) return;
        const auto kind = op->getOperator();
        if (kind == OO_Subscript && isMapLike(global->getType()))
          record(global, op, MutationKind::ContainerOperation, "operator[]", facts).onlyMaybe =
              !assignedSubscripts.contains(op);
        else if (kind == OO_Equal)
          record(global, op, MutationKind::Assignment, "assignment", facts);
        else if (kind == OO_PlusEqual || kind == OO_PlusPlus || kind == OO_MinusMinus)
          record(global, op, MutationKind::Assignment, "compound assignment", facts);
        return;
      }
      if (const auto* binary = dyn_cast<BinaryOperator>(stmt); binary && binary->isAssignmentOp()) {
        const Expr* lhs = bare(binary->getLHS());
        assignedSubscripts.insert(lhs);
        // `g_map[k] = v` on a vector-like container assigns through operator[].
        if (const auto* subscript = dyn_cast<CXXOperatorCallExpr>(lhs);
            subscript && subscript->getOperator() == OO_Subscript) {
          if (const VarDecl* global = globalOf(subscript->getArg(0), context);
              global && !isMapLike(global->getType()))
            record(global, binary, MutationKind::ContainerOperation, "operator[]", facts);
          return;
        }
        if (const VarDecl* global = globalOf(lhs, context)) {
          Mutation& m = record(global, binary, MutationKind::ScalarWrite, "assignment", facts);
          if (auto it = savedInto.find(global); it != savedInto.end())
            if (const auto* rhs = dyn_cast<DeclRefExpr>(bare(binary->getRHS())); rhs && rhs->getDecl() == it->second)
              m.isRestore = true;
        }
        return;
      }
      if (const auto* unary = dyn_cast<UnaryOperator>(stmt); unary && unary->isIncrementDecrementOp()) {
        if (const VarDecl* global = globalOf(unary->getSubExpr(), context))
          record(global, unary, MutationKind::ScalarWrite, "increment", facts);
      }
    });

    // Per function: which writes flip a saved flag, which follow a check.
    for (size_t i = first; i < mutations_.size(); ++i) {
      Mutation& m = mutations_[i];
      if (checked.contains(m.var) && m.kind == MutationKind::ContainerOperation)
        m.afterCheck = true;
      if (m.kind != MutationKind::ScalarWrite || m.isRestore || !savedInto.count(m.var)) continue;
      const bool restored = llvm::any_of(
          llvm::make_range(mutations_.begin() + first, mutations_.end()),
          [&](const Mutation& other) { return other.var == m.var && other.isRestore; });
      m.flipsSavedFlag = restored;
    }
  }

  void finishTranslationUnit(CheckContext& context) override {
    // Where each variable is written with a lock held (inconsistent locking).
    llvm::DenseMap<const VarDecl*, const Mutation*> lockedWrite;
    for (const auto& m : mutations_)
      if (m.lockMaybeHeld && !lockedWrite.count(m.var)) lockedWrite[m.var] = &m;

    // One finding per function and variable: `memo[k] = v; return memo[k];`
    // is one bug, not two. A definite mutation (an insert, an assignment)
    // tells the story better than an operator[] used as a read, so those go first.
    llvm::DenseSet<std::pair<const FunctionDecl*, const VarDecl*>> reported;
    std::vector<const Mutation*> order;
    for (const auto& m : mutations_)
      if (!m.onlyMaybe) order.push_back(&m);
    for (const auto& m : mutations_)
      if (m.onlyMaybe) order.push_back(&m);
    for (const Mutation* candidate : order) {
      const Mutation& m = *candidate;
      if (m.lockMaybeHeld || m.facts->runsOnce || m.facts->isConstructionOrDestruction) continue;
      if (m.facts->function->isMain()) continue;  // start-up, before threads exist
      const Mutation* locked = nullptr;
      if (auto it = lockedWrite.find(m.var); it != lockedWrite.end()) locked = it->second;
      const bool container = context.vocabulary().isContainerLike(m.var->getType());
      if (m.isRestore) continue;
      if (!container && !locked && !m.flipsSavedFlag) continue;
      if (!reported.insert({m.facts->function, m.var}).second) continue;
      report(m, container, locked, context);
    }
  }

private:
  Mutation& record(const VarDecl* var, const Expr* at, MutationKind kind, std::string operation,
                   const FunctionFacts& facts) {
    mutations_.push_back({var, at, kind, std::move(operation), &facts,
                          facts.locks->stateAt(at).anyMaybeHeld()});
    return mutations_.back();
  }

  static bool isMapLike(QualType type) {
    const auto* record = Vocabulary::recordOf(type);
    if (!record) return false;
    const std::string name = qualifiedName(record);
    return llvm::StringRef(name).contains_insensitive("map") ||
           llvm::StringRef(name).contains_insensitive("cache") ||
           llvm::StringRef(name).contains_insensitive("registry") ||
           llvm::StringRef(name).contains_insensitive("table");
  }

  bool isMutatingMethod(const CXXMethodDecl* method, const VarDecl* global,
                        CheckContext& context) const {
    if (containerMutators().contains(method->getName())) return true;
    // Non-const member calls on cache-like user classes (not std types).
    const auto* record = Vocabulary::recordOf(global->getType());
    return record && context.vocabulary().isContainerLike(global->getType()) &&
           !qualifiedName(record).starts_with("std::") && !checkMethods().contains(method->getName()) &&
           !method->getName().starts_with("begin") && !method->getName().starts_with("end");
  }

  /// The static-storage variable `expr` names: directly, as a member of one,
  /// or through an accessor that returns a reference to one.
  const VarDecl* globalOf(const Expr* expr, CheckContext& context) {
    expr = bare(expr);
    while (const auto* member = dyn_cast_or_null<MemberExpr>(expr)) {
      if (const auto* staticMember = dyn_cast<VarDecl>(member->getMemberDecl()))
        return sharedVariable(staticMember, context);
      if (member->isArrow()) return nullptr;  // through a pointer: not the global itself
      expr = bare(member->getBase());
    }
    if (const auto* ref = dyn_cast_or_null<DeclRefExpr>(expr))
      return sharedVariable(dyn_cast<VarDecl>(ref->getDecl()), context);
    if (const auto* call = dyn_cast_or_null<CallExpr>(expr))
      if (const auto* callee = call->getDirectCallee(); callee && call->getNumArgs() == 0 &&
          callee->getReturnType()->isLValueReferenceType())
        return accessedVariable(callee, context);
    return nullptr;
  }

  const VarDecl* sharedVariable(const VarDecl* var, CheckContext& context) const {
    if (!var || !var->hasGlobalStorage() || var->getTLSKind() != VarDecl::TLS_None) return nullptr;
    if (isa<ParmVarDecl>(var) || var->isConstexpr()) return nullptr;
    const QualType type = var->getType();
    if (type.isConstQualified() || type->isReferenceType()) return nullptr;
    if (Vocabulary::isAtomic(type) || Vocabulary::isOnceFlag(type)) return nullptr;
    const Vocabulary& vocabulary = context.vocabulary();
    if (vocabulary.isMutex(type) || vocabulary.isGuard(Vocabulary::recordOf(type))) return nullptr;
    if (context.ast().getSourceManager().isInSystemHeader(var->getLocation())) return nullptr;
    return var;
  }

  /// `Registry& registry() { static Registry r; return r; }` -> r.
  const VarDecl* accessedVariable(const FunctionDecl* accessor, CheckContext& context) {
    auto [it, inserted] = accessors_.try_emplace(accessor, nullptr);
    if (!inserted) return it->second;
    const FunctionDecl* definition = nullptr;
    if (!accessor->hasBody(definition)) return nullptr;
    const VarDecl* found = nullptr;
    forEachStmtInBody(definition->getBody(), [&](const Stmt* stmt) {
      if (const auto* ret = dyn_cast<ReturnStmt>(stmt); ret && ret->getRetValue())
        if (const auto* ref = dyn_cast<DeclRefExpr>(bare(ret->getRetValue())))
          found = sharedVariable(dyn_cast<VarDecl>(ref->getDecl()), context);
    });
    accessors_[accessor] = found;
    return found;
  }

  /// "money::g_rates", or "lookup()::memo" for a function-local static.
  static std::string displayName(const VarDecl* var) {
    if (var->isStaticLocal())
      if (const auto* function = dyn_cast<FunctionDecl>(var->getDeclContext()))
        return qualifiedName(function) + "()::" + var->getNameAsString();
    return qualifiedName(var);
  }

  void report(const Mutation& m, bool container, const Mutation* locked, CheckContext& context) {
    const std::string name = displayName(m.var);
    std::string message;
    if (m.flipsSavedFlag) {
      message = "global flag '" + name +
                "' is switched off and restored later with no lock held; other threads see the "
                "flipped value meanwhile, and two overlapping save/flip/restore sequences can "
                "leave it switched off for good";
    } else if (locked) {
      message = "'" + name + "' is modified here (" + m.operation +
                ") without a lock, but written under a lock in '" +
                qualifiedName(locked->facts->function) +
                "'; the unlocked write races with the locked ones";
    } else if (m.afterCheck) {
      message = "check-then-act on global cache '" + name + "': the lookup and the " +
                m.operation +
                " run with no lock held, so two threads can both miss and both insert while "
                "racing on the container's internals";
    } else {
      message = "global " + std::string(container ? "container" : "object") + " '" + name +
                "' is modified (" + m.operation +
                ") with no lock held; concurrent calls race on its internals and can corrupt it";
    }
    Finding finding = context.make(
        kCheck, Severity::Warning, m.at->getBeginLoc(), std::move(message),
        m.flipsSavedFlag
            ? "pass the setting as a parameter or make the flag thread_local instead of "
              "flipping shared state"
            : "guard every access with one mutex, make it thread_local, or build it once at "
              "start-up and only read it afterwards");
    context.note(finding, m.var->getLocation(), "'" + name + "' declared here with static storage");
    if (locked && !m.flipsSavedFlag)
      context.note(finding, locked->at->getBeginLoc(), "written under a lock here");
    finding.symbol = name;
    finding.function = qualifiedName(m.facts->function);
    context.report(std::move(finding));
  }

  std::vector<Mutation> mutations_;  // stable: std::deque semantics not needed, we only append
  llvm::DenseMap<const FunctionDecl*, const VarDecl*> accessors_;
};

}  // namespace

std::unique_ptr<Check> makeSharedGlobalCacheCheck() {
  return std::make_unique<SharedGlobalCacheCheck>();
}

}  // namespace concur::detail

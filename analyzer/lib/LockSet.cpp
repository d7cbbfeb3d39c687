#include "LockSet.h"

#include "BodyWalk.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "llvm/Support/Format.h"

#include <algorithm>
#include <deque>
#include <optional>

using namespace clang;

namespace concur::detail {

namespace {

const Expr* strip(const Expr* expr) {
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

std::string localKey(const VarDecl* var) {
  std::string key = "local:" + var->getNameAsString() + "@";
  llvm::raw_string_ostream os(key);
  os << llvm::format_hex(reinterpret_cast<uintptr_t>(var->getCanonicalDecl()), 2);
  return key;
}

/// Key of the object a pointer expression points to: `&m` -> key(m).
std::string pointeeKey(const Expr* pointer) {
  pointer = strip(pointer);
  if (const auto* unary = dyn_cast<UnaryOperator>(pointer))
    if (unary->getOpcode() == UO_AddrOf) return lockKeyOf(unary->getSubExpr());
  const std::string inner = lockKeyOf(pointer);
  return inner.empty() ? inner : "*" + inner;
}

bool isTagType(QualType type, llvm::StringRef name) {
  const auto* record = Vocabulary::recordOf(type);
  return record && qualifiedName(record) == name;
}

}  // namespace

std::string lockKeyOf(const Expr* expr) {
  expr = strip(expr);
  if (!expr) return {};
  if (const auto* unary = dyn_cast<UnaryOperator>(expr)) {
    if (unary->getOpcode() == UO_AddrOf) return lockKeyOf(unary->getSubExpr());
    if (unary->getOpcode() == UO_Deref) return pointeeKey(unary->getSubExpr());
    return {};
  }
  if (const auto* op = dyn_cast<CXXOperatorCallExpr>(expr)) {
    if (op->getOperator() == OO_Star && op->getNumArgs() == 1) return pointeeKey(op->getArg(0));
    if (op->getOperator() == OO_Arrow && op->getNumArgs() >= 1) return lockKeyOf(op->getArg(0));
    return {};
  }
  if (const auto* member = dyn_cast<MemberExpr>(expr)) {
    const std::string field = qualifiedName(member->getMemberDecl());
    const Expr* base = strip(member->getBase());
    if (const auto* ref = dyn_cast<DeclRefExpr>(base))
      if (const auto* var = dyn_cast<VarDecl>(ref->getDecl()); var && var->hasGlobalStorage())
        return qualifiedName(var) + "." + field;
    return field;
  }
  if (const auto* ref = dyn_cast<DeclRefExpr>(expr)) {
    if (const auto* var = dyn_cast<VarDecl>(ref->getDecl()))
      return var->hasGlobalStorage() ? qualifiedName(var) : localKey(var);
    return {};
  }
  if (const auto* call = dyn_cast<CallExpr>(expr))
    if (const auto* callee = call->getDirectCallee())
      if (call->getType()->isReferenceType() || call->isLValue())
        return "call:" + qualifiedName(callee);
  return {};
}

std::string lockDisplayOf(const Expr* expr, const ASTContext& context) {
  expr = strip(expr);
  if (!expr) return "?";
  std::string text;
  llvm::raw_string_ostream os(text);
  expr->printPretty(os, nullptr, PrintingPolicy(context.getLangOpts()));
  std::string result = os.str();
  if (result.rfind("&", 0) == 0 && result.size() > 1) result.erase(0, 1);
  if (result.rfind("this->", 0) == 0) result.erase(0, 6);
  return result;
}

const HeldLock* LockState::definitelyHeld() const {
  for (const auto& lock : locks)
    if (lock.definitely) return &lock;
  return nullptr;
}

bool LockState::holds(llvm::StringRef key) const {
  return std::any_of(locks.begin(), locks.end(), [&](const HeldLock& l) { return l.key == key; });
}

/// Applies one CFG element to a lock state.
class LockSetAnalysis::Transfer {
public:
  Transfer(const LockSetAnalysis& analysis, LockState& state, std::vector<Acquisition>* record)
      : analysis_(analysis), state_(state), record_(record) {}

  void apply(const CFGElement& element) {
    if (auto stmt = element.getAs<CFGStmt>()) {
      applyStmt(stmt->getStmt());
    } else if (auto dtor = element.getAs<CFGAutomaticObjDtor>()) {
      endGuard(dtor->getVarDecl());
    }
  }

private:
  void applyStmt(const Stmt* stmt) {
    if (const auto* decl = dyn_cast<DeclStmt>(stmt)) {
      for (const auto* d : decl->decls())
        if (const auto* var = dyn_cast<VarDecl>(d)) startGuard(var);
    } else if (const auto* memberCall = dyn_cast<CXXMemberCallExpr>(stmt)) {
      applyMemberCall(memberCall);
    } else if (const auto* call = dyn_cast<CallExpr>(stmt)) {
      applyFreeCall(call);
    }
  }

  void acquire(const std::string& key, const Expr* mutex, SourceLocation where, bool definitely) {
    if (key.empty()) return;
    auto it = std::lower_bound(state_.locks.begin(), state_.locks.end(), key,
                               [](const HeldLock& l, const std::string& k) { return l.key < k; });
    if (it != state_.locks.end() && it->key == key) {
      it->definitely = it->definitely || definitely;
      return;
    }
    HeldLock lock;
    lock.key = key;
    lock.display = lockDisplayOf(mutex, analysis_.context_);
    lock.acquiredAt = where;
    lock.definitely = definitely;
    lock.recursive = analysis_.vocabulary_.isRecursiveMutex(strip(mutex)->getType()) ||
                     analysis_.vocabulary_.isRecursiveMutex(
                         Vocabulary::heldType(strip(mutex)->getType()));
    state_.locks.insert(it, lock);
    if (record_) record_->push_back({key, lock.display, where});
  }

  void release(const std::string& key) {
    llvm::erase_if(state_.locks, [&](const HeldLock& l) { return l.key == key; });
  }

  static const CXXConstructExpr* constructionOf(const Expr* init) {
    init = strip(init);
    while (init) {
      if (const auto* construct = dyn_cast<CXXConstructExpr>(init)) return construct;
      if (const auto* cast = dyn_cast<CXXFunctionalCastExpr>(init)) {
        init = strip(cast->getSubExpr());
        continue;
      }
      if (const auto* list = dyn_cast<InitListExpr>(init); list && list->getNumInits() == 1) {
        init = strip(list->getInit(0));
        continue;
      }
      return nullptr;
    }
    return nullptr;
  }

  LockState::Guard* guardFor(const VarDecl* var) {
    for (auto& guard : state_.guards)
      if (guard.var == var) return &guard;
    return nullptr;
  }

  void startGuard(const VarDecl* var) {
    const Vocabulary& vocabulary = analysis_.vocabulary_;
    if (!vocabulary.isGuard(Vocabulary::recordOf(var->getType()))) return;
    const CXXConstructExpr* construct = constructionOf(var->getInit());
    LockState::Guard guard{var, {}, false};
    if (!construct) {
      state_.guards.push_back(guard);
      return;
    }
    bool owns = true, definitely = true;
    llvm::SmallVector<const Expr*, 2> mutexes;
    for (const Expr* arg : construct->arguments()) {
      const Expr* bare = strip(arg);
      const QualType type = bare->getType();
      if (isTagType(type, "std::defer_lock_t")) owns = false;
      else if (isTagType(type, "std::try_to_lock_t")) definitely = false;
      else if (isTagType(type, "std::adopt_lock_t")) continue;
      else if (vocabulary.isGuard(Vocabulary::recordOf(type))) {
        // Move from another guard: ownership moves with it.
        if (const auto* ref = dyn_cast<DeclRefExpr>(bare))
          if (auto* from = guardFor(dyn_cast<VarDecl>(ref->getDecl()))) {
            guard.keys = from->keys;
            guard.owns = from->owns;
            from->owns = false;
            from->keys.clear();
          }
      } else if (vocabulary.isMutex(type) ||
                 (type->isPointerType() && vocabulary.isMutex(type->getPointeeType()))) {
        mutexes.push_back(bare);
      }
    }
    for (const Expr* mutex : mutexes) {
      const bool pointer = mutex->getType()->isPointerType();
      const std::string key = pointer ? pointeeKey(mutex) : lockKeyOf(mutex);
      if (key.empty()) continue;
      guard.keys.push_back(key);
      if (owns) acquire(key, mutex, var->getLocation(), definitely);
    }
    if (!mutexes.empty()) guard.owns = owns;
    state_.guards.push_back(guard);
  }

  void endGuard(const VarDecl* var) {
    auto it = llvm::find_if(state_.guards, [&](const LockState::Guard& g) { return g.var == var; });
    if (it == state_.guards.end()) return;
    if (it->owns)
      for (const auto& key : it->keys) release(key);
    state_.guards.erase(it);
  }

  void applyMemberCall(const CXXMemberCallExpr* call) {
    const CXXMethodDecl* method = call->getMethodDecl();
    const Expr* object = call->getImplicitObjectArgument();
    if (!method || !object || !method->getIdentifier()) return;
    const Vocabulary& vocabulary = analysis_.vocabulary_;
    const bool arrow = [&] {
      if (const auto* member = dyn_cast<MemberExpr>(call->getCallee()->IgnoreParens()))
        return member->isArrow();
      return false;
    }();
    QualType objectType = strip(object)->getType();
    if (arrow && objectType->isPointerType()) objectType = objectType->getPointeeType();
    const LockAction action = Vocabulary::methodLockAction(method->getName());

    if (vocabulary.isGuard(Vocabulary::recordOf(objectType))) {
      const auto* ref = dyn_cast<DeclRefExpr>(strip(object));
      LockState::Guard* guard = ref ? guardFor(dyn_cast<VarDecl>(ref->getDecl())) : nullptr;
      if (!guard) return;
      if (method->getName() == "release") {  // unique_lock::release: lock stays held
        guard->keys.clear();
        guard->owns = false;
        return;
      }
      if (action == LockAction::Acquire || action == LockAction::TryAcquire) {
        guard->owns = true;
        for (const auto& key : guard->keys)
          acquire(key, object, call->getExprLoc(), action == LockAction::Acquire);
      } else if (action == LockAction::Release) {
        guard->owns = false;
        for (const auto& key : guard->keys) release(key);
      }
      return;
    }
    if (action == LockAction::None || !vocabulary.isMutex(objectType)) return;
    const std::string key = arrow ? pointeeKey(object) : lockKeyOf(object);
    if (action == LockAction::Release) release(key);
    else acquire(key, object, call->getExprLoc(), action == LockAction::Acquire);
  }

  void applyFreeCall(const CallExpr* call) {
    const FunctionDecl* callee = call->getDirectCallee();
    if (!callee || !callee->getIdentifier() || call->getNumArgs() == 0) return;
    if (qualifiedName(callee) == "std::lock") {
      for (const Expr* arg : call->arguments())
        acquire(lockKeyOf(arg), arg, call->getExprLoc(), true);
      return;
    }
    const LockAction action = Vocabulary::functionLockAction(callee->getName());
    if (action == LockAction::None) return;
    const Expr* mutex = call->getArg(0);
    const std::string key = pointeeKey(mutex);
    if (action == LockAction::Release) release(key);
    else acquire(key, mutex, call->getExprLoc(), action == LockAction::Acquire);
  }

  const LockSetAnalysis& analysis_;
  LockState& state_;
  std::vector<Acquisition>* record_;
};

namespace {

void joinInto(LockState& into, const LockState& from) {
  // Locks: present in both stays (definitely only if definitely in both);
  // present in one becomes "maybe".
  llvm::SmallVector<HeldLock, 2> joined;
  const HeldLock* a = into.locks.begin();
  const HeldLock* b = from.locks.begin();
  while (a != into.locks.end() || b != from.locks.end()) {
    if (b == from.locks.end() || (a != into.locks.end() && a->key < b->key)) {
      joined.push_back(*a++);
      joined.back().definitely = false;
    } else if (a == into.locks.end() || b->key < a->key) {
      joined.push_back(*b++);
      joined.back().definitely = false;
    } else {
      joined.push_back(*a);
      joined.back().definitely = a->definitely && b->definitely;
      ++a, ++b;
    }
  }
  into.locks = std::move(joined);
  for (const auto& guard : from.guards) {
    auto it = llvm::find_if(into.guards, [&](const LockState::Guard& g) { return g.var == guard.var; });
    if (it == into.guards.end()) {
      into.guards.push_back(guard);
    } else {
      it->owns = it->owns || guard.owns;
      for (const auto& key : guard.keys)
        if (!llvm::is_contained(it->keys, key)) it->keys.push_back(key);
    }
  }
}

}  // namespace

bool LockSetAnalysis::mentionsLocking(const Stmt* body) const {
  // Most functions never lock: they hold nothing anywhere and need no CFG.
  bool found = false;
  forEachStmtInBody(body, [&](const Stmt* stmt) {
    if (found) return;
    if (const auto* declStmt = dyn_cast<DeclStmt>(stmt)) {
      for (const auto* decl : declStmt->decls())
        if (const auto* var = dyn_cast<VarDecl>(decl))
          found = found || vocabulary_.isGuard(Vocabulary::recordOf(var->getType()));
    } else if (const auto* call = dyn_cast<CXXMemberCallExpr>(stmt)) {
      if (const auto* method = call->getMethodDecl(); method && method->getIdentifier())
        found = Vocabulary::methodLockAction(method->getName()) != LockAction::None ||
                method->getName() == "release";
    } else if (const auto* call = dyn_cast<CallExpr>(stmt)) {
      if (const auto* callee = call->getDirectCallee(); callee && callee->getIdentifier())
        found = Vocabulary::functionLockAction(callee->getName()) != LockAction::None ||
                callee->getName() == "lock";
    }
  });
  return found;
}

LockSetAnalysis::LockSetAnalysis(const FunctionDecl* function, ASTContext& context,
                                 const Vocabulary& vocabulary)
    : function_(function), context_(context), vocabulary_(vocabulary) {
  states_.emplace_back();
  run();
}

LockSetAnalysis::~LockSetAnalysis() = default;

void LockSetAnalysis::run() {
  Stmt* body = function_->getBody();
  if (!body || !mentionsLocking(body)) return;
  CFG::BuildOptions options;
  options.AddImplicitDtors = true;
  options.AddTemporaryDtors = false;
  options.setAllAlwaysAdd();
  cfg_ = CFG::buildCFG(function_, body, &context_, options);
  if (!cfg_) return;

  const unsigned blockCount = cfg_->getNumBlockIDs();
  std::vector<std::optional<LockState>> entryStates(blockCount);
  entryStates[cfg_->getEntry().getBlockID()] = LockState{};
  std::deque<const CFGBlock*> worklist{&cfg_->getEntry()};
  std::vector<bool> queued(blockCount, false);
  queued[cfg_->getEntry().getBlockID()] = true;
  // Lock sets form a finite lattice per function; the cap only guards
  // against pathological CFGs.
  unsigned budget = blockCount * 32 + 64;
  while (!worklist.empty() && budget-- > 0) {
    const CFGBlock* block = worklist.front();
    worklist.pop_front();
    queued[block->getBlockID()] = false;
    LockState state = *entryStates[block->getBlockID()];
    Transfer transfer(*this, state, nullptr);
    for (const CFGElement& element : *block) transfer.apply(element);
    for (const CFGBlock* succ : block->succs()) {
      if (!succ) continue;
      auto& target = entryStates[succ->getBlockID()];
      LockState merged = target ? *target : state;
      if (target) joinInto(merged, state);
      if (!target || !(merged == *target)) {
        target = std::move(merged);
        if (!queued[succ->getBlockID()]) {
          queued[succ->getBlockID()] = true;
          worklist.push_back(succ);
        }
      }
    }
  }

  // Replay each reachable block once more, recording the state before every
  // statement (interned: most statements share "nothing held").
  auto intern = [&](const LockState& state) -> unsigned {
    if (state == states_.back()) return states_.size() - 1;
    if (state == states_.front()) return 0;
    states_.push_back(state);
    return states_.size() - 1;
  };
  for (const CFGBlock* block : *cfg_) {
    if (!entryStates[block->getBlockID()]) continue;
    LockState state = *entryStates[block->getBlockID()];
    Transfer transfer(*this, state, &acquisitions_);
    for (const CFGElement& element : *block) {
      if (auto stmt = element.getAs<CFGStmt>()) stateOfStmt_.try_emplace(stmt->getStmt(), intern(state));
      transfer.apply(element);
    }
    if (const Stmt* terminator = block->getTerminatorStmt())
      stateOfStmt_.try_emplace(terminator, intern(state));
  }
}

const LockState& LockSetAnalysis::stateAt(const Stmt* stmt) const {
  while (stmt) {
    if (auto it = stateOfStmt_.find(stmt); it != stateOfStmt_.end()) return states_[it->second];
    if (!parents_) {
      if (!function_->getBody()) break;
      parents_ = std::make_unique<ParentMap>(function_->getBody());
    }
    stmt = parents_->getParent(stmt);
    // Code inside a lambda is not part of this function's flow: the lambda
    // runs later, with the locks of whoever calls it.
    if (isa_and_nonnull<LambdaExpr>(stmt) || isa_and_nonnull<BlockExpr>(stmt)) break;
  }
  return states_.front();
}

}  // namespace concur::detail

// The one lock-set analysis every check asks "which locks are held here".
//
// A forward dataflow over clang::CFG (built with implicit destructors, so an
// RAII guard releases at the end of its scope on every path, returns and
// breaks included). It understands RAII guards (std::lock_guard,
// unique_lock with defer/adopt/try_to_lock, scoped_lock, shared_lock and
// configured guard classes), explicit lock()/unlock() on mutexes and on
// unique_lock, pthread/C11 lock calls and std::lock.
//
// Each held lock is either *definitely* held (on every path to the point) or
// *maybe* held (on some path). Checks that report missing locks stay quiet
// when a lock is maybe held; checks that report work done under a lock only
// fire when it is definitely held. Both choices favour precision.
#pragma once

#include "Vocabulary.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/Stmt.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <memory>
#include <string>
#include <vector>

namespace concur::detail {

/// The canonical identity of a lockable expression, e.g. "Conn::mu_" for
/// `mu_`, `this->mu_` and `&mu_`; "*Conn::mu_" for `*mu_` and `mu_->`.
/// Instances are not distinguished: `a.mu_` and `b.mu_` are the same key.
/// Empty when the expression has no stable identity.
std::string lockKeyOf(const clang::Expr* expr);

/// Readable spelling of a lockable expression for messages ("mu_", "*mu_").
std::string lockDisplayOf(const clang::Expr* expr, const clang::ASTContext& context);

struct HeldLock {
  std::string key;
  std::string display;
  clang::SourceLocation acquiredAt;
  bool definitely = true;
  bool recursive = false;
  bool operator==(const HeldLock& other) const {
    return key == other.key && definitely == other.definitely;
  }
};

/// The locks held at one program point.
struct LockState {
  llvm::SmallVector<HeldLock, 2> locks;  // sorted by key
  /// RAII guards alive at this point and whether they own their locks.
  struct Guard {
    const clang::VarDecl* var;
    llvm::SmallVector<std::string, 1> keys;
    bool owns;
    bool operator==(const Guard& other) const {
      return var == other.var && keys == other.keys && owns == other.owns;
    }
  };
  llvm::SmallVector<Guard, 1> guards;

  bool anyMaybeHeld() const { return !locks.empty(); }
  /// The first lock held on every path, or nullptr.
  const HeldLock* definitelyHeld() const;
  bool holds(llvm::StringRef key) const;
  bool operator==(const LockState& other) const {
    return locks == other.locks && guards == other.guards;
  }
};

/// Where a function acquires a lock (for "which function also locks M").
struct Acquisition {
  std::string key;
  std::string display;
  clang::SourceLocation where;
};

class LockSetAnalysis {
public:
  /// Runs the analysis over `function`'s body. A function whose CFG cannot
  /// be built is treated as holding no locks anywhere.
  LockSetAnalysis(const clang::FunctionDecl* function, clang::ASTContext& context,
                  const Vocabulary& vocabulary);
  ~LockSetAnalysis();

  /// The locks held just before `stmt` is evaluated. Statements that are not
  /// CFG elements (e.g. an if's body compound) resolve to their closest
  /// enclosing element.
  const LockState& stateAt(const clang::Stmt* stmt) const;

  const std::vector<Acquisition>& acquisitions() const { return acquisitions_; }
  const clang::CFG* cfg() const { return cfg_.get(); }

private:
  class Transfer;
  void run();
  bool mentionsLocking(const clang::Stmt* body) const;

  const clang::FunctionDecl* function_;
  clang::ASTContext& context_;
  const Vocabulary& vocabulary_;
  std::unique_ptr<clang::CFG> cfg_;
  std::vector<LockState> states_;  // interned; index 0 is "nothing held"
  llvm::DenseMap<const clang::Stmt*, unsigned> stateOfStmt_;
  std::vector<Acquisition> acquisitions_;
  mutable std::unique_ptr<clang::ParentMap> parents_;
};

}  // namespace concur::detail

// What the code of one TU changes in its own variables in static storage.
//
// A variable only this TU can name (C `static`, an anonymous namespace) is
// changed only by the TU's code, so a field nothing here writes holds its
// initializer for the whole run: `static struct rl_opts g_default_opts;`
// whose `log_denials` main sets from argv still has `have_lock` 0 wherever
// `&g_default_opts` is passed.
#pragma once

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "llvm/ADT/DenseMap.h"

#include <optional>
#include <string>
#include <vector>

namespace concur::analyzer_internal {

class StaticWrites {
public:
  explicit StaticWrites(clang::ASTContext& ast) : ast_(ast) {}

  /// Whether `var` is one whose every change this TU shows: static storage,
  /// internal linkage, not thread_local or volatile, not a function's local.
  static bool tracked(const clang::VarDecl* var);

  /// The field paths of tracked `var` that some code of the TU may change
  /// ("have_lock", "mode.held"); nullopt when the object may change as a
  /// whole: assigned, zeroed, handed by non-const pointer or reference, or
  /// named outside a function body (an initializer that aliases it).
  const std::optional<std::vector<std::string>>& changed_fields(const clang::VarDecl* var);

private:
  /// The TU's function bodies and the initializers of its other variables
  /// in static storage, once.
  void index();

  clang::ASTContext& ast_;
  bool indexed_ = false;
  std::vector<const clang::Stmt*> bodies_;
  std::vector<const clang::Expr*> initializers_;
  llvm::DenseMap<const clang::VarDecl*, std::optional<std::vector<std::string>>> changed_;
};

}  // namespace concur::analyzer_internal

// Walking one function body without entering nested lambdas, blocks or
// local classes: those are functions of their own, with their own facts.
#pragma once

#include "clang/AST/ExprCXX.h"
#include "clang/AST/Stmt.h"

namespace concur::analyzer_internal {

/// The expression under implicit nodes, parentheses, casts and one-argument
/// constructions: `std::function<void()> f = [] {...}` is the lambda, seen
/// through the conversion that wraps it.
inline const clang::Expr* through_conversions(const clang::Expr* expr) {
  for (int depth = 0; depth < 8 && expr; ++depth) {
    expr = expr->IgnoreImplicit()->IgnoreParens();
    if (const auto* construct = llvm::dyn_cast<clang::CXXConstructExpr>(expr);
        construct && construct->getNumArgs() == 1)
      expr = construct->getArg(0);
    else if (const auto* cast = llvm::dyn_cast<clang::CastExpr>(expr))
      expr = cast->getSubExpr();
    else if (const auto* cleanups = llvm::dyn_cast<clang::ExprWithCleanups>(expr))
      expr = cleanups->getSubExpr();
    else
      return expr;
  }
  return expr;
}

/// Visits every statement of `body` in source order (pre-order), without
/// entering nested lambdas, blocks or local classes.
template <typename Visitor>
void for_each_stmt_in_body(const clang::Stmt* body, Visitor&& visit) {
  if (!body) return;
  llvm::SmallVector<const clang::Stmt*, 64> stack{body};
  while (!stack.empty()) {
    const clang::Stmt* stmt = stack.pop_back_val();
    if (!stmt) continue;
    visit(stmt);
    if (llvm::isa<clang::LambdaExpr>(stmt) || llvm::isa<clang::BlockExpr>(stmt)) continue;
    // Children are pushed in reverse so statements are visited in source order.
    llvm::SmallVector<const clang::Stmt*, 8> children;
    if (const auto* decl_stmt = llvm::dyn_cast<clang::DeclStmt>(stmt)) {
      for (const auto* decl : decl_stmt->decls())
        if (const auto* var = llvm::dyn_cast<clang::VarDecl>(decl))
          if (const auto* init = var->getInit()) children.push_back(init);
    } else {
      for (const clang::Stmt* child : stmt->children()) children.push_back(child);
    }
    stack.append(children.rbegin(), children.rend());
  }
}

}  // namespace concur::analyzer_internal

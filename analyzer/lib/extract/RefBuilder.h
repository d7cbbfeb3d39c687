// References as the facts spell them: an expression of one function turned
// into a root (global, this, parameter, local, ...) and a path of fields and
// dereferences, plus the local aliases that make `auto& m = g_map;` a use of
// g_map and `auto f = [..]{..}; f();` a call of that lambda.
#pragma once

#include "extract/TuContext.h"
#include "facts/RefKeys.h"

#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"

#include <optional>
#include <utility>
#include <vector>

namespace concur::analyzer_internal {

/// The expression under parentheses, implicit casts, cleanups and temporaries.
const clang::Expr* strip_expr(const clang::Expr* expr);

class RefBuilder {
public:
  explicit RefBuilder(TuContext& tu) : tu_(tu) {}

  /// Starts a new function (locals and aliases are per function).
  void enter(const clang::FunctionDecl* function);
  /// A parameter of the function being extracted (not one a lambda captured
  /// from the function around it).
  bool is_own_param(const clang::ParmVarDecl* param) const;

  Ref ref_of(const clang::Expr* expr);
  /// Readable spelling for messages ("mu_", "*mu_", "s->lock").
  std::string display_of(const clang::Expr* expr) const;
  uint32_t local_index(const clang::VarDecl* var);

  void alias_lambda(const clang::VarDecl* local, std::string lambda);
  void alias_param(const clang::VarDecl* local, uint32_t param);
  void alias_ref(const clang::VarDecl* local, Ref target);
  std::optional<std::string> lambda_alias(const clang::VarDecl* local) const;
  std::optional<uint32_t> param_alias(const clang::VarDecl* local) const;

  static Ref deref(Ref r) { return analyzer_internal::deref(std::move(r)); }
  /// A key for identity within one function (recursive attributes, locks).
  static std::string key_text(const Ref& r) { return canonical_key(r, "this-function"); }
  /// `r` with a parameter or local root replaced by the first field (so it
  /// means the same in every function), when it has one.
  static Ref canonical(const Ref& r);

private:
  /// What a function of this TU returns on every `return` when that is a
  /// field of a parameter or of `this` (`return H->gil;`, `return &mu_;`):
  /// an accessor, which may make the field first.
  struct FieldAccessor {
    bool on_this = false;
    unsigned param = 0;
    bool address = false;  ///< `return &H->lock;`
    /// The fields from the root outwards, each with whether it is reached
    /// through a pointer (`->`).
    std::vector<std::pair<const clang::FieldDecl*, bool>> fields;
  };
  const FieldAccessor* field_accessor(const clang::FunctionDecl* callee);
  /// The field a call of such an accessor returns, in this function's terms
  /// (`lhost_get_gil (H)` is `H->gil`); empty when it is no such call.
  Ref through_accessor(const clang::CallExpr* call, const clang::FunctionDecl* callee);

  TuContext& tu_;
  llvm::DenseMap<const clang::FunctionDecl*, std::optional<FieldAccessor>> accessors_;
  const clang::FunctionDecl* function_ = nullptr;
  llvm::DenseMap<const clang::VarDecl*, uint32_t> locals_;
  llvm::DenseMap<const clang::VarDecl*, std::string> lambda_aliases_;
  llvm::DenseMap<const clang::VarDecl*, uint32_t> param_aliases_;
  llvm::DenseMap<const clang::VarDecl*, Ref> ref_aliases_;
};

}  // namespace concur::analyzer_internal

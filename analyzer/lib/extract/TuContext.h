// What every function's extraction in one TU shares: the file table, stable
// identities for declarations, the vocabulary, and the TU-wide facts
// (variables, functions whose address is taken, once-only callables).
#pragma once

#include "extract/StaticWrites.h"
#include "extract/Vocabulary.h"
#include "facts/Facts.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <chrono>
#include <optional>
#include <string>

namespace concur::analyzer_internal {

class TuContext {
public:
  TuContext(clang::ASTContext& ast, const Vocabulary& vocabulary, TuFacts& out);

  clang::ASTContext& ast() const { return ast_; }
  const clang::SourceManager& sources() const { return ast_.getSourceManager(); }
  const Vocabulary& vocabulary() const { return vocabulary_; }
  TuFacts& facts() { return out_; }

  /// A position (macro expansions resolve to where they are used).
  Loc loc(clang::SourceLocation where);
  /// The canonical path of the file holding `where`.
  const std::string& file_of(clang::SourceLocation where);
  bool in_system_header(clang::SourceLocation where) const;

  /// A stable identity (USR; lambdas: their location) for a function,
  /// variable or record.
  std::string id_of(const clang::Decl* decl);
  /// The function a lambda expression stands for where it is passed or
  /// called: its call operator, or for a generic lambda the one
  /// instantiation of it the TU makes (`[id] (auto& cb) { cb (id); }` handed
  /// to std::for_each over std::functions), whose body has the real types.
  static const clang::FunctionDecl* lambda_function(const clang::LambdaExpr* lambda);

  /// The variable `var` as shared state, or nullptr when it is not: no
  /// static storage, thread_local, const, atomic, a mutex or once-flag, or
  /// declared in a system header. Records its VariableFact.
  const clang::VarDecl* shared_variable(const clang::VarDecl* var);

  /// The container fields of an object of `type` (VariableFact::container_fields).
  void note_container_fields(clang::QualType type, std::vector<std::string>& out, int depth) const;

  /// "money::g_rates", or "lookup()::memo" for a function-local static.
  static std::string variable_display_name(const clang::VarDecl* var);

  /// Whether the TU's main file (or `file`) is test code.
  bool is_test_file(const std::string& file);

  /// Marks functions used as values (callbacks, stored pointers): their
  /// callers are not all in the project. `escapes`: used other than by being
  /// stored in a function pointer field, global or static table.
  void note_address_taken(const clang::FunctionDecl* function, bool escapes = true);
  void note_runs_once(const clang::FunctionDecl* function);

  /// Per TU: the constructor a library factory (`std::make_shared<T>`) runs
  /// for a type, once looked up in its instantiated body (null: none).
  using ForwardKey = std::pair<const clang::FunctionDecl*, const clang::Type*>;
  llvm::DenseMap<ForwardKey, const clang::CXXConstructorDecl*>& forwarded_constructors() {
    return forwarded_constructors_;
  }

  /// What the TU's code changes in its own variables in static storage.
  StaticWrites& static_writes() {
    if (!static_writes_) static_writes_.emplace(ast_);
    return *static_writes_;
  }

private:
  clang::ASTContext& ast_;
  const Vocabulary& vocabulary_;
  TuFacts& out_;
  llvm::DenseMap<clang::FileID, uint32_t> file_indices_;
  llvm::DenseMap<const clang::Decl*, std::string> ids_;
  llvm::DenseMap<const clang::VarDecl*, bool> shared_;
  llvm::DenseSet<const clang::FunctionDecl*> address_taken_, address_escapes_, runs_once_;
  llvm::DenseMap<ForwardKey, const clang::CXXConstructorDecl*> forwarded_constructors_;
  std::optional<StaticWrites> static_writes_;
};

}  // namespace concur::analyzer_internal

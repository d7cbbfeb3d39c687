// Facts about every function of one TU, computed once and shared by all
// checks: the lock-set analysis of each function body, which locks each
// function acquires, and the context a body runs in (once-only bodies such
// as std::call_once lambdas and static initializers).
#pragma once

#include "BodyWalk.h"
#include "LockSet.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

#include <memory>
#include <vector>

namespace concur::detail {

struct FunctionFacts {
  const clang::FunctionDecl* function = nullptr;
  std::unique_ptr<LockSetAnalysis> locks;
  /// The body runs at most once per process: a std::call_once callable or
  /// the initializer lambda of a static variable (a "magic static").
  bool runsOnce = false;
  /// Constructors and destructors work on an object no other thread sees yet
  /// (or any more).
  bool isConstructionOrDestruction = false;
};

class FunctionSummaries {
public:
  FunctionSummaries(clang::ASTContext& context, const Vocabulary& vocabulary);

  /// Analyzes `function` (a definition with a body) once.
  const FunctionFacts& add(const clang::FunctionDecl* function, bool runsOnce);

  const FunctionFacts* find(const clang::FunctionDecl* function) const;
  const std::vector<std::unique_ptr<FunctionFacts>>& all() const { return functions_; }

  struct LockSite {
    const clang::FunctionDecl* function;
    clang::SourceLocation where;
  };
  /// Every function of the TU that acquires the lock with `key`.
  const std::vector<LockSite>& lockersOf(llvm::StringRef key) const;

private:
  clang::ASTContext& context_;
  const Vocabulary& vocabulary_;
  std::vector<std::unique_ptr<FunctionFacts>> functions_;
  llvm::DenseMap<const clang::FunctionDecl*, FunctionFacts*> byDecl_;
  llvm::StringMap<std::vector<LockSite>> lockers_;
};

}  // namespace concur::detail

#include "FunctionSummaries.h"

#include "clang/AST/DeclCXX.h"

using namespace clang;

namespace concur::detail {

FunctionSummaries::FunctionSummaries(ASTContext& context, const Vocabulary& vocabulary)
    : context_(context), vocabulary_(vocabulary) {}

const FunctionFacts& FunctionSummaries::add(const FunctionDecl* function, bool runsOnce) {
  if (auto it = byDecl_.find(function); it != byDecl_.end()) return *it->second;
  auto facts = std::make_unique<FunctionFacts>();
  facts->function = function;
  facts->runsOnce = runsOnce;
  facts->isConstructionOrDestruction =
      isa<CXXConstructorDecl>(function) || isa<CXXDestructorDecl>(function);
  facts->locks = std::make_unique<LockSetAnalysis>(function, context_, vocabulary_);
  for (const auto& acquisition : facts->locks->acquisitions()) {
    auto& sites = lockers_[acquisition.key];
    if (sites.empty() || sites.back().function != function)
      sites.push_back({function, acquisition.where});
  }
  byDecl_[function] = facts.get();
  functions_.push_back(std::move(facts));
  return *functions_.back();
}

const FunctionFacts* FunctionSummaries::find(const FunctionDecl* function) const {
  auto it = byDecl_.find(function);
  return it == byDecl_.end() ? nullptr : it->second;
}

const std::vector<FunctionSummaries::LockSite>& FunctionSummaries::lockersOf(
    llvm::StringRef key) const {
  static const std::vector<LockSite> none;
  auto it = lockers_.find(key);
  return it == lockers_.end() ? none : it->second;
}

}  // namespace concur::detail

#include "extract/StaticWrites.h"

#include "clang/AST/ParentMap.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/Analyses/ExprMutationAnalyzer.h"

using namespace clang;

namespace concur::analyzer_internal {

namespace {

/// The function bodies and the initializers of variables in static storage,
/// outside system headers (which cannot name the project's variables).
class Collector : public RecursiveASTVisitor<Collector> {
public:
  Collector(const SourceManager& sources, std::vector<const Stmt*>& bodies, std::vector<const Expr*>& initializers)
      : sources_(sources), bodies_(bodies), initializers_(initializers) {}

  bool TraverseDecl(Decl* decl) {
    if (decl && !isa<TranslationUnitDecl>(decl) && sources_.isInSystemHeader(decl->getLocation())) return true;
    return RecursiveASTVisitor::TraverseDecl(decl);
  }
  bool VisitFunctionDecl(FunctionDecl* function) {
    if (function->doesThisDeclarationHaveABody())
      if (const Stmt* body = function->getBody()) bodies_.push_back(body);
    return true;
  }
  bool VisitVarDecl(VarDecl* var) {
    if (var->hasGlobalStorage() && !var->isStaticLocal())
      if (const Expr* init = var->getInit()) initializers_.push_back(init);
    return true;
  }
  // A lambda's body is walked as part of the function that holds it.
  bool shouldVisitLambdaBody() const { return false; }

private:
  const SourceManager& sources_;
  std::vector<const Stmt*>& bodies_;
  std::vector<const Expr*>& initializers_;
};

/// Calls `found` for each reference to `var` inside `stmt`.
template <typename Found>
void for_each_reference(const Stmt* stmt, const VarDecl* var, Found&& found) {
  if (!stmt) return;
  if (const auto* named = dyn_cast<DeclRefExpr>(stmt); named && named->getDecl()->getCanonicalDecl() == var)
    found(named);
  for (const Stmt* child : stmt->children()) for_each_reference(child, var, found);
}

}  // namespace

bool StaticWrites::tracked(const VarDecl* var) {
  return var && !var->getASTContext().getSourceManager().isInSystemHeader(var->getLocation()) &&
         var->hasGlobalStorage() && !var->isStaticLocal() && !var->isExternallyVisible() &&
         var->getTLSKind() == VarDecl::TLS_None && !var->getType().isVolatileQualified() &&
         !var->getType()->isReferenceType();
}

void StaticWrites::index() {
  if (indexed_) return;
  indexed_ = true;
  Collector(ast_.getSourceManager(), bodies_, initializers_).TraverseDecl(ast_.getTranslationUnitDecl());
}

const std::optional<std::vector<std::string>>& StaticWrites::changed_fields(const VarDecl* var) {
  var = var->getCanonicalDecl();
  auto [slot, fresh] = changed_.try_emplace(var);
  if (!fresh) return slot->second;
  index();
  bool whole = false;
  std::vector<std::string> fields;
  // Named in another variable's initializer (`static struct opts *cur = &g;`): an alias.
  for (const Expr* init : initializers_) for_each_reference(init, var, [&](const DeclRefExpr*) { whole = true; });
  for (const Stmt* body : bodies_) {
    if (whole) break;
    // Made on the first reference in the body: the body's own parent map,
    // not the whole TU's.
    std::optional<ExprMutationAnalyzer> mutations;
    std::optional<ParentMap> parents;
    for_each_reference(body, var, [&](const DeclRefExpr* named) {
      if (whole) return;
      if (!mutations) mutations.emplace(*body, ast_);
      if (!parents) parents.emplace(const_cast<Stmt*>(body));
      // The outermost field of `var` the reference is part of (`g.mode.held`).
      const Expr* reached = named;
      std::string path;
      for (;;) {
        const Stmt* parent = parents->getParentIgnoreParenImpCasts(const_cast<Expr*>(reached));
        const auto* member = dyn_cast_or_null<MemberExpr>(parent);
        const auto* field = member ? dyn_cast<FieldDecl>(member->getMemberDecl()) : nullptr;
        if (!member || member->isArrow() || !field || field->getName().empty()) break;
        path += (path.empty() ? "" : ".") + field->getName().str();
        reached = member;
      }
      if (!mutations->isMutated(reached)) return;
      if (path.empty()) whole = true;
      else fields.push_back(std::move(path));
    });
  }
  if (whole) slot->second = std::nullopt;
  else slot->second = std::move(fields);
  return slot->second;
}

}  // namespace concur::analyzer_internal

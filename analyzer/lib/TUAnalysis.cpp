#include "TUAnalysis.h"

#include "BodyWalk.h"
#include "Suppressions.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace clang;

namespace concur::detail {

namespace {

/// Collects the function bodies of the TU that are worth analyzing: user
/// code (not system headers), templates as written (not instantiations),
/// and lambda bodies as functions of their own.
class FunctionCollector : public RecursiveASTVisitor<FunctionCollector> {
public:
  explicit FunctionCollector(ASTContext& context) : context_(context) {}

  bool TraverseDecl(Decl* decl) {
    if (decl && !isa<TranslationUnitDecl>(decl) &&
        context_.getSourceManager().isInSystemHeader(decl->getLocation()))
      return true;
    return RecursiveASTVisitor::TraverseDecl(decl);
  }

  bool VisitFunctionDecl(FunctionDecl* function) {
    if (function->doesThisDeclarationHaveABody() && !function->isTemplateInstantiation() &&
        !function->isImplicit())
      functions.push_back({function, false});
    return true;
  }

  bool VisitLambdaExpr(LambdaExpr* lambda) {
    if (const auto* call = lambda->getCallOperator(); call && call->hasBody())
      functions.push_back({call, runOnce_.contains(lambda)});
    return true;
  }

  // Pre-order: these run before the lambdas below them are visited. Asking
  // ASTContext::getParents instead would build a parent map of the whole TU,
  // system headers included, which costs more than the analysis.
  bool VisitCallExpr(CallExpr* call) {
    if (const auto* callee = call->getDirectCallee(); callee && callee->getIdentifier() &&
        (callee->getName() == "call_once" || callee->getName() == "pthread_once"))
      for (const Expr* arg : call->arguments())
        if (const auto* lambda = lambdaIn(arg)) runOnce_.insert(lambda);
    return true;
  }

  /// `static auto x = [] { ... }();` (or through std::invoke) runs once.
  bool VisitVarDecl(VarDecl* var) {
    if (!var->hasGlobalStorage() || var->getTLSKind() != VarDecl::TLS_None || !var->getInit())
      return true;
    const auto* call = dyn_cast<CallExpr>(throughConversions(var->getInit()));
    if (!call) return true;
    const Expr* callee = isa<CXXOperatorCallExpr>(call) && call->getNumArgs() > 0 ? call->getArg(0)
                                                                                  : call->getCallee();
    if (const auto* lambda = lambdaIn(callee)) runOnce_.insert(lambda);
    if (const auto* direct = call->getDirectCallee();
        direct && direct->getIdentifier() && direct->getName() == "invoke" && call->getNumArgs() > 0)
      if (const auto* lambda = lambdaIn(call->getArg(0))) runOnce_.insert(lambda);
    return true;
  }

  std::vector<std::pair<const FunctionDecl*, bool>> functions;

private:
  static const LambdaExpr* lambdaIn(const Expr* expr) {
    return dyn_cast_or_null<LambdaExpr>(throughConversions(expr));
  }

  llvm::SmallPtrSet<const LambdaExpr*, 8> runOnce_;
  ASTContext& context_;
};

}  // namespace

CheckContext::CheckContext(ASTContext& ast, const Vocabulary& vocabulary,
                           const FunctionSummaries& summaries, std::vector<Finding>& out,
                           unsigned& suppressed)
    : ast_(ast), vocabulary_(vocabulary), summaries_(summaries), out_(out),
      suppressed_(suppressed) {}

SourcePoint CheckContext::point(SourceLocation where) const {
  const SourceManager& sm = ast_.getSourceManager();
  SourcePoint point;
  where = sm.getExpansionLoc(where);
  if (where.isInvalid()) return point;
  const FileID file = sm.getFileID(where);
  auto [it, inserted] = canonicalPaths_.try_emplace(file);
  if (inserted) {
    if (auto entry = sm.getFileEntryRefForID(file)) {
      // The real path Clang recorded when it opened the file; names in the
      // FileManager are relative to the compile command's directory, not
      // to this process's working directory.
      llvm::StringRef realName = entry->getFileEntry().tryGetRealPathName();
      llvm::SmallString<256> path(realName.empty() ? entry->getName() : realName);
      if (realName.empty()) {
        sm.getFileManager().makeAbsolutePath(path);
        llvm::SmallString<256> resolved;
        if (!llvm::sys::fs::real_path(path, resolved)) path = resolved;
        llvm::sys::path::remove_dots(path, true);
      }
      it->second = std::string(path);
    } else {
      it->second = std::string(sm.getFilename(where));
    }
  }
  point.file = it->second;
  point.line = sm.getExpansionLineNumber(where);
  point.column = sm.getExpansionColumnNumber(where);
  point.lineText = std::string(lineOf(sm.getBufferData(file), point.line));
  return point;
}

std::string CheckContext::shortLocation(SourceLocation where) const {
  const SourcePoint p = point(where);
  return std::string(llvm::sys::path::filename(p.file)) + ":" + std::to_string(p.line);
}

Finding CheckContext::make(llvm::StringRef check, Severity severity, SourceLocation where,
                           std::string message, std::string fix) const {
  Finding finding;
  finding.check = check.str();
  finding.severity = severity;
  finding.where = point(where);
  finding.message = std::move(message);
  finding.fix = std::move(fix);
  return finding;
}

void CheckContext::note(Finding& finding, SourceLocation where, std::string message) const {
  finding.notes.push_back({point(where), std::move(message)});
}

void CheckContext::report(Finding finding) {
  const SourceManager& sm = ast_.getSourceManager();
  llvm::StringRef previous;
  if (finding.where.line > 1) {
    auto file = sm.getFileManager().getOptionalFileRef(finding.where.file);
    if (file) {
      const FileID id = sm.translateFile(*file);
      if (id.isValid()) previous = lineOf(sm.getBufferData(id), finding.where.line - 1);
    }
  }
  if (isSuppressed(finding.where.lineText, previous, finding.check)) {
    ++suppressed_;
    return;
  }
  out_.push_back(std::move(finding));
}

TUAnalysisConsumer::TUAnalysisConsumer(const AnalyzerOptions& options, std::vector<Finding>& out,
                                       unsigned& suppressed, TUInputs* inputs)
    : options_(options), out_(out), suppressed_(suppressed), inputs_(inputs) {}

void TUAnalysisConsumer::recordInputs(const SourceManager& sm) {
  llvm::StringSet<> seen;
  for (unsigned i = 0; i < sm.local_sloc_entry_size(); ++i) {
    const SrcMgr::SLocEntry& entry = sm.getLocalSLocEntry(i);
    if (!entry.isFile()) continue;
    const SrcMgr::FileInfo& info = entry.getFile();
    auto file = info.getContentCache().OrigEntry;
    if (!file) continue;
    std::string path(file->getFileEntry().tryGetRealPathName());
    if (path.empty()) {
      llvm::SmallString<256> absolute(file->getName());
      llvm::sys::fs::make_absolute(absolute);
      path = std::string(absolute);
    }
    if (!seen.insert(path).second) continue;
    if (SrcMgr::isSystem(info.getFileCharacteristic())) inputs_->systemFiles.push_back(path);
    else inputs_->userFiles.push_back(path);
  }
}

void TUAnalysisConsumer::HandleTranslationUnit(ASTContext& context) {
  if (inputs_) recordInputs(context.getSourceManager());
  std::vector<std::unique_ptr<Check>> checks;
  if (isCheckEnabled(options_.checks, "concur-racy-lazy-init"))
    checks.push_back(makeRacyLazyInitCheck());
  if (isCheckEnabled(options_.checks, "concur-locked-callback"))
    checks.push_back(makeLockedCallbackCheck());
  if (isCheckEnabled(options_.checks, "concur-shared-global-cache"))
    checks.push_back(makeSharedGlobalCacheCheck());
  if (checks.empty()) return;

  FunctionCollector collector(context);
  collector.TraverseDecl(context.getTranslationUnitDecl());

  const Vocabulary vocabulary(options_);
  FunctionSummaries summaries(context, vocabulary);
  for (const auto& [function, runsOnce] : collector.functions) summaries.add(function, runsOnce);

  CheckContext checkContext(context, vocabulary, summaries, out_, suppressed_);
  for (const auto& facts : summaries.all())
    for (auto& check : checks) check->checkFunction(*facts, checkContext);
  for (auto& check : checks) check->finishTranslationUnit(checkContext);
}

}  // namespace concur::detail

#include "driver/TuAction.h"

#include "extract/TuExtractor.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Sema/Sema.h"
#include "clang/Sema/SemaConsumer.h"

using namespace clang;

namespace concur::analyzer_internal {
namespace {

bool past(std::chrono::steady_clock::time_point deadline) {
  return std::chrono::steady_clock::now() > deadline;
}

/// The project's class template specializations that have virtual methods
/// (`ForwardingBehavior<ChatMessage>`), as instantiated in this TU.
class DynamicSpecializations : public RecursiveASTVisitor<DynamicSpecializations> {
public:
  explicit DynamicSpecializations(const SourceManager& sources) : sources_(sources) {}
  bool shouldVisitTemplateInstantiations() const { return true; }

  bool VisitClassTemplateSpecializationDecl(ClassTemplateSpecializationDecl* spec) {
    if (spec->getSpecializationKind() == TSK_ImplicitInstantiation && spec->hasDefinition() &&
        spec->isDynamicClass() && !spec->isDependentContext() && !spec->isInvalidDecl() &&
        !sources_.isInSystemHeader(sources_.getExpansionLoc(spec->getSpecializedTemplate()->getLocation())))
      found.push_back(spec);
    return true;
  }

  std::vector<ClassTemplateSpecializationDecl*> found;

private:
  const SourceManager& sources_;
};

class FactsConsumer : public SemaConsumer {
public:
  FactsConsumer(const TuParseSettings& settings, TuParse& out, const SourceManager& sources)
      : settings_(settings), out_(out), sources_(sources) {}

  bool HandleTopLevelDecl(DeclGroupRef) override {
    // Returning false ends the parse: the TU is given up, not analyzed.
    if (past(settings_.deadline)) {
      out_.timed_out = true;
      return false;
    }
    return true;
  }

  bool shouldSkipFunctionBody(Decl* decl) override {
    // An awaiter's `await_ready` says whether a co_await suspends at all
    // (Asio's `co_await this_coro::executor` never does): a one-line body.
    if (const FunctionDecl* function = decl->getAsFunction();
        function && function->getDeclName().isIdentifier() && function->getName() == "await_ready")
      return false;
    return !settings_.parse_system_bodies &&
           sources_.isInSystemHeader(sources_.getExpansionLoc(decl->getLocation()));
  }

  void InitializeSema(Sema& sema) override { sema_ = &sema; }
  void ForgetSema() override { sema_ = nullptr; }

  void HandleTranslationUnit(ASTContext& context) override {
    if (out_.timed_out) return;
    if (!settings_.parse_system_bodies) instantiate_virtual_methods(context);
    const bool finished = extract_tu(context, *settings_.vocabulary, out_.facts,
                                     [&] { return past(settings_.deadline); });
    out_.timed_out = !finished;
    out_.extracted = finished;
  }

private:
  /// `std::make_unique<ForwardingBehavior<ChatMessage>> (...)` is the only
  /// construction of that specialization: with system bodies skipped, the
  /// `new` inside make_unique is never parsed, so Clang never marks the
  /// class's vtable used and never instantiates its virtual methods. A
  /// real build does; so does this, for the project's own class templates,
  /// with diagnostics off (what a real build would reject, it never instantiates).
  void instantiate_virtual_methods(ASTContext& context) {
    if (!sema_ || !context.getLangOpts().CPlusPlus) return;
    DynamicSpecializations collector(sources_);
    collector.TraverseDecl(context.getTranslationUnitDecl());
    if (collector.found.empty()) return;
    DiagnosticsEngine& diagnostics = sema_->getDiagnostics();
    const bool suppressed = diagnostics.getSuppressAllDiagnostics();
    diagnostics.setSuppressAllDiagnostics(true);
    for (ClassTemplateSpecializationDecl* spec : collector.found)
      sema_->MarkVTableUsed(spec->getPointOfInstantiation().isValid() ? spec->getPointOfInstantiation()
                                                                     : spec->getLocation(),
                            spec, /*DefinitionRequired=*/true);
    sema_->DefineUsedVTables();
    sema_->PerformPendingInstantiations();
    diagnostics.setSuppressAllDiagnostics(suppressed);
  }

  const TuParseSettings& settings_;
  TuParse& out_;
  const SourceManager& sources_;
  Sema* sema_ = nullptr;
};

class FactsAction : public ASTFrontendAction {
public:
  FactsAction(const TuParseSettings& settings, TuParse& out) : settings_(settings), out_(out) {}

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance& compiler, llvm::StringRef) override {
    // Read by the parser: bodies the consumer declines are not parsed.
    compiler.getFrontendOpts().SkipFunctionBodies = !settings_.parse_system_bodies;
    return std::make_unique<FactsConsumer>(settings_, out_, compiler.getSourceManager());
  }

private:
  const TuParseSettings& settings_;
  TuParse& out_;
};

class FactsActionFactory : public tooling::FrontendActionFactory {
public:
  FactsActionFactory(const TuParseSettings& settings, TuParse& out) : settings_(settings), out_(out) {}
  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<FactsAction>(settings_, out_);
  }

private:
  TuParseSettings settings_;
  TuParse& out_;
};

}  // namespace

std::unique_ptr<tooling::FrontendActionFactory> make_tu_action_factory(const TuParseSettings& settings,
                                                                       TuParse& out) {
  return std::make_unique<FactsActionFactory>(settings, out);
}

}  // namespace concur::analyzer_internal

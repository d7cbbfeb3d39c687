#include "driver/TuAction.h"

#include "extract/TuExtractor.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"

using namespace clang;

namespace concur::analyzer_internal {
namespace {

bool past(std::chrono::steady_clock::time_point deadline) {
  return std::chrono::steady_clock::now() > deadline;
}

class FactsConsumer : public ASTConsumer {
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

  void HandleTranslationUnit(ASTContext& context) override {
    if (out_.timed_out) return;
    const bool finished = extract_tu(context, *settings_.vocabulary, out_.facts,
                                     [&] { return past(settings_.deadline); });
    out_.timed_out = !finished;
    out_.extracted = finished;
  }

private:
  const TuParseSettings& settings_;
  TuParse& out_;
  const SourceManager& sources_;
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

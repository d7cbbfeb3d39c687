// One translation unit's analysis: collect the functions worth analyzing,
// compute the shared facts (lock sets, summaries), let each enabled check
// look at them, and turn what the checks report into Finding values.
#pragma once

#include "FunctionSummaries.h"
#include "Vocabulary.h"
#include "concur/analyzer.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"

#include <memory>
#include <vector>

namespace concur::detail {

/// What checks see of the TU, and how they report.
class CheckContext {
public:
  CheckContext(clang::ASTContext& ast, const Vocabulary& vocabulary,
               const FunctionSummaries& summaries, std::vector<Finding>& out,
               unsigned& suppressed);

  clang::ASTContext& ast() const { return ast_; }
  const Vocabulary& vocabulary() const { return vocabulary_; }
  const FunctionSummaries& summaries() const { return summaries_; }

  /// A finding at `where` (macro expansions resolve to where they are used).
  Finding make(llvm::StringRef check, Severity severity, clang::SourceLocation where,
               std::string message, std::string fix) const;
  void note(Finding& finding, clang::SourceLocation where, std::string message) const;
  /// Records the finding unless a NOLINT comment suppresses it.
  void report(Finding finding);

  /// "file.cc:12" for messages that mention another place.
  std::string shortLocation(clang::SourceLocation where) const;
  SourcePoint point(clang::SourceLocation where) const;

private:
  clang::ASTContext& ast_;
  const Vocabulary& vocabulary_;
  const FunctionSummaries& summaries_;
  std::vector<Finding>& out_;
  unsigned& suppressed_;
  mutable llvm::DenseMap<clang::FileID, std::string> canonicalPaths_;
};

/// A check: looks at each analyzed function, may report at the end of the TU.
class Check {
public:
  virtual ~Check() = default;
  virtual void checkFunction(const FunctionFacts& facts, CheckContext& context) = 0;
  virtual void finishTranslationUnit(CheckContext&) {}
};

std::unique_ptr<Check> makeRacyLazyInitCheck();
std::unique_ptr<Check> makeLockedCallbackCheck();
std::unique_ptr<Check> makeSharedGlobalCacheCheck();

/// The files a TU read: user files (the main file and project headers) and
/// system headers, as real paths. The result cache keys on all of them.
struct TUInputs {
  std::vector<std::string> userFiles;
  std::vector<std::string> systemFiles;
};

/// The per-TU consumer used by scan() and scanCode().
class TUAnalysisConsumer : public clang::ASTConsumer {
public:
  TUAnalysisConsumer(const AnalyzerOptions& options, std::vector<Finding>& out,
                     unsigned& suppressed, TUInputs* inputs = nullptr);
  void HandleTranslationUnit(clang::ASTContext& context) override;

private:
  void recordInputs(const clang::SourceManager& sm);

  const AnalyzerOptions& options_;
  std::vector<Finding>& out_;
  unsigned& suppressed_;
  TUInputs* inputs_;
};

}  // namespace concur::detail

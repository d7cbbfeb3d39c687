// Parsing one translation unit for its facts: the Clang frontend action,
// with bodies in system headers skipped (the analysis never reads them, so
// Clang need not parse or instantiate them) and a time limit.
#pragma once

#include "extract/Vocabulary.h"
#include "facts/Facts.h"

#include "clang/Tooling/Tooling.h"

#include <chrono>
#include <memory>

namespace concur::analyzer_internal {

/// What one TU's parse produces.
struct TuParse {
  TuFacts facts;
  bool timed_out = false;
  bool extracted = false;  ///< the consumer ran to the end
};

struct TuParseSettings {
  const Vocabulary* vocabulary = nullptr;
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  bool parse_system_bodies = false;
};

/// A factory for ClangTool::run that fills `out`.
std::unique_ptr<clang::tooling::FrontendActionFactory> make_tu_action_factory(
    const TuParseSettings& settings, TuParse& out);

}  // namespace concur::analyzer_internal

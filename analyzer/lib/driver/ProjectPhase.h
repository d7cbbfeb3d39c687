// The project phase: every TU's facts merged, the summaries computed over
// the whole project, and each enabled check run over them.
#pragma once

#include "facts/Facts.h"

#include "concur/analyzer.h"

#include <vector>

namespace concur::analyzer_internal {

struct ProjectOutcome {
  std::vector<Finding> findings;  ///< raw: before the pipeline
  std::vector<std::string> user_files;
};

ProjectOutcome analyze_project(std::vector<TuFacts> tus, const AnalyzerConfig& config);

}  // namespace concur::analyzer_internal

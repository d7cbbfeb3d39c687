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

/// `jobs`: threads the project phase may use (0 = one per core), as the scan's -j.
ProjectOutcome analyze_project(std::vector<TuFacts> tus, const AnalyzerConfig& config, unsigned jobs = 1);

}  // namespace concur::analyzer_internal

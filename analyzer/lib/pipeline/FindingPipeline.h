// The one post-processing stage every finding goes through, in the library:
// source lines attached, NOLINT comments, path excludes, allow-listed
// globals, severity overrides, deduplication across TUs, fingerprints and
// the baseline. `concur::scan` and the CLI get the same result because both
// end here.
#pragma once

#include "concur/analyzer.h"
#include "pipeline/Baseline.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace concur::analyzer_internal {

struct PipelineSettings {
  const AnalyzerConfig* config = nullptr;
  /// Absolute path globs: findings in matching files are dropped.
  std::vector<std::string> exclude_globs;
  const Baseline* baseline = nullptr;
  /// Sources that live only in memory (scan_code): path -> text.
  const std::map<std::string, std::string>* in_memory_files = nullptr;
};

/// Filters and completes `raw` into `result.findings`, counting what was
/// suppressed and what the baseline hid (`result.root` and
/// `result.files_analyzed` must be set).
void run_pipeline(std::vector<Finding> raw, const PipelineSettings& settings, ScanResult& result);

}  // namespace concur::analyzer_internal

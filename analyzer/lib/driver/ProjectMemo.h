// The project phase's result, memoized in the cache directory. The phase is
// a pure function of every TU's facts and the configuration, so a scan whose
// TUs all have the facts an earlier scan had (same digests, in any order)
// and the same configuration takes that scan's raw findings and reads no
// facts at all. Any changed TU changes its digest and so the key. The
// finding pipeline (NOLINT, excludes, baseline ...) still runs every time.
#pragma once

#include "driver/ProjectPhase.h"
#include "facts/FactsCache.h"

#include <optional>
#include <string>
#include <vector>

namespace concur::analyzer_internal {

/// The memo key of a project: concur's build, the configuration, and the
/// facts digest of every TU (order does not matter).
std::string project_memo_key(std::vector<std::string> facts_digests, const AnalyzerConfig& config);

/// The outcome stored under `key`, if any and readable.
std::optional<ProjectOutcome> read_project_memo(const FactsCache& cache, const std::string& key);

/// Stores an outcome; a failure to write only costs the next scan time.
void write_project_memo(const FactsCache& cache, const std::string& key, const ProjectOutcome& outcome);

}  // namespace concur::analyzer_internal

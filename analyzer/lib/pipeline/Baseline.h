// Baselines: the findings a team has accepted for now, by fingerprint, so CI
// fails only on new ones.
#pragma once

#include "concur/analyzer.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace concur::analyzer_internal {

struct BaselineEntry {
  std::string fingerprint, check, file, message;
  unsigned line = 0;
};

struct Baseline {
  std::vector<BaselineEntry> entries;
};

/// Reads a baseline written by write_baseline_file. Corrupt or foreign files fail
/// with a one-line reason.
llvm::Expected<Baseline> read_baseline(llvm::StringRef path);

/// Writes the findings of `result` as a baseline (paths relative to its root).
llvm::Error write_baseline_file(llvm::StringRef path, const ScanResult& result);

struct BaselineOutcome {
  unsigned known = 0;  ///< findings dropped because the baseline has them
  unsigned fixed = 0;  ///< baseline entries in scanned files that no longer occur
};

/// Drops the findings the baseline knows from `result`.
BaselineOutcome apply_baseline(ScanResult& result, const Baseline& baseline);

}  // namespace concur::analyzer_internal

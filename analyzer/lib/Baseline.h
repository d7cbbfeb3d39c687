// Baselines: the findings a team has accepted for now, by fingerprint, so CI
// fails only on new ones.
#pragma once

#include "concur/analyzer.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace concur::detail {

struct BaselineEntry {
  std::string fingerprint, check, file, message;
  unsigned line = 0;
};

struct Baseline {
  std::vector<BaselineEntry> entries;
};

/// Reads a baseline written by writeBaseline. Corrupt or foreign files fail
/// with a one-line reason.
llvm::Expected<Baseline> readBaseline(llvm::StringRef path);

/// Writes the findings of `result` as a baseline (paths relative to its root).
llvm::Error writeBaseline(llvm::StringRef path, const ScanResult& result);

struct BaselineOutcome {
  unsigned known = 0;  ///< findings dropped because the baseline has them
  unsigned fixed = 0;  ///< baseline entries in scanned files that no longer occur
};

/// Drops the findings the baseline knows from `result`.
BaselineOutcome applyBaseline(ScanResult& result, const Baseline& baseline);

}  // namespace concur::detail

// Stable identities for findings (SARIF partialFingerprints, baselines).
#pragma once

#include "concur/analyzer.h"

#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace concur::analyzer_internal {

/// `file` relative to `root` when it lies under it, else unchanged.
std::string relative_path(llvm::StringRef file, llvm::StringRef root);

/// Fills Finding::fingerprint: a hash of the check, the path relative to
/// `root`, the enclosing function, the symbol and the primary line with all
/// white space removed, plus an occurrence counter for identical tuples. It
/// does not change when unrelated lines move or the code around is
/// reformatted. `findings` must be sorted.
void assign_fingerprints(std::vector<Finding>& findings, llvm::StringRef root);

}  // namespace concur::analyzer_internal

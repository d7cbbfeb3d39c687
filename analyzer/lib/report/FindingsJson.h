// Findings as JSON values, both ways: the JSON report, the result cache and
// the baseline share one encoding.
#pragma once

#include "concur/analyzer.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

namespace concur::analyzer_internal {

/// Encodes a finding; paths are made relative to `root` when under it.
llvm::json::Object finding_to_json(const Finding& finding, llvm::StringRef root);

/// Decodes what finding_to_json wrote; relative paths are resolved against
/// `root`. Fails with a message naming the missing or malformed field.
llvm::Expected<Finding> finding_from_json(const llvm::json::Value& value, llvm::StringRef root);

/// Parses "note" / "warning" / "error".
std::optional<Severity> parse_severity(llvm::StringRef name);

}  // namespace concur::analyzer_internal

// Globs over names (thread names, symbol names), with LLVM's GlobPattern
// (internal; name_glob.cpp).
#pragma once

#include <string>

namespace concur::runtime_internal {

/// Whether `name` matches `pattern` (*, ?, [a-z], {a,b}). Throws
/// std::invalid_argument naming the pattern when it is malformed;
/// `what` says whose pattern it is ("thread allow-list pattern").
bool glob_matches(const std::string& pattern, const std::string& name, const char* what);

}  // namespace concur::runtime_internal

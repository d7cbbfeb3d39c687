// One translation unit's facts: which functions to extract (user code,
// templates as written and as instantiated, lambdas, static initializers)
// and the TU-wide facts around them.
#pragma once

#include "extract/Vocabulary.h"
#include "facts/Facts.h"

#include "clang/AST/ASTContext.h"

#include <chrono>
#include <functional>

namespace concur::analyzer_internal {

/// Extracts `ast`'s facts into `out`. `expired` is polled between functions:
/// when it returns true the extraction stops and returns false.
bool extract_tu(clang::ASTContext& ast, const Vocabulary& vocabulary, TuFacts& out,
                const std::function<bool()>& expired);

}  // namespace concur::analyzer_internal

// One function's facts: its Clang CFG (built with implicit destructors, so an
// RAII guard releases at the end of its scope on every path) turned into a
// graph of events, plus what it returns and its lazy-initialization shapes.
#pragma once

#include "extract/TuContext.h"

#include "clang/AST/Decl.h"

namespace concur::analyzer_internal {

/// Extracts the facts of `function` (a definition with a body). `flags` are
/// added to the ones the declaration implies (runs_once, test_code, ...).
FunctionFact extract_function(TuContext& tu, const clang::FunctionDecl* function, uint32_t flags);

/// The scalar fields of `var`, a const struct in static storage that other
/// TUs may declare `extern` (its initializer is here), with their constants;
/// empty for any other variable.
std::vector<std::pair<std::string, uint64_t>> constant_struct_fields(TuContext& tu, const clang::VarDecl* var);

/// The initializer of a variable with static storage, as a function that
/// runs during static initialization (start-up).
FunctionFact extract_static_initializer(TuContext& tu, const clang::VarDecl* variable);

}  // namespace concur::analyzer_internal

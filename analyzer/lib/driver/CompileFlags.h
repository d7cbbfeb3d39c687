// Making a compile command from someone else's build usable by Clang.
#pragma once

#include <string>
#include <vector>

namespace concur::analyzer_internal {

/// Drops the arguments Clang's driver does not know (GCC-only flags such as
/// -fno-canonical-system-headers in a GCC-built compile database) instead of
/// failing the TU, and adds concur's own: no warnings, no output, Clang's
/// resource directory, `__clang_analyzer__` defined as static analyzers do.
/// `args[0]` is the compiler.
void adjust_for_clang(std::vector<std::string>& args);

}  // namespace concur::analyzer_internal

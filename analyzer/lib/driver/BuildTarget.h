// Which build target a TU's object file belongs to, read from its compile command.
#pragma once

#include "clang/Tooling/CompilationDatabase.h"

#include <string>
#include <vector>

namespace concur::analyzer_internal {

/// The build target whose object the command writes, as an absolute path
/// naming it: CMake's `<dir>/CMakeFiles/<target>.dir`, Meson's
/// `<dir>/<target>.p`, or Automake's `<dir>/<target>` for a per-target object
/// `<target>-<source stem>.o`. Empty when the output does not say: TUs of one
/// target are linked into one binary, which a compile database does not
/// otherwise tell.
std::string build_target_of(const clang::tooling::CompileCommand& command);

/// The build targets of a file's compile commands, each once, in the
/// database's order: "" for commands that name none (an object `make` may
/// link into any program), so that the file is not taken for the named
/// targets' alone. Empty when no command names a target.
std::vector<std::string> build_targets_of(const std::vector<clang::tooling::CompileCommand>& commands);

}  // namespace concur::analyzer_internal

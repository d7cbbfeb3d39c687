#include "driver/BuildTarget.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Path.h"

namespace concur::analyzer_internal {

namespace {

/// The object file the command writes: the database's "output", else `-o X`
/// or `-oX` in the command line.
std::string output_of(const clang::tooling::CompileCommand& command) {
  if (!command.Output.empty()) return command.Output;
  const auto& args = command.CommandLine;
  for (size_t i = 0; i < args.size(); ++i) {
    const llvm::StringRef arg(args[i]);
    if (arg == "-o" && i + 1 < args.size()) return args[i + 1];
    if (arg.starts_with("-o") && arg.size() > 2) return arg.drop_front(2).str();
  }
  return "";
}

}  // namespace

std::string build_target_of(const clang::tooling::CompileCommand& command) {
  const std::string output = output_of(command);
  if (output.empty()) return "";
  llvm::SmallString<256> path(output);
  if (!llvm::sys::path::is_absolute(path)) {
    llvm::SmallString<256> absolute(command.Directory);
    llvm::sys::path::append(absolute, path);
    path = absolute;
  }
  llvm::sys::path::remove_dots(path, /*remove_dot_dot=*/true);

  // The innermost directory that names a target: CMake's `CMakeFiles/T.dir`
  // (sources in subdirectories add components below it) or Meson's `T.p`.
  llvm::SmallString<256> prefix;
  std::string target;
  llvm::StringRef previous;
  for (auto it = llvm::sys::path::begin(path), end = llvm::sys::path::end(path); it != end; ++it) {
    llvm::sys::path::append(prefix, *it);
    if ((previous == "CMakeFiles" && it->ends_with(".dir")) || (it->ends_with(".p") && it->size() > 2))
      target = std::string(prefix);
    previous = *it;
  }
  if (!target.empty()) return target;

  // Automake names the object of a program with per-target flags
  // `<target>-<stem>.o` (`memcached-items.o` for items.c of `memcached`).
  const llvm::StringRef object = llvm::sys::path::stem(path);
  const llvm::StringRef source = llvm::sys::path::stem(command.Filename);
  if (!source.empty() && object.size() > source.size() + 1 && object.ends_with(source) &&
      object[object.size() - source.size() - 1] == '-') {
    llvm::SmallString<256> named(llvm::sys::path::parent_path(path));
    llvm::sys::path::append(named, object.drop_back(source.size() + 1));
    return std::string(named);
  }
  return "";
}

std::vector<std::string> build_targets_of(const std::vector<clang::tooling::CompileCommand>& commands) {
  std::vector<std::string> targets;
  for (const auto& command : commands) {
    std::string target = build_target_of(command);
    if (!llvm::is_contained(targets, target)) targets.push_back(std::move(target));
  }
  if (targets.size() == 1 && targets.front().empty()) targets.clear();
  return targets;
}

}  // namespace concur::analyzer_internal

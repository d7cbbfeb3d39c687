// Sources that live only in memory (tests, the ScanCode matchers): their
// facts, extracted exactly as scan() extracts a file's.
#pragma once

#include "facts/Facts.h"

#include "concur/analyzer.h"

#include <map>
#include <string>
#include <vector>

namespace concur::analyzer_internal {

struct InMemoryFacts {
  std::vector<TuFacts> tus;
  std::vector<std::string> translation_units;  ///< paths the files were given
  std::vector<InputProblem> input_errors, compile_errors;
  std::map<std::string, std::string> sources;  ///< path -> text
  std::string directory;                       ///< where the files were put
};

/// Extracts the facts of every .c/.cc/.cpp of `files` (the others are
/// headers they include by name) compiled with `args`.
InMemoryFacts extract_in_memory(const std::map<std::string, std::string>& files,
                                const std::vector<std::string>& args, const AnalyzerConfig& config);

}  // namespace concur::analyzer_internal

// A sharded scan's facts file: every TU's facts plus what happened to the
// inputs, so `concur merge` can run the project phase over all shards and
// get what one unsharded scan gets.
#pragma once

#include "facts/Facts.h"

#include "concur/analyzer.h"

#include "llvm/Support/Error.h"

namespace concur::analyzer_internal {

struct ShardFacts {
  std::string root;
  std::string vocabulary_key;  ///< the extraction options the facts were made with
  std::vector<TuFacts> tus;
  std::vector<std::string> translation_units;
  std::vector<InputProblem> input_errors, compile_errors, timed_out;
  unsigned cached_translation_units = 0;
};

llvm::Error write_facts_file(llvm::StringRef path, const ShardFacts& shard);
/// Reads a facts file; its TUs are decoded on `jobs` threads (0 = one per core).
llvm::Expected<ShardFacts> read_facts_file(llvm::StringRef path, unsigned jobs = 1);

/// A digest of the extraction options of `config`.
std::string vocabulary_key(const AnalyzerConfig& config);

}  // namespace concur::analyzer_internal

// Per-TU result cache: a TU whose inputs did not change is not parsed again.
//
// The key is concur's version, the analyzer options and the TU's compile
// command (directory, arguments, file). An entry records the content hash of
// every file the preprocessor read for the TU (main file, project and system
// headers); it is used only when all of them still hash the same. That is
// the preprocessed input, checked without running the preprocessor.
#pragma once

#include "TUAnalysis.h"
#include "concur/analyzer.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"

#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace concur::detail {

struct CachedTU {
  std::vector<Finding> findings;
  unsigned suppressed = 0;
  std::string compileError;
  TUInputs inputs;
};

class ResultCache {
public:
  /// Opens (creating) the cache directory; fails when it cannot be written.
  static llvm::Expected<std::unique_ptr<ResultCache>> open(llvm::StringRef directory);

  /// The cache key of one TU.
  static std::string keyFor(llvm::StringRef file, const std::vector<std::string>& commandLine,
                            llvm::StringRef directory, const AnalyzerOptions& options);

  /// The stored result when every input file still has the recorded content.
  std::optional<CachedTU> lookup(const std::string& key);
  /// Stores a TU's result; failures to write are ignored (the cache is an
  /// optimization) but counted.
  void store(const std::string& key, const CachedTU& result);

  unsigned writeFailures() const { return writeFailures_; }

private:
  explicit ResultCache(std::string directory) : directory_(std::move(directory)) {}
  std::optional<uint64_t> contentHash(const std::string& path);
  std::string entryPath(const std::string& key) const;

  std::string directory_;
  std::mutex mutex_;
  llvm::StringMap<std::optional<uint64_t>> hashes_;  // per run: each header hashed once
  unsigned writeFailures_ = 0;
};

}  // namespace concur::detail

// Per-TU facts cache: a TU whose inputs did not change is not parsed again.
//
// The key is concur's version, the extraction options (the vocabulary) and
// the TU's compile command (directory, arguments, file). An entry records
// the content hash of every file the preprocessor read for the TU (main
// file, project and system headers); it is used only when all of them still
// hash the same. It stores facts, not findings: the project phase and the
// checks run again on every scan, so a warm scan sees changes in other TUs.
#pragma once

#include "facts/Facts.h"

#include "concur/analyzer.h"

#include "concur_thread_safety.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>
#include <vector>

namespace concur::analyzer_internal {

struct CachedTu {
  TuFacts facts;
  std::string compile_error;
};

class FactsCache {
public:
  /// Opens (creating) the cache directory; fails when it cannot be written.
  static llvm::Expected<std::unique_ptr<FactsCache>> open(llvm::StringRef directory);

  /// The cache key of one TU.
  static std::string key_for(llvm::StringRef file, const std::vector<std::string>& command_line,
                             llvm::StringRef directory, const AnalyzerConfig& config);

  /// The stored facts when every input file still has the recorded content.
  std::optional<CachedTu> lookup(const std::string& key);
  /// Stores a TU's facts; failures to write are counted, not fatal (the
  /// cache is an optimization).
  void store(const std::string& key, const CachedTu& entry);

  unsigned write_failures() const CONCUR_EXCLUDES(mutex_);

private:
  explicit FactsCache(std::string directory) : directory_(std::move(directory)) {}
  std::optional<uint64_t> content_hash(const std::string& path) CONCUR_EXCLUDES(mutex_);
  std::string entry_path(const std::string& key) const;

  std::string directory_;
  // Scan workers look up and store TUs concurrently.
  mutable sync_internal::Mutex mutex_;
  llvm::StringMap<std::optional<uint64_t>> hashes_ CONCUR_GUARDED_BY(mutex_);  // per run: each header hashed once
  unsigned write_failures_ CONCUR_GUARDED_BY(mutex_) = 0;
};

}  // namespace concur::analyzer_internal

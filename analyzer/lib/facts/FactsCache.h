// Per-TU facts cache: a TU whose inputs did not change is not parsed again.
//
// The key is concur's build (version and binary), the extraction options
// (the vocabulary) and the TU's compile command (directory, arguments,
// file). An entry is two files: a small manifest with the content hash of
// every file the preprocessor read for the TU (main file, project and system
// headers) and the digest of the facts, and the facts themselves. The entry
// is used only when all of those files still hash the same. It stores
// facts, not findings: the project phase runs over every TU's facts, so a
// warm scan sees changes in other TUs. (The project phase's own result is
// memoized by ProjectMemo, keyed by every TU's facts digest.)
#pragma once

#include "facts/Facts.h"

#include "concur/analyzer.h"

#include "concur_thread_safety.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <optional>
#include <string>
#include <vector>

namespace concur::analyzer_internal {

struct CachedTu {
  TuFacts facts;
  std::string compile_error;
};

/// A TU found unchanged: what the manifest says, the facts not yet read
/// (a warm scan whose project result is memoized never reads them).
struct CacheHit {
  std::string key;
  std::string facts_digest;
  std::string compile_error;
};

class FactsCache {
public:
  /// Opens (creating) the cache directory; fails when it cannot be written.
  static llvm::Expected<std::unique_ptr<FactsCache>> open(llvm::StringRef directory);

  /// The cache key of one TU.
  static std::string key_for(llvm::StringRef file, const std::vector<std::string>& command_line,
                             llvm::StringRef directory, const AnalyzerConfig& config);

  /// A digest of the running build of concur: its version and its binary
  /// (path, size, modification time), so a rebuilt concur never reuses what
  /// an older build stored. Computed once per process.
  static const std::string& build_identity();

  /// The manifest of an entry whose input files all still have the recorded content.
  std::optional<CacheHit> lookup(const std::string& key);
  /// The facts of a hit; none when the facts file is gone or is not the one
  /// the manifest recorded.
  std::optional<TuFacts> load_facts(const CacheHit& hit) const;
  /// Stores a TU's facts and returns their digest. A failure to write is not
  /// fatal (the cache is an optimization): then no digest.
  std::optional<std::string> store(const std::string& key, const CachedTu& entry);

  const std::string& directory() const { return directory_; }

private:
  explicit FactsCache(std::string directory) : directory_(std::move(directory)) {}
  std::optional<uint64_t> content_hash(const std::string& path) CONCUR_EXCLUDES(mutex_);
  std::string entry_path(const std::string& key, llvm::StringRef suffix) const;

  std::string directory_;
  // Scan workers look up and store TUs concurrently.
  mutable sync_internal::Mutex mutex_;
  llvm::StringMap<std::optional<uint64_t>> hashes_ CONCUR_GUARDED_BY(mutex_);  // per run: each header hashed once
};

/// Writes `text` to `path` through a temporary name and a rename, so a
/// concurrent reader never sees half a file.
llvm::Error write_file_atomically(const std::string& path, llvm::StringRef text);

/// A 16-digit hexadecimal digest of `text`.
std::string digest_of(llvm::StringRef text);

/// `text` as JSON; none when it is not (a cache file is an optimization:
/// unreadable means absent).
std::optional<llvm::json::Value> parse_cached_json(llvm::StringRef text);

}  // namespace concur::analyzer_internal

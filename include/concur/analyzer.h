// concur analyzer: the static checker as a library.
//
// `concur scan` is a thin command line around `scan()`; the gtest matchers
// (`concur::testing::ScanCode`) call `scanCode()`. Everything here is a plain
// value type: findings can be copied, sorted, serialized and compared.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace concur {

/// How serious a finding is. Maps to SARIF levels note/warning/error.
enum class Severity { Note, Warning, Error };

/// "note", "warning" or "error".
std::string_view severityName(Severity severity);

/// A position in a source file. `file` is canonical (symlinks and `..`
/// resolved) so the same header reached from two TUs compares equal;
/// `lineText` is the source line, kept so reporters never re-read files.
struct SourcePoint {
  std::string file;
  unsigned line = 0;
  unsigned column = 0;
  std::string lineText;
};

/// The other half of a finding's story ("lock acquired here").
struct FindingNote {
  SourcePoint where;
  std::string message;
};

/// One hazard found by one check. Checks produce these; reporters print them.
struct Finding {
  std::string check;       ///< check id, e.g. "concur-racy-lazy-init"
  Severity severity = Severity::Warning;
  SourcePoint where;       ///< the primary location (creation, call, mutation)
  std::string message;     ///< one lower-case sentence, no trailing period
  std::string fix;         ///< how to fix it, one sentence
  std::vector<FindingNote> notes;
  std::string symbol;      ///< the variable or lock the finding is about
  std::string function;    ///< the enclosing function (qualified)
  /// Stable identity: hash of check, relative path, function, symbol and the
  /// normalized primary line; unchanged when unrelated lines move.
  std::string fingerprint;
};

/// A check as listed by `concur checks`.
struct CheckInfo {
  std::string id;
  std::string summary;  ///< one line
  Severity defaultSeverity = Severity::Warning;
  std::string_view doc; ///< the Markdown page from docs/checks/<id>.md
};

/// All checks concur knows, in a fixed order.
const std::vector<CheckInfo>& allChecks();

/// Tuning shared by all checks. Every list has a documented default
/// (docs/checks/*.md); entries given here are added to the defaults.
struct AnalyzerOptions {
  /// clang-tidy style glob list: "*", "concur-*,-concur-locked-callback".
  std::string checks = "*";
  /// Extra qualified names of mutex types (besides std mutexes, pthread
  /// locks and classes with lock()/unlock()-style method pairs).
  std::vector<std::string> mutexTypes;
  /// Extra RAII guard types (first constructor argument is the mutex).
  std::vector<std::string> guardTypes;
  /// Extra type-erased callable types whose operator() runs foreign code.
  std::vector<std::string> callbackTypes;
  /// Regex (case-insensitive) on class names whose virtual methods are
  /// treated as foreign code when called under a lock.
  std::string listenerClassPattern =
      "(listener|observer|delegate|callback|handler|visitor|sink|subscriber|watcher|notifiable)";
};

/// Whether `check` is enabled by a clang-tidy style glob list.
bool isCheckEnabled(std::string_view globList, std::string_view check);

/// Why a TU or an input was not (fully) analyzed.
struct InputProblem {
  std::string input;   ///< the file or path as the user named it
  std::string reason;  ///< one line
};

/// What a scan produced. Findings are deduplicated (one per canonical
/// location and message, however many TUs include a header), suppressions
/// applied, sorted by file, line, column and check.
struct ScanResult {
  std::vector<Finding> findings;
  std::vector<std::string> translationUnits;  ///< TUs analyzed
  /// Every user file (TUs and the project headers they include) analyzed.
  std::vector<std::string> filesAnalyzed;
  /// Inputs that could not be analyzed at all (exit code 2).
  std::vector<InputProblem> inputErrors;
  /// TUs with compile errors, analyzed as far as Clang recovered.
  std::vector<InputProblem> compileErrors;
  unsigned suppressed = 0;  ///< findings dropped by NOLINT comments
  unsigned cachedTranslationUnits = 0;  ///< TUs whose results came from the cache
  double wallSeconds = 0;
  /// The directory report paths and fingerprints are relative to: the
  /// request's root, else the scanned directory or the compile database's.
  std::string root;
};

/// What to scan and how.
struct ScanRequest {
  /// Files or directories. With a compile database they filter its entries;
  /// without one, every C/C++ source file under them is a TU.
  std::vector<std::string> paths;
  /// A build directory holding compile_commands.json, or the file itself.
  std::string compileCommands;
  /// Extra compiler flags (after `--` on the command line).
  std::vector<std::string> extraArgs;
  AnalyzerOptions options;
  unsigned jobs = 0;  ///< 0 = number of cores
  /// Paths in fingerprints are made relative to this directory (the scan
  /// root, or the compile database's directory when empty).
  std::string root;
  /// Called after each TU (from worker threads, serialized under an internal
  /// lock, so it must not call scan() itself): done, total, file.
  void (*progress)(void* context, unsigned done, unsigned total, const std::string& file) = nullptr;
  void* progressContext = nullptr;
  /// Per-TU result cache directory; empty = no cache.
  std::string cacheDirectory;
  /// Scan only shard `shardIndex` (1-based) of `shardCount`: TUs are sorted
  /// by path and dealt round-robin, so N CI jobs cover each TU once.
  unsigned shardIndex = 1;
  unsigned shardCount = 1;
  /// Absolute path globs: TUs matching one are not scanned, findings in
  /// files matching one are dropped.
  std::vector<std::string> excludeGlobs;
};

/// Scans the request's TUs in parallel. Never throws; problems with inputs
/// are reported in the result.
ScanResult scan(const ScanRequest& request);

/// Scans one in-memory C++ source as file `fileName` with `args` (e.g.
/// {"-std=c++20"}). For tests: the same analysis as `scan()`.
ScanResult scanCode(std::string_view code, const std::vector<std::string>& args = {"-std=c++20"},
                    const AnalyzerOptions& options = {}, std::string_view fileName = "input.cc");

/// concur's version string, part of every report.
std::string_view version();

}  // namespace concur

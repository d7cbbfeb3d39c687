// concur analyzer: the static checker as a library.
//
// `concur scan` is a thin command line around `scan()`: both run the same
// pipeline (facts per translation unit, the project phase, the checks, one
// post-processing stage), so a library caller and the CLI get identical
// results for the same request. The gtest matchers
// (`concur::testing::ScanCode`) call `scan_code()`. Everything here is a
// plain value type: findings can be copied, sorted, serialized and compared.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace concur {

/// How serious a finding is. Maps to SARIF levels note/warning/error.
enum class Severity {
  note,
  warning,
  error,
  Note [[deprecated("use Severity::note")]] = note,
  Warning [[deprecated("use Severity::warning")]] = warning,
  Error [[deprecated("use Severity::error")]] = error,
};

/// "note", "warning" or "error".
std::string_view severity_name(Severity severity);

/// A position in a source file. `file` is canonical (symlinks and `..`
/// resolved) so the same header reached from two TUs compares equal;
/// `line_text` is the source line, kept so reporters never re-read files.
struct SourcePoint {
  std::string file;
  unsigned line = 0;
  unsigned column = 0;
  std::string line_text;
};

/// Another part of a finding's story ("lock acquired here", "called from here").
struct FindingNote {
  SourcePoint where;
  std::string message;
};

/// One hazard found by one check. Checks produce these; reporters print them.
struct Finding {
  std::string check;  ///< check id, e.g. "concur-racy-lazy-init"
  Severity severity = Severity::warning;
  SourcePoint where;     ///< the primary location (creation, call, mutation)
  std::string message;   ///< short, lower-case, the entities named, no trailing period
  std::string fix;       ///< how to fix it, one sentence
  std::vector<FindingNote> notes;  ///< the explanation and the evidence chain, across files
  std::string symbol;    ///< the variable or lock the finding is about
  std::string function;  ///< the enclosing function (qualified)
  /// Stable identity: hash of check, relative path, function, symbol and the
  /// normalized primary line; unchanged when unrelated lines move or the
  /// message wording changes.
  std::string fingerprint;
};

/// An option of a check (or of the shared vocabulary) with its default.
struct CheckOptionInfo {
  std::string name;
  bool is_list = true;               ///< a list (config entries add; "-x" removes) or a text value
  std::vector<std::string> defaults; ///< the documented default entries (one for a text value)
  std::string description;
};

/// A check as listed by `concur checks`.
struct CheckInfo {
  std::string id;
  std::string summary;  ///< one line
  Severity default_severity = Severity::warning;
  std::string_view doc;  ///< the Markdown page from docs/checks/<id>.md
  std::vector<CheckOptionInfo> options;
};

/// All checks concur knows, in registry order.
const std::vector<CheckInfo>& all_checks();

/// The options every check shares (which types are mutexes, guards, callbacks ...).
const std::vector<CheckOptionInfo>& vocabulary_options();

/// What a scan is configured with: the programmatic form of `.concur.yaml`.
struct AnalyzerConfig {
  /// clang-tidy style glob list: "*", "concur-*,-concur-locked-callback".
  std::string checks = "*";
  /// Severity overrides by check id.
  std::map<std::string, Severity> severity;
  /// Option values by "<check id>.<option>" or "vocabulary.<option>". For
  /// list options the entries are added to the documented defaults and an
  /// entry "-x" removes the default x; a text option takes the last value.
  std::map<std::string, std::vector<std::string>> options;
  /// Globs on qualified variable names whose unlocked mutation is accepted.
  std::vector<std::string> allow_globals;
  /// Path globs: TUs matching one are not scanned, findings in files matching
  /// one are dropped. Relative globs are relative to `directory`.
  std::vector<std::string> exclude;
  /// The directory relative exclude globs start from (the config file's).
  std::string directory;
  /// The file the configuration was read from, if any.
  std::string source_file;
};

/// Whether `check` is enabled by a clang-tidy style glob list.
bool is_check_enabled(std::string_view glob_list, std::string_view check);

/// Why a TU or an input was not (fully) analyzed.
struct InputProblem {
  std::string input;   ///< the file or path as the user named it
  std::string reason;  ///< one line
};

/// `input: reason`, or the reason alone when it names the input already
/// (a config file's `F:2: unknown key ...`), so that no line says the path twice.
std::string describe(const InputProblem& problem);

/// What a scan produced. Findings went through the one post-processing
/// stage: NOLINT comments, excludes, allow-lists, severity overrides,
/// deduplication (one per canonical location and message, however many TUs
/// include a header), fingerprints and the baseline; sorted by file, line,
/// column and check.
struct ScanResult {
  std::vector<Finding> findings;
  std::vector<std::string> translation_units;  ///< TUs analyzed
  /// Every user file (TUs and the project headers they include) analyzed.
  std::vector<std::string> files_analyzed;
  /// Inputs that could not be analyzed at all (exit code 2).
  std::vector<InputProblem> input_errors;
  /// TUs with compile errors, analyzed as far as Clang recovered.
  std::vector<InputProblem> compile_errors;
  /// TUs given up after the per-TU time limit (not analyzed).
  std::vector<InputProblem> timed_out;
  unsigned suppressed = 0;  ///< findings dropped by NOLINT comments and allow-lists
  unsigned cached_translation_units = 0;  ///< TUs whose facts came from the cache
  unsigned baseline_known = 0;  ///< findings hidden because the baseline has them
  unsigned baseline_fixed = 0;  ///< baseline entries (in scanned files) no longer found
  bool baseline_applied = false;
  double wall_seconds = 0;
  double project_seconds = 0;  ///< the project phase: merge, summaries, checks, pipeline
  /// The directory report paths and fingerprints are relative to.
  std::string root;
};

/// What to scan and how.
struct ScanRequest {
  /// Files or directories. With a compile database they filter its entries;
  /// without one, every C/C++ source file under them is a TU.
  std::vector<std::string> paths;
  /// A build directory holding compile_commands.json, or the file itself.
  std::string compile_commands;
  /// Extra compiler flags (after `--` on the command line).
  std::vector<std::string> extra_args;
  /// The configuration given in code; a config file (below) refines it.
  AnalyzerConfig config;
  /// A `.concur.yaml` to read. Empty: the nearest one in or above the first
  /// path (or the compile database) when `find_config_file` is set.
  std::string config_file;
  bool find_config_file = true;
  /// Checks given on the command line: applied after the config file's.
  std::string checks_override;
  unsigned jobs = 0;  ///< 0 = number of cores
  /// Paths in reports and fingerprints are relative to this directory (the
  /// scan root, or the compile database's directory when empty).
  std::string root;
  /// Called after each TU (from worker threads, serialized under an internal
  /// lock, so it must not call scan() itself): done, total, file.
  void (*progress)(void* context, unsigned done, unsigned total, const std::string& file) = nullptr;
  void* progress_context = nullptr;
  /// Per-TU facts cache directory; empty = no cache.
  std::string cache_directory;
  /// Scan only shard `shard_index` (1-based) of `shard_count`: TUs are sorted
  /// by path and dealt round-robin. A sharded scan writes its facts to
  /// `facts_output` and leaves the findings to `merge_facts()`.
  unsigned shard_index = 1;
  unsigned shard_count = 1;
  /// Write the project's facts here (for `concur merge`); empty = don't.
  std::string facts_output;
  /// Apply this baseline (written by write_baseline) to the findings.
  std::string baseline_file;
  /// Seconds one TU may take before it is listed as not analyzed.
  double tu_timeout_seconds = 300;
  /// Parse the bodies of functions in system headers too (slower; the
  /// analysis never reads them). For measuring that skipping changes nothing.
  bool parse_system_bodies = false;
};

/// Scans the request's TUs in parallel and runs the project phase. Never
/// throws; problems with inputs are reported in the result.
ScanResult scan(const ScanRequest& request);

/// Runs the project phase over facts files written by sharded scans
/// (`facts_output`): the result equals one unsharded scan. `request`
/// supplies the configuration, root and baseline; its paths are ignored.
ScanResult merge_facts(const std::vector<std::string>& facts_files, const ScanRequest& request);

/// Scans one in-memory C++ source as file `file_name` with `args` (e.g.
/// {"-std=c++20"}). For tests: the same analysis as `scan()`.
ScanResult scan_code(std::string_view code, const std::vector<std::string>& args = {"-std=c++20"},
                     const AnalyzerConfig& config = {}, std::string_view file_name = "input.cc");

/// Scans several in-memory files as one project: each `.c`/`.cc`/`.cpp` is a
/// TU, the others are headers they may include.
ScanResult scan_files(const std::map<std::string, std::string>& files,
                      const std::vector<std::string>& args = {"-std=c++20"},
                      const AnalyzerConfig& config = {});

/// Writes the findings of `result` as a baseline (paths relative to its
/// root). Returns an empty string, or a one-line error naming the file.
std::string write_baseline(const std::string& path, const ScanResult& result);

/// The effective configuration of `request` (config file included) as
/// `.concur.yaml` text, every option with its value. Errors in the config
/// file are returned in `error` (and the text is empty).
std::string dump_config(const ScanRequest& request, std::string& error);

/// concur's version string, part of every report.
std::string_view version();

/// Deprecated spellings, kept for one release.
[[deprecated("use severity_name")]] inline std::string_view severityName(Severity s) {
  return severity_name(s);
}
[[deprecated("use all_checks")]] inline const std::vector<CheckInfo>& allChecks() {
  return all_checks();
}
[[deprecated("use is_check_enabled")]] inline bool isCheckEnabled(std::string_view globs,
                                                                  std::string_view check) {
  return is_check_enabled(globs, check);
}
[[deprecated("use scan_code")]] inline ScanResult scanCode(
    std::string_view code, const std::vector<std::string>& args = {"-std=c++20"},
    const AnalyzerConfig& config = {}, std::string_view file_name = "input.cc") {
  return scan_code(code, args, config, file_name);
}
using AnalyzerOptions [[deprecated("use AnalyzerConfig")]] = AnalyzerConfig;

}  // namespace concur

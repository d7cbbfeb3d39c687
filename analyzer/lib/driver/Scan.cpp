// The scan driver: inputs -> compile commands -> one ClangTool per TU on a
// thread pool (facts, through the cache) -> the project phase -> the one
// finding pipeline. `scan()`, `merge_facts()`, `scan_code()` and the CLI all
// end in `finish()`, so they agree.
#include "config/ConfigFile.h"
#include "driver/BuildTarget.h"
#include "driver/CompileFlags.h"
#include "driver/FactsFile.h"
#include "driver/InMemory.h"
#include "driver/ProjectMemo.h"
#include "driver/ProjectPhase.h"
#include "driver/TuAction.h"
#include "extract/Vocabulary.h"
#include "facts/FactsCache.h"
#include "pipeline/Baseline.h"
#include "pipeline/FindingPipeline.h"
#include "registry/CheckRegistry.h"

#include "concur/analyzer.h"
#include "concur_thread_safety.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <algorithm>
#include <atomic>
#include <chrono>

using namespace clang;
using namespace clang::tooling;

namespace concur {
namespace {

using namespace analyzer_internal;

bool is_source_file(llvm::StringRef path) {
  const llvm::StringRef ext = llvm::sys::path::extension(path);
  return ext == ".c" || ext == ".cc" || ext == ".cpp" || ext == ".cxx" || ext == ".c++" ||
         ext == ".C" || ext == ".cp" || ext == ".CPP";
}

bool is_c_file(llvm::StringRef path) { return llvm::sys::path::extension(path) == ".c"; }

std::string canonical(llvm::StringRef path) {
  llvm::SmallString<256> real;
  if (!llvm::sys::fs::real_path(path, real)) return std::string(real);
  real = path;
  llvm::sys::fs::make_absolute(real);
  llvm::sys::path::remove_dots(real, true);
  return std::string(real);
}

/// The deepest directory containing every file (paths already canonical).
std::string common_directory(const std::vector<std::string>& files) {
  std::string common = std::string(llvm::sys::path::parent_path(files.front()));
  for (const std::string& path : files) {
    while (!common.empty() && !(llvm::StringRef(path).starts_with(common) &&
                                (path.size() == common.size() || path[common.size()] == '/')))
      common = std::string(llvm::sys::path::parent_path(common));
  }
  return common.empty() ? "/" : common;
}

/// Why a file cannot be a TU, or empty when it can.
std::string unreadable_reason(llvm::StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!buffer) return buffer.getError().message();
  const llvm::StringRef text = (*buffer)->getBuffer();
  if (text.empty()) return "empty file, nothing to analyze";
  if (text.take_front(8192).contains('\0')) return "binary file, not C or C++ source";
  return {};
}

/// Counts a TU's errors and keeps the first one as a one-line reason.
class ErrorCollector : public DiagnosticConsumer {
public:
  void HandleDiagnostic(DiagnosticsEngine::Level level, const Diagnostic& info) override {
    DiagnosticConsumer::HandleDiagnostic(level, info);
    if (level < DiagnosticsEngine::Error || !first_error.empty()) return;
    llvm::SmallString<256> text;
    info.FormatDiagnostic(text);
    if (info.hasSourceManager() && info.getLocation().isValid()) {
      const SourceManager& sm = info.getSourceManager();
      const PresumedLoc loc = sm.getPresumedLoc(info.getLocation());
      if (loc.isValid())
        first_error = std::string(llvm::sys::path::filename(loc.getFilename())) + ":" +
                      std::to_string(loc.getLine()) + ": ";
    }
    first_error += std::string(text);
  }
  std::string first_error;
};

/// A file compiled by several targets appears once per target in a compile
/// database (leveldb compiles util/testutil.cc into 28 test binaries);
/// ClangTool would parse it once per entry. One parse with the first entry's
/// flags finds the same hazards.
class FirstCommandOnly : public CompilationDatabase {
public:
  explicit FirstCommandOnly(const CompilationDatabase& inner) : inner_(inner) {}
  std::vector<CompileCommand> getCompileCommands(llvm::StringRef file) const override {
    std::vector<CompileCommand> commands = inner_.getCompileCommands(file);
    if (commands.size() > 1) commands.resize(1);
    return commands;
  }
  std::vector<std::string> getAllFiles() const override { return inner_.getAllFiles(); }

private:
  const CompilationDatabase& inner_;
};

struct TuOutcome {
  TuFacts facts;
  std::string compile_error;  // first error, when the TU had any
  bool failed = false;        // no analysis at all
  bool timed_out = false;
  bool from_cache = false;
  /// A cache hit whose facts are still on disk: read only when the project
  /// phase has to run (see ProjectMemo).
  std::optional<CacheHit> unread;
  std::string facts_digest;  // empty without a cache, or when storing failed
};

struct TuJob {
  const AnalyzerConfig* config = nullptr;
  const Vocabulary* vocabulary = nullptr;
  std::vector<std::string> appended_args;
  double timeout_seconds = 300;
  bool parse_system_bodies = false;
};

TuOutcome analyze_tu(const std::string& file, const CompilationDatabase& all_commands,
                     const TuJob& job,
                     const std::vector<std::pair<std::string, std::string>>& virtual_files = {}) {
  TuOutcome outcome;
  const FirstCommandOnly database(all_commands);
  // ClangTool aborts the process when it cannot enter a command's directory.
  const std::vector<CompileCommand> commands = database.getCompileCommands(file);
  if (commands.empty()) {
    outcome.failed = true;
    outcome.compile_error = "no compile command for it";
    return outcome;
  }
  for (const auto& command : commands)
    if (!llvm::sys::fs::is_directory(command.Directory)) {
      outcome.failed = true;
      outcome.compile_error = "its compile command's directory '" + command.Directory + "' does not exist";
      return outcome;
    }
  // ClangTool enters each command's directory. On the process-wide real file
  // system that is chdir(), which races between worker threads; a physical
  // file system of its own keeps a private working directory.
  ClangTool tool(database, {file}, std::make_shared<PCHContainerOperations>(),
                 llvm::vfs::createPhysicalFileSystem());
  for (const auto& [name, content] : virtual_files) tool.mapVirtualFile(name, content);
  tool.setPrintErrorMessage(false);
  tool.clearArgumentsAdjusters();
  tool.appendArgumentsAdjuster(getClangStripOutputAdjuster());
  tool.appendArgumentsAdjuster(getClangStripDependencyFileAdjuster());
  tool.appendArgumentsAdjuster(getClangSyntaxOnlyAdjuster());
  if (!job.appended_args.empty())
    tool.appendArgumentsAdjuster(getInsertArgumentAdjuster(job.appended_args, ArgumentInsertPosition::END));
  tool.appendArgumentsAdjuster([](const CommandLineArguments& args, llvm::StringRef) {
    CommandLineArguments adjusted = args;
    adjust_for_clang(adjusted);
    return adjusted;
  });
  ErrorCollector errors;
  tool.setDiagnosticConsumer(&errors);
  TuParse parse;
  TuParseSettings settings;
  settings.vocabulary = job.vocabulary;
  settings.parse_system_bodies = job.parse_system_bodies;
  if (job.timeout_seconds > 0)
    settings.deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                            std::chrono::duration<double>(job.timeout_seconds));
  auto factory = make_tu_action_factory(settings, parse);
  const int status = tool.run(factory.get());
  outcome.facts = std::move(parse.facts);
  // Parsed once, with the first command's flags, but linked into every
  // target a command names.
  outcome.facts.targets = build_targets_of(all_commands.getCompileCommands(file));
  if (parse.timed_out) {
    outcome.timed_out = true;
    outcome.compile_error = "not analyzed: it took longer than the time limit (" +
                            std::to_string(static_cast<int>(job.timeout_seconds)) + " s)";
    return outcome;
  }
  if (errors.getNumErrors() > 0) outcome.compile_error = errors.first_error;
  if (status != 0 && errors.getNumErrors() == 0 && !parse.extracted) {
    outcome.failed = true;
    outcome.compile_error = "the compiler could not process it (no compile command?)";
  }
  return outcome;
}

/// analyze_tu through the facts cache, when there is one.
TuOutcome analyze_cached(const std::string& file, const CompilationDatabase& database,
                         const TuJob& job, FactsCache* cache) {
  if (!cache) return analyze_tu(file, database, job);
  std::string key;
  const std::vector<CompileCommand> commands = database.getCompileCommands(file);
  if (!commands.empty()) {
    // The first command is the one parsed; the facts also name the targets
    // of the others (TuFacts::targets), so they are part of the key.
    std::vector<std::string> line = commands.front().CommandLine;
    line.insert(line.end(), job.appended_args.begin(), job.appended_args.end());
    llvm::append_range(line, build_targets_of(commands));
    key = FactsCache::key_for(file, line, commands.front().Directory, *job.config);
  }
  if (key.empty()) return analyze_tu(file, database, job);
  if (auto hit = cache->lookup(key)) {
    TuOutcome outcome;
    outcome.compile_error = hit->compile_error;
    outcome.facts_digest = hit->facts_digest;
    outcome.from_cache = true;
    outcome.unread = std::move(*hit);
    return outcome;
  }
  TuOutcome outcome = analyze_tu(file, database, job);
  if (!outcome.failed && !outcome.timed_out)
    outcome.facts_digest = cache->store(key, {outcome.facts, outcome.compile_error}).value_or("");
  return outcome;
}

/// The configuration a request means: its own, refined by the config file.
/// A config file error is an input error.
AnalyzerConfig effective_config(const ScanRequest& request, std::vector<InputProblem>& errors) {
  AnalyzerConfig config = request.config;
  std::optional<std::string> file;
  if (!request.config_file.empty()) file = request.config_file;
  else if (request.find_config_file)
    file = find_config_upward(!request.paths.empty()          ? request.paths.front()
                              : request.compile_commands.empty() ? "."
                                                                 : request.compile_commands);
  if (file) {
    // `./.concur.yaml` found from "." is named without the `./`.
    llvm::SmallString<256> clean(*file);
    llvm::sys::path::remove_dots(clean, /*remove_dot_dot=*/false);
    if (auto error = load_config_file(std::string(clean), config)) {
      errors.push_back({std::string(clean), llvm::toString(std::move(error))});
    }
  }
  if (!request.checks_override.empty()) config.checks += "," + request.checks_override;
  return config;
}

std::vector<std::string> absolute_excludes(const AnalyzerConfig& config) {
  std::vector<std::string> out;
  for (const auto& glob : config.exclude) {
    if (llvm::sys::path::is_absolute(glob) || config.directory.empty()) {
      out.push_back(glob);
      continue;
    }
    llvm::SmallString<256> absolute(config.directory);
    llvm::sys::path::append(absolute, glob);
    out.push_back(std::string(absolute));
  }
  return out;
}

bool excluded(const std::string& path, const std::vector<std::string>& globs) {
  return llvm::any_of(globs, [&](const std::string& glob) { return glob_matches(glob, path); });
}

/// The project phase and the pipeline: the end of every kind of scan.
using Clock = std::chrono::steady_clock;

/// The pipeline over the project phase's outcome; `started` is when the
/// project phase began (result.project_seconds counts from there).
void finish(ProjectOutcome project, Clock::time_point started, const AnalyzerConfig& config,
            const ScanRequest& request, ScanResult& result,
            const std::map<std::string, std::string>* in_memory = nullptr) {
  for (auto& file : project.user_files) result.files_analyzed.push_back(std::move(file));
  std::sort(result.files_analyzed.begin(), result.files_analyzed.end());
  result.files_analyzed.erase(std::unique(result.files_analyzed.begin(), result.files_analyzed.end()),
                              result.files_analyzed.end());
  std::optional<Baseline> baseline;
  if (!request.baseline_file.empty()) {
    auto loaded = read_baseline(request.baseline_file);
    if (loaded) baseline = std::move(*loaded);
    else result.input_errors.push_back({request.baseline_file, llvm::toString(loaded.takeError())});
  }
  PipelineSettings settings;
  settings.config = &config;
  settings.exclude_globs = absolute_excludes(config);
  settings.baseline = baseline ? &*baseline : nullptr;
  settings.in_memory_files = in_memory;
  run_pipeline(std::move(project.findings), settings, result);
  result.project_seconds = std::chrono::duration<double>(Clock::now() - started).count();
}

/// The project phase and the pipeline.
void finish(std::vector<TuFacts> tus, const AnalyzerConfig& config, const ScanRequest& request,
            ScanResult& result, const std::map<std::string, std::string>* in_memory = nullptr) {
  const auto started = Clock::now();
  finish(analyze_project(std::move(tus), config, request.jobs), started, config, request, result, in_memory);
}

void sort_problems(std::vector<InputProblem>& problems) {
  std::sort(problems.begin(), problems.end(),
            [](const InputProblem& a, const InputProblem& b) { return a.input < b.input; });
}

}  // namespace

ScanResult scan(const ScanRequest& request) {
  const auto started = std::chrono::steady_clock::now();
  ScanResult result;
  auto input_error = [&](const std::string& input, const std::string& reason) {
    result.input_errors.push_back({input, reason});
  };
  const AnalyzerConfig config = effective_config(request, result.input_errors);
  if (!result.input_errors.empty()) return result;  // a bad config: nothing is scanned
  const std::vector<std::string> exclude_globs = absolute_excludes(config);

  std::unique_ptr<CompilationDatabase> database;
  std::unique_ptr<CompilationDatabase> c_database;  // without a compile database: C files
  std::vector<std::string> files;
  std::string root = request.root.empty() ? std::string() : canonical(request.root);

  // Resolve the paths the user named.
  std::vector<std::string> filters;
  for (const auto& path : request.paths) {
    if (!llvm::sys::fs::exists(path)) {
      input_error(path, "no such file or directory");
      continue;
    }
    filters.push_back(canonical(path));
  }

  if (!request.compile_commands.empty()) {
    std::string json_path = request.compile_commands;
    if (llvm::sys::fs::is_directory(json_path)) {
      llvm::SmallString<256> joined(json_path);
      llvm::sys::path::append(joined, "compile_commands.json");
      json_path = std::string(joined);
    }
    if (!llvm::sys::fs::exists(json_path)) {
      input_error(json_path, "no such file (expected a compile_commands.json)");
      return result;
    }
    std::string error;
    database = JSONCompilationDatabase::loadFromFile(json_path, error, JSONCommandLineSyntax::AutoDetect);
    if (!database) {
      input_error(json_path, "not a usable compile database: " + error);
      return result;
    }
    const std::string database_directory = canonical(llvm::sys::path::parent_path(canonical(json_path)));
    std::vector<bool> filter_used(filters.size(), false);
    std::vector<std::string> canonical_files;
    llvm::StringSet<> seen;
    for (const auto& file : database->getAllFiles()) {
      const std::string path = canonical(file);
      bool keep = filters.empty() && request.paths.empty();
      for (size_t i = 0; i < filters.size(); ++i) {
        const llvm::StringRef filter = filters[i];
        if (path == filter || (llvm::StringRef(path).starts_with(filter) && path.size() > filter.size() &&
                               path[filter.size()] == '/')) {
          keep = true;
          filter_used[i] = true;
        }
      }
      if (keep && seen.insert(file).second) {
        files.push_back(file);
        canonical_files.push_back(path);
      }
    }
    for (size_t i = 0; i < filters.size(); ++i)
      if (!filter_used[i]) input_error(filters[i], "not in the compile database");
    // Report paths relative to the source tree: the deepest directory that
    // holds every TU (an out-of-tree build directory holds none of them).
    if (root.empty()) root = files.empty() ? database_directory : common_directory(canonical_files);
    if (files.empty() && result.input_errors.empty())
      input_error(json_path, "the compile database lists no translation units");
  } else {
    if (request.paths.empty()) {
      input_error(".", "no paths to scan (name files or directories, or use -p BUILD_DIR)");
      return result;
    }
    for (const auto& path : filters) {
      if (llvm::sys::fs::is_directory(path)) {
        if (root.empty()) root = path;
        std::error_code ec;
        const size_t before = files.size();
        for (llvm::sys::fs::recursive_directory_iterator it(path, ec), end; it != end && !ec; it.increment(ec))
          if (is_source_file(it->path()) && llvm::sys::fs::is_regular_file(it->path()))
            files.push_back(canonical(it->path()));
        if (ec) input_error(path, "cannot read directory: " + ec.message());
        else if (files.size() == before) input_error(path, "no C or C++ source files under this directory");
      } else {
        if (root.empty()) root = canonical(llvm::sys::path::parent_path(path));
        files.push_back(path);
      }
    }
    std::sort(files.begin(), files.end());
    files.erase(std::unique(files.begin(), files.end()), files.end());
    // The root holds the project's headers: `#include "net/conn.h"` finds them
    // first, `#include <net/conn.h>` after the system's, so that a project
    // header named like a system one (`sched.h`, `time.h`) does not replace
    // the one the C library's own headers include.
    const std::vector<std::string> root_headers = {"-iquote", root, "-idirafter", root};
    std::vector<std::string> cxx_args = {"-x", "c++", "-std=c++20"};
    // C in the dialect `cc` uses: POSIX and XSI declarations (`pthread_mutexattr_settype`)
    // are visible without a feature macro, as in a plain build.
    std::vector<std::string> c_args = {"-x", "c", "-std=gnu17"};
    cxx_args.insert(cxx_args.end(), root_headers.begin(), root_headers.end());
    c_args.insert(c_args.end(), root_headers.begin(), root_headers.end());
    // A language standard after `--` reaches the TUs of its language only
    // (`-std=c++17` in a tree of .cc and .c files); every other flag reaches all.
    for (const auto& arg : request.extra_args) {
      const llvm::StringRef flag(arg);
      const bool standard = flag.starts_with("-std=");
      if (!standard || flag.contains("++")) cxx_args.push_back(arg);
      if (!standard || !flag.contains("++")) c_args.push_back(arg);
    }
    database = std::make_unique<FixedCompilationDatabase>(root, cxx_args);
    c_database = std::make_unique<FixedCompilationDatabase>(root, c_args);
  }
  result.root = root;

  TuJob job;
  job.config = &config;
  const Vocabulary vocabulary(config);
  job.vocabulary = &vocabulary;
  // With a compile database, flags after `--` are appended to each command.
  if (!request.compile_commands.empty()) job.appended_args = request.extra_args;
  job.timeout_seconds = request.tu_timeout_seconds;
  job.parse_system_bodies = request.parse_system_bodies;

  if (!exclude_globs.empty())
    llvm::erase_if(files, [&](const std::string& file) { return excluded(canonical(file), exclude_globs); });
  if (request.shard_count > 1) {
    if (request.facts_output.empty()) {
      input_error("--shard", "a sharded scan writes facts for 'concur merge': name the file with --facts");
      return result;
    }
    // Deterministic: the same sorted TU list is dealt round-robin on every machine.
    std::sort(files.begin(), files.end());
    std::vector<std::string> share;
    for (size_t i = 0; i < files.size(); ++i)
      if (i % request.shard_count == request.shard_index - 1) share.push_back(files[i]);
    files = std::move(share);
  }

  std::unique_ptr<FactsCache> cache;
  if (!request.cache_directory.empty()) {
    auto opened = FactsCache::open(request.cache_directory);
    if (opened) cache = std::move(*opened);
    else input_error(request.cache_directory, llvm::toString(opened.takeError()) + "; scanning without a cache");
  }

  // Inputs that cannot be a TU are reported, not parsed.
  std::vector<std::string> analyzable;
  for (const auto& file : files) {
    const std::string reason = unreadable_reason(file);
    if (reason.empty()) analyzable.push_back(file);
    else input_error(file, reason);
  }

  // The workers merge into these locals (result, tus, done) under `merge`; the
  // analysis cannot attach a guard to a local, so the lambda below is the whole
  // of their concurrent use.
  std::vector<std::pair<std::string, TuOutcome>> analyzed;
  // Without a compile database, C files get C flags.
  auto database_for = [&](const std::string& file) -> const CompilationDatabase& {
    return (c_database && is_c_file(file)) ? *c_database : *database;
  };
  sync_internal::Mutex merge;
  unsigned done = 0;
  const unsigned jobs = request.jobs ? request.jobs : llvm::hardware_concurrency().compute_thread_count();
  {
    llvm::DefaultThreadPool pool(llvm::hardware_concurrency(jobs));
    for (const auto& file : analyzable) {
      pool.async([&, file] {
        TuOutcome outcome = analyze_cached(file, database_for(file), job, cache.get());
        sync_internal::LockGuard lock(merge);
        result.cached_translation_units += outcome.from_cache;
        if (outcome.timed_out) {
          result.timed_out.push_back({file, outcome.compile_error});
        } else if (outcome.failed) {
          result.input_errors.push_back({file, outcome.compile_error});
        } else {
          result.translation_units.push_back(file);
          if (!outcome.compile_error.empty()) result.compile_errors.push_back({file, outcome.compile_error});
          analyzed.push_back({file, std::move(outcome)});
        }
        ++done;
        // The contract promises serialized calls, so the callback runs under
        // the merge lock by design; it must not call back into scan().
        if (request.progress)
          request.progress(request.progress_context, done, analyzable.size(), file);  // NOLINT(concur-locked-callback)
      });
    }
    pool.wait();
  }
  std::sort(result.translation_units.begin(), result.translation_units.end());
  sort_problems(result.compile_errors);
  sort_problems(result.timed_out);

  // A warm scan of a project whose facts are all as an earlier scan left
  // them takes that scan's project result and reads no facts.
  const bool writes_facts = request.shard_count > 1 || !request.facts_output.empty();
  auto project_started = Clock::now();
  std::string memo_key;
  std::optional<ProjectOutcome> memoized;
  if (cache && !writes_facts &&
      llvm::all_of(analyzed, [](const auto& tu) { return !tu.second.facts_digest.empty(); })) {
    std::vector<std::string> digests;
    for (const auto& tu : analyzed) digests.push_back(tu.second.facts_digest);
    memo_key = project_memo_key(std::move(digests), config);
    memoized = read_project_memo(*cache, memo_key);
  }
  std::vector<TuFacts> tus;
  if (!memoized) {
    // Read the facts of the cache hits, in parallel; a hit whose facts file
    // went missing since its manifest was read is parsed again.
    std::atomic<bool> as_digested{true};
    llvm::DefaultThreadPool pool(llvm::hardware_concurrency(jobs));
    for (auto& [file, outcome] : analyzed) {
      if (!outcome.unread) continue;
      pool.async([&, file = file, &outcome = outcome] {
        if (auto facts = cache->load_facts(*outcome.unread)) {
          outcome.facts = std::move(*facts);
        } else {
          outcome.facts = analyze_tu(file, database_for(file), job).facts;
          as_digested = false;  // not the facts the digests promised: no memo
        }
        outcome.unread.reset();
      });
    }
    pool.wait();
    if (!as_digested) memo_key.clear();
    for (auto& tu : analyzed) tus.push_back(std::move(tu.second.facts));
  }

  if (writes_facts) {
    // Writing the facts for `concur merge` is output, not the project phase.
    const auto writing = Clock::now();
    ShardFacts shard;
    shard.root = root;
    shard.vocabulary_key = vocabulary_key(config);
    shard.translation_units = result.translation_units;
    shard.input_errors = result.input_errors;
    shard.compile_errors = result.compile_errors;
    shard.timed_out = result.timed_out;
    shard.cached_translation_units = result.cached_translation_units;
    // Lent, not copied: a copy of glib's facts took longer than its project phase.
    shard.tus = std::move(tus);
    if (auto error = write_facts_file(request.facts_output, shard))
      input_error(request.facts_output, llvm::toString(std::move(error)));
    tus = std::move(shard.tus);
    project_started += Clock::now() - writing;
  }
  if (request.shard_count <= 1) {
    if (!memoized) {
      memoized = analyze_project(std::move(tus), config, request.jobs);
      if (!memo_key.empty()) write_project_memo(*cache, memo_key, *memoized);
    }
    finish(std::move(*memoized), project_started, config, request, result);
  }
  result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

ScanResult merge_facts(const std::vector<std::string>& facts_files, const ScanRequest& request) {
  const auto started = std::chrono::steady_clock::now();
  ScanResult result;
  const AnalyzerConfig config = effective_config(request, result.input_errors);
  if (!result.input_errors.empty()) return result;
  std::vector<TuFacts> tus;
  std::string vocabulary;
  for (const auto& path : facts_files) {
    auto shard = read_facts_file(path, request.jobs);
    if (!shard) {
      result.input_errors.push_back({path, llvm::toString(shard.takeError())});
      continue;
    }
    if (result.root.empty()) result.root = shard->root;
    if (vocabulary.empty()) vocabulary = shard->vocabulary_key;
    else if (vocabulary != shard->vocabulary_key)
      result.input_errors.push_back({path, "facts made with a different vocabulary than the first file's "
                                           "(the shards must scan with one configuration)"});
    for (auto& tu : shard->tus) tus.push_back(std::move(tu));
    for (auto& unit : shard->translation_units) result.translation_units.push_back(std::move(unit));
    for (auto& p : shard->input_errors) result.input_errors.push_back(std::move(p));
    for (auto& p : shard->compile_errors) result.compile_errors.push_back(std::move(p));
    for (auto& p : shard->timed_out) result.timed_out.push_back(std::move(p));
    result.cached_translation_units += shard->cached_translation_units;
  }
  if (!request.root.empty()) result.root = canonical(request.root);
  if (vocabulary.empty() == false && vocabulary != vocabulary_key(config))
    result.input_errors.push_back({facts_files.front(), "the facts were made with another vocabulary than "
                                                        "this configuration's; merge with the shards' config"});
  std::sort(result.translation_units.begin(), result.translation_units.end());
  sort_problems(result.compile_errors);
  sort_problems(result.timed_out);
  finish(std::move(tus), config, request, result);
  result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace concur

namespace concur::analyzer_internal {

InMemoryFacts extract_in_memory(const std::map<std::string, std::string>& files,
                                const std::vector<std::string>& args, const AnalyzerConfig& config) {
  InMemoryFacts out;
  // The sources live only in memory, in a directory that need not exist; the
  // compile commands run in the temporary directory, which does.
  llvm::SmallString<128> directory;
  llvm::sys::path::system_temp_directory(/*ErasedOnReboot=*/true, directory);
  llvm::SmallString<128> base(directory);
  llvm::sys::path::append(base, "concur-scan-code");
  out.directory = std::string(base);
  std::vector<std::pair<std::string, std::string>> virtual_files;
  std::vector<std::string> units;
  for (const auto& [name, content] : files) {
    llvm::SmallString<128> path(base);
    llvm::sys::path::append(path, name);
    virtual_files.emplace_back(std::string(path), content);
    out.sources[std::string(path)] = content;
    if (is_source_file(name)) units.push_back(std::string(path));
  }
  std::vector<std::string> with_include = args;
  with_include.push_back("-I" + std::string(base));
  FixedCompilationDatabase database(directory, with_include);
  // C files get the same flags with a C standard instead of a C++ one: the
  // caller's (`-std=c11`), else the dialect `cc` uses.
  std::vector<std::string> c_args;
  bool c_standard = false;
  for (const auto& arg : with_include) {
    const llvm::StringRef flag(arg);
    if (flag.starts_with("-std=") && flag.contains("++")) continue;
    c_standard |= flag.starts_with("-std=");
    c_args.push_back(arg);
  }
  if (!c_standard) c_args.push_back("-std=gnu17");
  FixedCompilationDatabase c_database(directory, c_args);
  const Vocabulary vocabulary(config);
  TuJob job;
  job.config = &config;
  job.vocabulary = &vocabulary;
  for (const auto& unit : units) {
    TuOutcome outcome = analyze_tu(unit, is_c_file(unit) ? c_database : database, job, virtual_files);
    const std::string name = llvm::sys::path::filename(unit).str();
    if (outcome.failed) {
      out.input_errors.push_back({name, outcome.compile_error});
      continue;
    }
    out.translation_units.push_back(unit);
    if (!outcome.compile_error.empty()) out.compile_errors.push_back({name, outcome.compile_error});
    out.tus.push_back(std::move(outcome.facts));
  }
  return out;
}

}  // namespace concur::analyzer_internal

namespace concur {

ScanResult scan_files(const std::map<std::string, std::string>& files,
                      const std::vector<std::string>& args, const AnalyzerConfig& config) {
  const auto started = std::chrono::steady_clock::now();
  InMemoryFacts extracted = extract_in_memory(files, args, config);
  ScanResult result;
  result.translation_units = std::move(extracted.translation_units);
  result.input_errors = std::move(extracted.input_errors);
  result.compile_errors = std::move(extracted.compile_errors);
  result.root = extracted.directory;
  ScanRequest request;
  request.config = config;
  finish(std::move(extracted.tus), config, request, result, &extracted.sources);
  result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

ScanResult scan_code(std::string_view code, const std::vector<std::string>& args,
                     const AnalyzerConfig& config, std::string_view file_name) {
  return scan_files({{std::string(file_name), std::string(code)}}, args, config);
}

std::string write_baseline(const std::string& path, const ScanResult& result) {
  if (auto error = write_baseline_file(path, result)) return llvm::toString(std::move(error));
  return {};
}

std::string dump_config(const ScanRequest& request, std::string& error) {
  std::vector<InputProblem> problems;
  const AnalyzerConfig config = effective_config(request, problems);
  if (!problems.empty()) {
    error = problems.front().reason;
    return {};
  }
  return effective_config_yaml(config);
}

}  // namespace concur

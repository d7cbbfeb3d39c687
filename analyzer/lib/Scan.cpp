// The scan driver: inputs -> compile commands -> one ClangTool per TU on a
// thread pool -> merged, deduplicated, fingerprinted findings.
#include "CompileFlags.h"
#include "Config.h"
#include "Fingerprint.h"
#include "ResultCache.h"
#include "TUAnalysis.h"
#include "concur/analyzer.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/Threading.h"

#include <algorithm>
#include <chrono>
#include <mutex>

using namespace clang;
using namespace clang::tooling;

namespace concur {
namespace {

bool isSourceFile(llvm::StringRef path) {
  const llvm::StringRef ext = llvm::sys::path::extension(path);
  return ext == ".c" || ext == ".cc" || ext == ".cpp" || ext == ".cxx" || ext == ".c++" ||
         ext == ".C" || ext == ".cp" || ext == ".CPP";
}

bool isCFile(llvm::StringRef path) { return llvm::sys::path::extension(path) == ".c"; }

std::string canonical(llvm::StringRef path) {
  llvm::SmallString<256> real;
  if (!llvm::sys::fs::real_path(path, real)) return std::string(real);
  real = path;
  llvm::sys::fs::make_absolute(real);
  llvm::sys::path::remove_dots(real, true);
  return std::string(real);
}

/// The deepest directory containing every file (paths already canonical).
std::string commonDirectory(const std::vector<std::string>& files) {
  std::string common = std::string(llvm::sys::path::parent_path(files.front()));
  for (const std::string& path : files) {
    while (!common.empty() && !(llvm::StringRef(path).starts_with(common) &&
                                (path.size() == common.size() || path[common.size()] == '/')))
      common = std::string(llvm::sys::path::parent_path(common));
  }
  return common.empty() ? "/" : common;
}

/// Why a file cannot be a TU, or empty when it can.
std::string unreadableReason(llvm::StringRef path) {
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
    if (level < DiagnosticsEngine::Error || !firstError.empty()) return;
    llvm::SmallString<256> text;
    info.FormatDiagnostic(text);
    if (info.hasSourceManager() && info.getLocation().isValid()) {
      const SourceManager& sm = info.getSourceManager();
      const PresumedLoc loc = sm.getPresumedLoc(info.getLocation());
      if (loc.isValid())
        firstError = std::string(llvm::sys::path::filename(loc.getFilename())) + ":" +
                     std::to_string(loc.getLine()) + ": ";
    }
    firstError += std::string(text);
  }
  std::string firstError;
};

class AnalysisActionFactory : public FrontendActionFactory {
public:
  AnalysisActionFactory(const AnalyzerOptions& options, std::vector<Finding>& out, unsigned& suppressed,
                        detail::TUInputs& inputs)
      : options_(options), out_(out), suppressed_(suppressed), inputs_(inputs) {}
  std::unique_ptr<FrontendAction> create() override {
    class Action : public ASTFrontendAction {
    public:
      explicit Action(AnalysisActionFactory& factory) : factory_(factory) {}
      std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance&, llvm::StringRef) override {
        return std::make_unique<detail::TUAnalysisConsumer>(factory_.options_, factory_.out_,
                                                            factory_.suppressed_, &factory_.inputs_);
      }

    private:
      AnalysisActionFactory& factory_;
    };
    return std::make_unique<Action>(*this);
  }

private:
  const AnalyzerOptions& options_;
  std::vector<Finding>& out_;
  unsigned& suppressed_;
  detail::TUInputs& inputs_;
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

struct TUOutcome {
  std::vector<Finding> findings;
  unsigned suppressed = 0;
  std::string compileError;  // first error, when the TU had any
  bool failed = false;       // no analysis at all
  bool fromCache = false;
  detail::TUInputs inputs;
};

TUOutcome analyzeTU(const std::string& file, const CompilationDatabase& allCommands,
                    const AnalyzerOptions& options, const std::vector<std::string>& appendedArgs = {},
                    const std::vector<std::pair<std::string, std::string>>& virtualFiles = {}) {
  TUOutcome outcome;
  const FirstCommandOnly database(allCommands);
  // ClangTool aborts the process when it cannot enter a command's directory.
  const std::vector<CompileCommand> commands = database.getCompileCommands(file);
  if (commands.empty()) {
    outcome.failed = true;
    outcome.compileError = "no compile command for it";
    return outcome;
  }
  for (const auto& command : commands)
    if (!llvm::sys::fs::is_directory(command.Directory)) {
      outcome.failed = true;
      outcome.compileError = "its compile command's directory '" + command.Directory +
                             "' does not exist";
      return outcome;
    }
  // ClangTool enters each command's directory. On the process-wide real file
  // system that is chdir(), which races between worker threads; a physical
  // file system of its own keeps a private working directory.
  ClangTool tool(database, {file}, std::make_shared<PCHContainerOperations>(),
                 llvm::vfs::createPhysicalFileSystem());
  for (const auto& [name, content] : virtualFiles) tool.mapVirtualFile(name, content);
  tool.setPrintErrorMessage(false);
  tool.clearArgumentsAdjusters();
  tool.appendArgumentsAdjuster(getClangStripOutputAdjuster());
  tool.appendArgumentsAdjuster(getClangStripDependencyFileAdjuster());
  tool.appendArgumentsAdjuster(getClangSyntaxOnlyAdjuster());
  if (!appendedArgs.empty())
    tool.appendArgumentsAdjuster(getInsertArgumentAdjuster(appendedArgs, ArgumentInsertPosition::END));
  tool.appendArgumentsAdjuster([](const CommandLineArguments& args, llvm::StringRef) {
    CommandLineArguments adjusted = args;
    detail::adjustForClang(adjusted);
    return adjusted;
  });
  ErrorCollector errors;
  tool.setDiagnosticConsumer(&errors);
  AnalysisActionFactory factory(options, outcome.findings, outcome.suppressed, outcome.inputs);
  const int status = tool.run(&factory);
  if (errors.getNumErrors() > 0) outcome.compileError = errors.firstError;
  if (status != 0 && errors.getNumErrors() == 0) {
    outcome.failed = true;
    outcome.compileError = "the compiler could not process it (no compile command?)";
  }
  return outcome;
}

/// analyzeTU through the result cache, when there is one.
TUOutcome analyzeCached(const std::string& file, const CompilationDatabase& database,
                        const AnalyzerOptions& options, const std::vector<std::string>& appendedArgs,
                        detail::ResultCache* cache) {
  if (!cache) return analyzeTU(file, database, options, appendedArgs);
  std::string key;
  for (const auto& command : database.getCompileCommands(file)) {
    std::vector<std::string> line = command.CommandLine;
    line.insert(line.end(), appendedArgs.begin(), appendedArgs.end());
    key = detail::ResultCache::keyFor(file, line, command.Directory, options);
    break;
  }
  if (key.empty()) return analyzeTU(file, database, options, appendedArgs);
  if (auto cached = cache->lookup(key)) {
    TUOutcome outcome;
    outcome.findings = std::move(cached->findings);
    outcome.suppressed = cached->suppressed;
    outcome.compileError = std::move(cached->compileError);
    outcome.inputs = std::move(cached->inputs);
    outcome.fromCache = true;
    return outcome;
  }
  TUOutcome outcome = analyzeTU(file, database, options, appendedArgs);
  if (!outcome.failed)
    cache->store(key, {outcome.findings, outcome.suppressed, outcome.compileError, outcome.inputs});
  return outcome;
}

bool isExcluded(const std::string& path, const ScanRequest& request) {
  return llvm::any_of(request.excludeGlobs,
                      [&](const std::string& glob) { return detail::globMatches(glob, path); });
}

bool findingLess(const Finding& a, const Finding& b) {
  return std::tie(a.where.file, a.where.line, a.where.column, a.check, a.message) <
         std::tie(b.where.file, b.where.line, b.where.column, b.check, b.message);
}

bool sameFinding(const Finding& a, const Finding& b) {
  return a.where.file == b.where.file && a.where.line == b.where.line &&
         a.where.column == b.where.column && a.check == b.check && a.message == b.message;
}

/// Merges per-TU outcomes: one finding per location and message however
/// many TUs include the header it is in.
void finish(ScanResult& result, const std::string& root) {
  result.root = root;
  std::sort(result.findings.begin(), result.findings.end(), findingLess);
  result.findings.erase(std::unique(result.findings.begin(), result.findings.end(), sameFinding),
                        result.findings.end());
  detail::assignFingerprints(result.findings, root);
}

}  // namespace

ScanResult scan(const ScanRequest& request) {
  const auto started = std::chrono::steady_clock::now();
  ScanResult result;
  std::unique_ptr<CompilationDatabase> database;
  std::unique_ptr<CompilationDatabase> cDatabase;  // without a compile database: C files
  std::vector<std::string> files;
  std::string root = request.root.empty() ? std::string() : canonical(request.root);

  auto inputError = [&](const std::string& input, const std::string& reason) {
    result.inputErrors.push_back({input, reason});
  };

  // Resolve the paths the user named.
  std::vector<std::string> filters;
  for (const auto& path : request.paths) {
    if (!llvm::sys::fs::exists(path)) {
      inputError(path, "no such file or directory");
      continue;
    }
    filters.push_back(canonical(path));
  }

  if (!request.compileCommands.empty()) {
    std::string jsonPath = request.compileCommands;
    if (llvm::sys::fs::is_directory(jsonPath)) {
      llvm::SmallString<256> joined(jsonPath);
      llvm::sys::path::append(joined, "compile_commands.json");
      jsonPath = std::string(joined);
    }
    if (!llvm::sys::fs::exists(jsonPath)) {
      inputError(jsonPath, "no such file (expected a compile_commands.json)");
      return result;
    }
    std::string error;
    database = JSONCompilationDatabase::loadFromFile(jsonPath, error, JSONCommandLineSyntax::AutoDetect);
    if (!database) {
      inputError(jsonPath, "not a usable compile database: " + error);
      return result;
    }
    const std::string databaseDirectory = canonical(llvm::sys::path::parent_path(canonical(jsonPath)));
    std::vector<bool> filterUsed(filters.size(), false);
    std::vector<std::string> canonicalFiles;  // files, resolved once
    llvm::StringSet<> seen;
    for (const auto& file : database->getAllFiles()) {
      const std::string path = canonical(file);
      bool keep = filters.empty() && request.paths.empty();
      for (size_t i = 0; i < filters.size(); ++i) {
        const llvm::StringRef filter = filters[i];
        if (path == filter || (llvm::StringRef(path).starts_with(filter) &&
                               path.size() > filter.size() && path[filter.size()] == '/')) {
          keep = true;
          filterUsed[i] = true;
        }
      }
      if (keep && seen.insert(file).second) {
        files.push_back(file);
        canonicalFiles.push_back(path);
      }
    }
    for (size_t i = 0; i < filters.size(); ++i)
      if (!filterUsed[i]) inputError(filters[i], "not in the compile database");
    // Report paths relative to the source tree: the deepest directory that
    // holds every TU (an out-of-tree build directory holds none of them).
    if (root.empty()) root = files.empty() ? databaseDirectory : commonDirectory(canonicalFiles);
    if (files.empty() && result.inputErrors.empty())
      inputError(jsonPath, "the compile database lists no translation units");
  } else {
    if (request.paths.empty()) {
      inputError(".", "no paths to scan (name files or directories, or use -p BUILD_DIR)");
      return result;
    }
    for (const auto& path : filters) {
      if (llvm::sys::fs::is_directory(path)) {
        if (root.empty()) root = path;
        std::error_code ec;
        size_t before = files.size();
        for (llvm::sys::fs::recursive_directory_iterator it(path, ec), end; it != end && !ec;
             it.increment(ec)) {
          if (isSourceFile(it->path()) && llvm::sys::fs::is_regular_file(it->path()))
            files.push_back(canonical(it->path()));
        }
        if (ec) inputError(path, "cannot read directory: " + ec.message());
        else if (files.size() == before) inputError(path, "no C or C++ source files under this directory");
      } else {
        if (root.empty()) root = canonical(llvm::sys::path::parent_path(path));
        files.push_back(path);
      }
    }
    std::sort(files.begin(), files.end());
    files.erase(std::unique(files.begin(), files.end()), files.end());
    std::vector<std::string> cxxArgs = {"-x", "c++", "-std=c++20", "-I" + root};
    std::vector<std::string> cArgs = {"-x", "c", "-std=c17", "-I" + root};
    cxxArgs.insert(cxxArgs.end(), request.extraArgs.begin(), request.extraArgs.end());
    cArgs.insert(cArgs.end(), request.extraArgs.begin(), request.extraArgs.end());
    database = std::make_unique<FixedCompilationDatabase>(root, cxxArgs);
    cDatabase = std::make_unique<FixedCompilationDatabase>(root, cArgs);
  }
  // With a compile database, flags after `--` are appended to each command.
  std::vector<std::string> appendedArgs;
  if (!request.compileCommands.empty()) appendedArgs = request.extraArgs;

  if (!request.excludeGlobs.empty()) {
    llvm::erase_if(files, [&](const std::string& file) { return isExcluded(canonical(file), request); });
  }
  if (request.shardCount > 1) {
    // Deterministic: the same sorted TU list is dealt round-robin on every machine.
    std::sort(files.begin(), files.end());
    std::vector<std::string> share;
    for (size_t i = 0; i < files.size(); ++i)
      if (i % request.shardCount == request.shardIndex - 1) share.push_back(files[i]);
    files = std::move(share);
  }

  std::unique_ptr<detail::ResultCache> cache;
  if (!request.cacheDirectory.empty()) {
    auto opened = detail::ResultCache::open(request.cacheDirectory);
    if (opened) cache = std::move(*opened);
    else inputError(request.cacheDirectory, llvm::toString(opened.takeError()) + "; scanning without a cache");
  }

  // Inputs that cannot be a TU are reported, not parsed.
  std::vector<std::string> analyzable;
  for (const auto& file : files) {
    const std::string reason = unreadableReason(file);
    if (reason.empty()) analyzable.push_back(file);
    else inputError(file, reason);
  }

  std::mutex merge;
  unsigned done = 0;
  const unsigned jobs = request.jobs ? request.jobs : llvm::hardware_concurrency().compute_thread_count();
  {
    llvm::DefaultThreadPool pool(llvm::hardware_concurrency(jobs));
    for (const auto& file : analyzable) {
      pool.async([&, file] {
        const CompilationDatabase& db = (cDatabase && isCFile(file)) ? *cDatabase : *database;
        TUOutcome outcome = analyzeCached(file, db, request.options, appendedArgs, cache.get());
        std::lock_guard<std::mutex> lock(merge);
        result.cachedTranslationUnits += outcome.fromCache;
        for (auto& path : outcome.inputs.userFiles) result.filesAnalyzed.push_back(std::move(path));
        if (outcome.failed) {
          result.inputErrors.push_back({file, outcome.compileError});
        } else {
          result.translationUnits.push_back(file);
          if (!outcome.compileError.empty())
            result.compileErrors.push_back({file, outcome.compileError});
        }
        for (auto& finding : outcome.findings) result.findings.push_back(std::move(finding));
        result.suppressed += outcome.suppressed;
        ++done;
        // The contract promises serialized calls, so the callback runs under
        // the merge lock by design; it must not call back into scan().
        if (request.progress)
          request.progress(request.progressContext, done, analyzable.size(), file);  // NOLINT(concur-locked-callback)
      });
    }
    pool.wait();
  }
  std::sort(result.translationUnits.begin(), result.translationUnits.end());
  std::sort(result.filesAnalyzed.begin(), result.filesAnalyzed.end());
  result.filesAnalyzed.erase(std::unique(result.filesAnalyzed.begin(), result.filesAnalyzed.end()),
                             result.filesAnalyzed.end());
  auto byInput = [](const InputProblem& a, const InputProblem& b) { return a.input < b.input; };
  std::sort(result.compileErrors.begin(), result.compileErrors.end(), byInput);
  if (!request.excludeGlobs.empty())
    llvm::erase_if(result.findings,
                   [&](const Finding& finding) { return isExcluded(finding.where.file, request); });
  finish(result, root);
  result.wallSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

ScanResult scanCode(std::string_view code, const std::vector<std::string>& args,
                    const AnalyzerOptions& options, std::string_view fileName) {
  const auto started = std::chrono::steady_clock::now();
  ScanResult result;
  // The source lives only in memory, in a directory that need not exist; the
  // compile command runs in the temporary directory, which does.
  llvm::SmallString<128> directory;
  llvm::sys::path::system_temp_directory(/*ErasedOnReboot=*/true, directory);
  llvm::SmallString<128> path(directory);
  llvm::sys::path::append(path, "concur-scan-code", llvm::StringRef(fileName.data(), fileName.size()));
  FixedCompilationDatabase database(directory, args);
  TUOutcome outcome = analyzeTU(std::string(path), database, options, {},
                                {{std::string(path), std::string(code)}});
  if (outcome.failed) result.inputErrors.push_back({std::string(fileName), outcome.compileError});
  else result.translationUnits.push_back(std::string(path));
  if (!outcome.compileError.empty() && !outcome.failed)
    result.compileErrors.push_back({std::string(fileName), outcome.compileError});
  result.findings = std::move(outcome.findings);
  result.suppressed = outcome.suppressed;
  finish(result, std::string(llvm::sys::path::parent_path(path)));
  result.wallSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace concur

// concur: the command line. `concur scan`, `concur checks`, `concur explain`.
//
// Exit codes: 0 no findings, 1 findings, 2 usage or input error (results of
// the TUs that were analyzed are still written).
#include "Baseline.h"
#include "Config.h"
#include "concur/analyzer.h"
#include "report/Reporters.h"

#include "FindingsJson.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <fmt/format.h>

#include <chrono>
#include <memory>
#include <optional>

namespace cl = llvm::cl;

namespace {

constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitUsage = 2;

cl::OptionCategory scanCategory("concur scan options");

cl::SubCommand scanCommand("scan", "Scan C/C++ sources for concurrency hazards");
cl::SubCommand checksCommand("checks", "List the checks, one line each");
cl::SubCommand explainCommand("explain", "Print the documentation of a check");
cl::SubCommand mergeCommand("merge",
                            "Merge SARIF reports of several concur runs (CI shards) into one report");

cl::list<std::string> scanPaths(cl::Positional, cl::desc("[PATH...] [-- COMPILER FLAGS...]"),
                                cl::sub(scanCommand));
cl::opt<std::string> buildDir("p", cl::desc("Build directory holding compile_commands.json"),
                              cl::value_desc("BUILD_DIR"), cl::sub(scanCommand),
                              cl::cat(scanCategory));
cl::opt<std::string> compileCommands("compile-commands",
                                     cl::desc("Path of a compile_commands.json"),
                                     cl::value_desc("FILE"), cl::sub(scanCommand),
                                     cl::cat(scanCategory));
cl::list<std::string> formats("format",
                              cl::desc("Report format: text, json, sarif, markdown or html. Repeat "
                                       "with --output to write several reports in one run"),
                              cl::value_desc("FORMAT"), cl::sub(scanCommand), cl::sub(mergeCommand),
                              cl::cat(scanCategory));
cl::list<std::string> outputs("output",
                              cl::desc("Write the report of the preceding --format to FILE ('-' "
                                       "is standard output)"),
                              cl::value_desc("FILE"), cl::sub(scanCommand), cl::sub(mergeCommand),
                              cl::cat(scanCategory));
cl::alias outputAlias("o", cl::desc("Alias for --output"), cl::aliasopt(outputs));
cl::opt<std::string> checkGlobs("checks",
                                cl::desc("Comma-separated globs of checks to run; '-' disables "
                                         "(clang-tidy style), e.g. '*,-concur-locked-callback'"),
                                cl::init("*"), cl::sub(scanCommand), cl::cat(scanCategory));
cl::opt<unsigned> jobs("j", cl::desc("Translation units analyzed in parallel (default: cores)"), cl::Prefix,
                       cl::init(0), cl::sub(scanCommand), cl::cat(scanCategory));
cl::opt<bool> quiet("quiet", cl::desc("No progress line and no text report on standard output "
                                      "when reports go to files"),
                    cl::sub(scanCommand), cl::cat(scanCategory));
cl::opt<std::string> rootDir("root",
                             cl::desc("Report paths relative to this directory (default: the "
                                      "scanned directory or the compile database's directory)"),
                             cl::value_desc("DIR"), cl::sub(scanCommand), cl::cat(scanCategory));
cl::opt<std::string> failOn("fail-on",
                            cl::desc("Lowest severity that makes the exit code 1: note (default), "
                                     "warning, error or never"),
                            cl::init("note"), cl::value_desc("SEVERITY"), cl::sub(scanCommand),
                            cl::sub(mergeCommand), cl::cat(scanCategory));
cl::opt<std::string> baselinePath("baseline",
                                  cl::desc("Report and fail only on findings not in this baseline"),
                                  cl::value_desc("FILE"), cl::sub(scanCommand), cl::cat(scanCategory));
cl::opt<std::string> writeBaselinePath("write-baseline",
                                       cl::desc("Record the current findings as a baseline"),
                                       cl::value_desc("FILE"), cl::sub(scanCommand),
                                       cl::cat(scanCategory));
cl::opt<std::string> configPath("config",
                                cl::desc("Settings file (default: the nearest .concur.yaml above the "
                                         "first scanned path)"),
                                cl::value_desc("FILE"), cl::sub(scanCommand), cl::cat(scanCategory));
cl::opt<std::string> cacheDir("cache-dir",
                              cl::desc("Keep per-TU results here; unchanged TUs are not parsed again"),
                              cl::value_desc("DIR"), cl::sub(scanCommand), cl::cat(scanCategory));
cl::opt<std::string> shard("shard",
                           cl::desc("Scan only share K of N (1-based), e.g. --shard 2/4 in the second "
                                    "of four CI jobs; merge their SARIF with 'concur merge'"),
                           cl::value_desc("K/N"), cl::sub(scanCommand), cl::cat(scanCategory));
cl::list<std::string> mergeInputs(cl::Positional, cl::desc("REPORT.sarif..."), cl::sub(mergeCommand));
cl::opt<std::string> explainCheck(cl::Positional, cl::desc("CHECK"), cl::sub(explainCommand));

void error(const std::string& message) {
  llvm::WithColor::error(llvm::errs(), "concur") << message << "\n";
}

enum class Format { Text, Json, Sarif, Markdown, Html };

std::optional<Format> parseFormat(llvm::StringRef name) {
  if (name == "text") return Format::Text;
  if (name == "json") return Format::Json;
  if (name == "sarif") return Format::Sarif;
  if (name == "markdown" || name == "md") return Format::Markdown;
  if (name == "html") return Format::Html;
  return std::nullopt;
}

Format formatFromExtension(llvm::StringRef path) {
  const llvm::StringRef ext = llvm::sys::path::extension(path);
  if (ext == ".sarif") return Format::Sarif;
  if (ext == ".json") return Format::Json;
  if (ext == ".md") return Format::Markdown;
  if (ext == ".html" || ext == ".htm") return Format::Html;
  return Format::Text;
}

struct Destination {
  Format format;
  std::string path;  // "-" is standard output
  std::unique_ptr<llvm::raw_fd_ostream> file;
};

/// Pairs each --output with the --format written before it; formats with no
/// output after them go to standard output.
std::optional<std::vector<Destination>> planOutputs() {
  std::vector<Destination> plan;
  size_t nextFormat = 0;
  std::optional<Format> pending;
  auto takeFormatsBefore = [&](unsigned position) -> bool {
    while (nextFormat < formats.size() && formats.getPosition(nextFormat) < position) {
      auto format = parseFormat(formats[nextFormat]);
      if (!format) {
        error(fmt::format("unknown format '{}' (expected text, json, sarif, markdown or html)",
                          formats[nextFormat]));
        return false;
      }
      if (pending) plan.push_back({*pending, "-", nullptr});
      pending = format;
      ++nextFormat;
    }
    return true;
  };
  for (size_t i = 0; i < outputs.size(); ++i) {
    if (!takeFormatsBefore(outputs.getPosition(i))) return std::nullopt;
    plan.push_back({pending ? *pending : formatFromExtension(outputs[i]), outputs[i], nullptr});
    pending.reset();
  }
  if (!takeFormatsBefore(~0u)) return std::nullopt;
  if (pending) plan.push_back({*pending, "-", nullptr});
  const bool anyStdout = llvm::any_of(plan, [](const Destination& d) { return d.path == "-"; });
  if (!anyStdout && !quiet) plan.push_back({Format::Text, "-", nullptr});
  return plan;
}

void showProgress(void* context, unsigned done, unsigned total, const std::string& file) {
  const auto* started = static_cast<std::chrono::steady_clock::time_point*>(context);
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - *started).count();
  std::string name = llvm::sys::path::filename(file).str();
  llvm::errs() << fmt::format("\r\x1b[K[{}/{}] {:.0f}s {}", done, total, elapsed, name);
  if (done == total) llvm::errs() << "\r\x1b[K";
  llvm::errs().flush();
}

/// Opens every report file before any work: a typo in --output must not
/// cost a scan.
bool openOutputs(std::vector<Destination>& plan) {
  for (auto& destination : plan) {
    if (destination.path == "-") continue;
    std::error_code ec;
    destination.file = std::make_unique<llvm::raw_fd_ostream>(destination.path, ec);
    if (ec) {
      error(fmt::format("cannot write '{}': {}", destination.path, ec.message()));
      return false;
    }
  }
  return true;
}

/// Writes every planned report; false when one could not be written.
bool writeReports(std::vector<Destination>& plan, const concur::ScanResult& result,
                  const concur::detail::ReportSettings& base) {
  // Text is for a terminal: paths relative to the working directory, like a
  // compiler. The other formats are relative to the scan root.
  llvm::SmallString<256> cwd;
  llvm::sys::fs::current_path(cwd);
  bool ok = true;
  for (auto& destination : plan) {
    llvm::raw_ostream& os = destination.file ? *destination.file : llvm::outs();
    concur::detail::ReportSettings these = base;
    these.root = destination.format == Format::Text ? std::string(cwd) : result.root;
    these.color = !destination.file && llvm::outs().has_colors() && destination.format == Format::Text;
    switch (destination.format) {
      case Format::Text: concur::detail::writeText(os, result, these); break;
      case Format::Json: concur::detail::writeJson(os, result, these); break;
      case Format::Sarif: concur::detail::writeSarif(os, result, these); break;
      case Format::Markdown: concur::detail::writeMarkdown(os, result, these); break;
      case Format::Html: concur::detail::writeHtml(os, result, these); break;
    }
    os.flush();
    if (destination.file && destination.file->has_error()) {
      error(fmt::format("cannot write '{}': {}", destination.path,
                        destination.file->error().message()));
      destination.file->clear_error();
      ok = false;
    }
  }
  return ok;
}

std::optional<concur::Severity> failThreshold(bool& never) {
  never = failOn == "never";
  if (never) return concur::Severity::Note;
  auto severity = concur::detail::parseSeverity(failOn);
  if (!severity) error(fmt::format("--fail-on={} is not note, warning, error or never", failOn.getValue()));
  return severity;
}

int exitCodeFor(const concur::ScanResult& result, concur::Severity threshold, bool never) {
  if (!result.inputErrors.empty()) return kExitUsage;
  if (never) return kExitClean;
  for (const auto& finding : result.findings)
    if (finding.severity >= threshold) return kExitFindings;
  return kExitClean;
}

bool parseShard(concur::ScanRequest& request) {
  if (shard.empty()) return true;
  unsigned k = 0, n = 0;
  auto [left, right] = llvm::StringRef(shard).split('/');
  if (left.getAsInteger(10, k) || right.getAsInteger(10, n) || n == 0 || k == 0 || k > n) {
    error(fmt::format("--shard {} is not K/N with 1 <= K <= N (e.g. --shard 2/4)", shard.getValue()));
    return false;
  }
  request.shardIndex = k;
  request.shardCount = n;
  return true;
}

int runScan(const std::vector<std::string>& extraArgs) {
  if (!buildDir.empty() && !compileCommands.empty()) {
    error("-p and --compile-commands name the same thing; give one");
    return kExitUsage;
  }
  bool never = false;
  auto threshold = failThreshold(never);
  if (!threshold) return kExitUsage;

  concur::ScanRequest request;
  request.paths.assign(scanPaths.begin(), scanPaths.end());
  request.compileCommands = !buildDir.empty() ? buildDir.getValue() : compileCommands.getValue();
  request.extraArgs = extraArgs;
  request.options.checks = checkGlobs;
  request.jobs = jobs;
  request.root = rootDir;
  request.cacheDirectory = cacheDir;
  if (!parseShard(request)) return kExitUsage;

  std::optional<concur::detail::Config> config;
  std::optional<std::string> configFile;
  if (!configPath.empty()) configFile = configPath.getValue();
  else configFile = concur::detail::findConfigUpward(
      !request.paths.empty() ? request.paths.front() : request.compileCommands.empty() ? "." : request.compileCommands);
  if (configFile) {
    auto loaded = concur::detail::loadConfig(*configFile);
    if (!loaded) {
      error(llvm::toString(loaded.takeError()));
      return kExitUsage;
    }
    config = std::move(*loaded);
    concur::detail::applyConfig(*config, request);
    if (checkGlobs.getNumOccurrences() > 0) request.options.checks += "," + checkGlobs.getValue();
  }

  bool anyCheck = false;
  for (const auto& check : concur::allChecks())
    anyCheck = anyCheck || concur::isCheckEnabled(request.options.checks, check.id);
  if (!anyCheck) {
    error(fmt::format("--checks='{}' enables no check (see 'concur checks')", request.options.checks));
    return kExitUsage;
  }

  std::optional<concur::detail::Baseline> baseline;
  if (!baselinePath.empty()) {
    auto loaded = concur::detail::readBaseline(baselinePath);
    if (!loaded) {
      error(llvm::toString(loaded.takeError()));
      return kExitUsage;
    }
    baseline = std::move(*loaded);
  }
  auto plan = planOutputs();
  if (!plan || !openOutputs(*plan)) return kExitUsage;

  auto started = std::chrono::steady_clock::now();
  if (!quiet && llvm::sys::Process::StandardErrIsDisplayed()) {
    request.progress = showProgress;
    request.progressContext = &started;
  }
  concur::ScanResult result = concur::scan(request);
  if (config) concur::detail::applyConfig(*config, result);

  bool ok = true;
  if (!writeBaselinePath.empty()) {
    if (auto failure = concur::detail::writeBaseline(writeBaselinePath, result)) {
      error(llvm::toString(std::move(failure)));
      ok = false;
    }
  }
  concur::detail::ReportSettings settings;
  if (baseline) {
    const auto outcome = concur::detail::applyBaseline(result, *baseline);
    settings.baselineKnown = static_cast<int>(outcome.known);
    settings.baselineFixed = static_cast<int>(outcome.fixed);
  }
  ok = writeReports(*plan, result, settings) && ok;
  if (baseline)
    llvm::errs() << fmt::format("concur: baseline {}: {} known finding{} not reported, {} entr{} now "
                                "fixed\n",
                                baselinePath.getValue(), settings.baselineKnown,
                                settings.baselineKnown == 1 ? "" : "s", settings.baselineFixed,
                                settings.baselineFixed == 1 ? "y" : "ies");
  for (const auto& problem : result.inputErrors)
    error(fmt::format("{}: {}", problem.input, problem.reason));
  if (!ok) return kExitUsage;
  return exitCodeFor(result, *threshold, never);
}

int runMerge() {
  bool never = false;
  auto threshold = failThreshold(never);
  if (!threshold) return kExitUsage;
  if (mergeInputs.empty()) {
    error("name the SARIF reports to merge: concur merge a.sarif b.sarif --output all.sarif");
    return kExitUsage;
  }
  auto plan = planOutputs();
  if (!plan || !openOutputs(*plan)) return kExitUsage;
  concur::ScanResult merged;
  for (const auto& input : mergeInputs) {
    auto part = concur::detail::readSarif(input);
    if (!part) {
      error(llvm::toString(part.takeError()));
      return kExitUsage;
    }
    if (merged.root.empty()) merged.root = part->root;
    for (auto& finding : part->findings) merged.findings.push_back(std::move(finding));
    for (auto& tu : part->translationUnits) merged.translationUnits.push_back(std::move(tu));
    merged.suppressed += part->suppressed;
    merged.wallSeconds = std::max(merged.wallSeconds, part->wallSeconds);
  }
  // A header finding seen by TUs of two shards is the same finding.
  auto key = [](const concur::Finding& f) {
    return std::tie(f.where.file, f.where.line, f.where.column, f.check, f.message);
  };
  std::sort(merged.findings.begin(), merged.findings.end(),
            [&](const auto& a, const auto& b) { return key(a) < key(b); });
  merged.findings.erase(std::unique(merged.findings.begin(), merged.findings.end(),
                                    [&](const auto& a, const auto& b) { return key(a) == key(b); }),
                        merged.findings.end());
  std::sort(merged.translationUnits.begin(), merged.translationUnits.end());
  merged.translationUnits.erase(
      std::unique(merged.translationUnits.begin(), merged.translationUnits.end()),
      merged.translationUnits.end());
  if (!writeReports(*plan, merged, {})) return kExitUsage;
  return exitCodeFor(merged, *threshold, never);
}

int runChecks() {
  for (const auto& check : concur::allChecks())
    llvm::outs() << fmt::format("{:<28} {}\n", check.id, check.summary);
  return kExitClean;
}

int runExplain() {
  for (const auto& check : concur::allChecks())
    if (check.id == explainCheck.getValue() || "concur-" + explainCheck.getValue() == check.id) {
      llvm::outs() << check.doc;
      return kExitClean;
    }
  error(explainCheck.empty() ? "name a check: concur explain CHECK (see 'concur checks')"
                             : fmt::format("no check named '{}' (see 'concur checks')",
                                           explainCheck.getValue()));
  return kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  // Everything after `--` is compiler flags for the TUs, not concur options.
  std::vector<const char*> ours;
  std::vector<std::string> extraArgs;
  bool afterDashes = false;
  for (int i = 0; i < argc; ++i) {
    if (!afterDashes && i > 0 && llvm::StringRef(argv[i]) == "--") {
      afterDashes = true;
      continue;
    }
    if (afterDashes) extraArgs.push_back(argv[i]);
    else ours.push_back(argv[i]);
  }
  cl::SetVersionPrinter([](llvm::raw_ostream& os) { os << "concur " << concur::version() << "\n"; });
  cl::HideUnrelatedOptions({&scanCategory});
  std::string parseErrors;
  llvm::raw_string_ostream errorStream(parseErrors);
  if (!cl::ParseCommandLineOptions(
          static_cast<int>(ours.size()), ours.data(),
          "concur: finds concurrency hazards in C++ code\n\n"
          "  concur scan [-p BUILD_DIR] [PATH...] [--format F [--output FILE]]... [-- FLAGS]\n"
          "  concur checks\n"
          "  concur explain CHECK\n"
          "  concur merge REPORT.sarif... [--format F [--output FILE]]...\n\n"
          "Exit codes: 0 no findings, 1 findings, 2 usage or input error.\n",
          &errorStream)) {
    llvm::errs() << errorStream.str();
    return kExitUsage;
  }
  if (scanCommand) return runScan(extraArgs);
  if (checksCommand) return runChecks();
  if (explainCommand) return runExplain();
  if (mergeCommand) return runMerge();
  error("no command given: concur scan|checks|explain (see concur --help)");
  return kExitUsage;
}

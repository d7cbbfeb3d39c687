// concur: the command line. It parses arguments into a ScanRequest, calls
// the library, and prints; everything else happens in concur::scan.
//
// Exit codes: 0 no findings, 1 findings, 2 usage or input error, or TUs that
// were not (fully) analyzed (the results of the rest are still written).
#include "concur/analyzer.h"
#include "report/FindingsJson.h"
#include "report/Reporters.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <fmt/format.h>

#include <chrono>
#include <memory>
#include <optional>

namespace cl = llvm::cl;
namespace internal = concur::analyzer_internal;

namespace {

constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitUsage = 2;

cl::OptionCategory scan_category("concur scan options");

cl::SubCommand scan_command("scan", "Scan C/C++ sources for concurrency hazards");
cl::SubCommand checks_command("checks", "List the checks, one line each");
cl::SubCommand explain_command("explain", "Print the documentation of a check");
cl::SubCommand merge_command("merge",
                             "Run the project phase over the facts of sharded scans (or merge SARIF "
                             "reports) and write one report");

cl::list<std::string> scan_paths(cl::Positional, cl::desc("[PATH...] [-- COMPILER FLAGS...]"),
                                 cl::sub(scan_command));
cl::opt<std::string> build_dir("p", cl::desc("Build directory holding compile_commands.json"),
                               cl::value_desc("BUILD_DIR"), cl::sub(scan_command), cl::cat(scan_category));
cl::opt<std::string> compile_commands("compile-commands", cl::desc("Path of a compile_commands.json"),
                                      cl::value_desc("FILE"), cl::sub(scan_command), cl::cat(scan_category));
cl::list<std::string> formats("format",
                              cl::desc("Report format: text, json, sarif, markdown or html. Repeat "
                                       "with --output to write several reports in one run"),
                              cl::value_desc("FORMAT"), cl::sub(scan_command), cl::sub(merge_command),
                              cl::cat(scan_category));
cl::list<std::string> outputs("output",
                              cl::desc("Write the report of the preceding --format to FILE ('-' "
                                       "is standard output)"),
                              cl::value_desc("FILE"), cl::sub(scan_command), cl::sub(merge_command),
                              cl::cat(scan_category));
cl::alias output_alias("o", cl::desc("Alias for --output"), cl::aliasopt(outputs));
cl::opt<std::string> check_globs("checks",
                                 cl::desc("Comma-separated globs of checks to run; '-' disables "
                                          "(clang-tidy style), e.g. '*,-concur-locked-callback'"),
                                 cl::sub(scan_command), cl::sub(merge_command), cl::cat(scan_category));
cl::opt<unsigned> jobs("j", cl::desc("Threads: translation units analyzed (scan) or read from facts "
                                     "files (merge) in parallel, and the project phase's lock flows "
                                     "(default: cores)"),
                       cl::Prefix, cl::init(0), cl::sub(scan_command), cl::sub(merge_command),
                       cl::cat(scan_category));
cl::opt<bool> quiet("quiet", cl::desc("No progress line and no text report on standard output "
                                      "when reports go to files"),
                    cl::sub(scan_command), cl::sub(merge_command), cl::cat(scan_category));
cl::opt<std::string> root_dir("root",
                              cl::desc("Report paths relative to this directory (default: the "
                                       "scanned directory or the compile database's directory)"),
                              cl::value_desc("DIR"), cl::sub(scan_command), cl::sub(merge_command),
                              cl::cat(scan_category));
cl::opt<std::string> fail_on("fail-on",
                             cl::desc("Lowest severity that makes the exit code 1: note (default), "
                                      "warning, error or never"),
                             cl::init("note"), cl::value_desc("SEVERITY"), cl::sub(scan_command),
                             cl::sub(merge_command), cl::cat(scan_category));
cl::opt<bool> allow_compile_errors(
    "allow-compile-errors",
    cl::desc("Do not exit with 2 when some TUs had compile errors (they are still listed)"),
    cl::sub(scan_command), cl::sub(merge_command), cl::cat(scan_category));
cl::opt<std::string> baseline_path("baseline",
                                   cl::desc("Report and fail only on findings not in this baseline"),
                                   cl::value_desc("FILE"), cl::sub(scan_command), cl::sub(merge_command),
                                   cl::cat(scan_category));
cl::opt<std::string> write_baseline_path("write-baseline",
                                         cl::desc("Record the current findings as a baseline"),
                                         cl::value_desc("FILE"), cl::sub(scan_command),
                                         cl::sub(merge_command), cl::cat(scan_category));
cl::opt<std::string> config_path("config",
                                 cl::desc("Settings file (default: the nearest .concur.yaml above the "
                                          "first scanned path)"),
                                 cl::value_desc("FILE"), cl::sub(scan_command), cl::sub(merge_command),
                                 cl::cat(scan_category));
cl::opt<bool> dump_config_flag("dump-config",
                               cl::desc("Print the effective configuration as .concur.yaml and exit"),
                               cl::sub(scan_command), cl::cat(scan_category));
cl::opt<std::string> cache_dir("cache-dir",
                               cl::desc("Keep per-TU facts here; unchanged TUs are not parsed again"),
                               cl::value_desc("DIR"), cl::sub(scan_command), cl::cat(scan_category));
cl::opt<std::string> shard("shard",
                           cl::desc("Scan only share K of N (1-based), e.g. --shard 2/4 in the second "
                                    "of four CI jobs; writes facts (--facts) for 'concur merge'"),
                           cl::value_desc("K/N"), cl::sub(scan_command), cl::cat(scan_category));
cl::opt<std::string> facts_path("facts", cl::desc("Write the scan's facts to FILE (for concur merge)"),
                                cl::value_desc("FILE"), cl::sub(scan_command), cl::cat(scan_category));
cl::opt<double> tu_timeout("tu-timeout",
                           cl::desc("Seconds one TU may take before it is listed as not analyzed "
                                    "(default 300; 0: no limit)"),
                           cl::init(300), cl::value_desc("SECONDS"), cl::sub(scan_command),
                           cl::cat(scan_category));
cl::opt<bool> parse_system_bodies("parse-system-bodies",
                                  cl::desc("Parse function bodies in system headers too (slower; "
                                           "the findings are the same)"),
                                  cl::sub(scan_command), cl::cat(scan_category));
cl::list<std::string> merge_inputs(cl::Positional, cl::desc("FACTS-OR-SARIF..."), cl::sub(merge_command));
cl::opt<std::string> explain_check(cl::Positional, cl::desc("CHECK"), cl::sub(explain_command));

void error(const std::string& message) {
  llvm::WithColor::error(llvm::errs(), "concur") << message << "\n";
}

enum class Format { text, json, sarif, markdown, html };

std::optional<Format> parse_format(llvm::StringRef name) {
  if (name == "text") return Format::text;
  if (name == "json") return Format::json;
  if (name == "sarif") return Format::sarif;
  if (name == "markdown" || name == "md") return Format::markdown;
  if (name == "html") return Format::html;
  return std::nullopt;
}

Format format_from_extension(llvm::StringRef path) {
  const llvm::StringRef ext = llvm::sys::path::extension(path);
  if (ext == ".sarif") return Format::sarif;
  if (ext == ".json") return Format::json;
  if (ext == ".md") return Format::markdown;
  if (ext == ".html" || ext == ".htm") return Format::html;
  return Format::text;
}

struct Destination {
  Format format;
  std::string path;  // "-" is standard output
  std::unique_ptr<llvm::raw_fd_ostream> file;
};

/// Pairs each --output with the --format written before it; formats with no
/// output after them go to standard output.
std::optional<std::vector<Destination>> plan_outputs() {
  std::vector<Destination> plan;
  size_t next_format = 0;
  std::optional<Format> pending;
  auto take_formats_before = [&](unsigned position) -> bool {
    while (next_format < formats.size() && formats.getPosition(next_format) < position) {
      auto format = parse_format(formats[next_format]);
      if (!format) {
        error(fmt::format("unknown format '{}' (expected text, json, sarif, markdown or html)",
                          formats[next_format]));
        return false;
      }
      if (pending) plan.push_back({*pending, "-", nullptr});
      pending = format;
      ++next_format;
    }
    return true;
  };
  for (size_t i = 0; i < outputs.size(); ++i) {
    if (!take_formats_before(outputs.getPosition(i))) return std::nullopt;
    plan.push_back({pending ? *pending : format_from_extension(outputs[i]), outputs[i], nullptr});
    pending.reset();
  }
  if (!take_formats_before(~0u)) return std::nullopt;
  if (pending) plan.push_back({*pending, "-", nullptr});
  const bool any_stdout = llvm::any_of(plan, [](const Destination& d) { return d.path == "-"; });
  if (!any_stdout && !quiet) plan.push_back({Format::text, "-", nullptr});
  return plan;
}

void show_progress(void* context, unsigned done, unsigned total, const std::string& file) {
  const auto* started = static_cast<std::chrono::steady_clock::time_point*>(context);
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - *started).count();
  llvm::errs() << fmt::format("\r\x1b[K[{}/{}] {:.0f}s {}", done, total, elapsed,
                              llvm::sys::path::filename(file).str());
  if (done == total) llvm::errs() << "\r\x1b[K";
  llvm::errs().flush();
}

/// Opens every report file before any work: a typo in --output must not cost a scan.
bool open_outputs(std::vector<Destination>& plan) {
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
bool write_reports(std::vector<Destination>& plan, const concur::ScanResult& result) {
  // Text is for a terminal: paths relative to the working directory, like a
  // compiler. The other formats are relative to the scan root.
  llvm::SmallString<256> cwd;
  llvm::sys::fs::current_path(cwd);
  bool ok = true;
  for (auto& destination : plan) {
    llvm::raw_ostream& os = destination.file ? *destination.file : llvm::outs();
    internal::ReportSettings settings;
    settings.root = destination.format == Format::text ? std::string(cwd) : result.root;
    settings.color = !destination.file && llvm::outs().has_colors() && destination.format == Format::text;
    switch (destination.format) {
      case Format::text: internal::write_text(os, result, settings); break;
      case Format::json: internal::write_json(os, result, settings); break;
      case Format::sarif: internal::write_sarif(os, result, settings); break;
      case Format::markdown: internal::write_markdown(os, result, settings); break;
      case Format::html: internal::write_html(os, result, settings); break;
    }
    os.flush();
    if (destination.file && destination.file->has_error()) {
      error(fmt::format("cannot write '{}': {}", destination.path, destination.file->error().message()));
      destination.file->clear_error();
      ok = false;
    }
  }
  return ok;
}

std::optional<concur::Severity> fail_threshold(bool& never) {
  never = fail_on == "never";
  if (never) return concur::Severity::note;
  auto severity = internal::parse_severity(fail_on);
  if (!severity) error(fmt::format("--fail-on={} is not note, warning, error or never", fail_on.getValue()));
  return severity;
}

int exit_code_for(const concur::ScanResult& result, concur::Severity threshold, bool never) {
  if (!result.input_errors.empty() || !result.timed_out.empty()) return kExitUsage;
  if (!result.compile_errors.empty() && !allow_compile_errors) return kExitUsage;
  if (never) return kExitClean;
  for (const auto& finding : result.findings)
    if (finding.severity >= threshold) return kExitFindings;
  return kExitClean;
}

bool parse_shard(concur::ScanRequest& request) {
  if (shard.empty()) return true;
  unsigned k = 0, n = 0;
  auto [left, right] = llvm::StringRef(shard).split('/');
  if (left.getAsInteger(10, k) || right.getAsInteger(10, n) || n == 0 || k == 0 || k > n) {
    error(fmt::format("--shard {} is not K/N with 1 <= K <= N (e.g. --shard 2/4)", shard.getValue()));
    return false;
  }
  request.shard_index = k;
  request.shard_count = n;
  return true;
}

/// The request the options describe (paths, configuration, baseline ...).
concur::ScanRequest request_from_options(const std::vector<std::string>& extra_args) {
  concur::ScanRequest request;
  request.paths.assign(scan_paths.begin(), scan_paths.end());
  request.compile_commands = !build_dir.empty() ? build_dir.getValue() : compile_commands.getValue();
  request.extra_args = extra_args;
  request.checks_override = check_globs;
  request.config_file = config_path;
  request.jobs = jobs;
  request.root = root_dir;
  request.cache_directory = cache_dir;
  request.baseline_file = baseline_path;
  request.facts_output = facts_path;
  request.tu_timeout_seconds = tu_timeout;
  request.parse_system_bodies = parse_system_bodies;
  return request;
}

/// Writes the baseline, the reports and the problems; the exit code.
int finish(const concur::ScanResult& result, std::vector<Destination>& plan) {
  bool never = false;
  const auto threshold = fail_threshold(never);
  bool ok = true;
  if (!write_baseline_path.empty()) {
    const std::string failure = concur::write_baseline(write_baseline_path, result);
    if (!failure.empty()) {
      error(failure);
      ok = false;
    }
  }
  ok = write_reports(plan, result) && ok;
  if (result.baseline_applied)
    llvm::errs() << fmt::format("concur: baseline {}: {} known finding{} not reported, {} entr{} now fixed\n",
                                baseline_path.getValue(), result.baseline_known,
                                result.baseline_known == 1 ? "" : "s", result.baseline_fixed,
                                result.baseline_fixed == 1 ? "y" : "ies");
  for (const auto& problem : result.input_errors) error(concur::describe(problem));
  for (const auto& problem : result.timed_out) error(concur::describe(problem));
  if (!result.compile_errors.empty() && !allow_compile_errors)
    error(fmt::format("{} translation unit{} had compile errors and {} only partly analyzed (see the "
                      "report; --allow-compile-errors accepts them)",
                      result.compile_errors.size(), result.compile_errors.size() == 1 ? "" : "s",
                      result.compile_errors.size() == 1 ? "was" : "were"));
  if (!ok) return kExitUsage;
  return exit_code_for(result, *threshold, never);
}

int run_scan(const std::vector<std::string>& extra_args) {
  if (!build_dir.empty() && !compile_commands.empty()) {
    error("-p and --compile-commands name the same thing; give one");
    return kExitUsage;
  }
  bool never = false;
  if (!fail_threshold(never)) return kExitUsage;
  concur::ScanRequest request = request_from_options(extra_args);
  if (!parse_shard(request)) return kExitUsage;
  if (dump_config_flag) {
    std::string problem;
    const std::string text = concur::dump_config(request, problem);
    if (!problem.empty()) {
      error(problem);
      return kExitUsage;
    }
    llvm::outs() << text;
    return kExitClean;
  }
  if (!check_globs.empty()) {
    bool any = false;
    for (const auto& check : concur::all_checks())
      any = any || concur::is_check_enabled("*," + check_globs.getValue(), check.id);
    if (!any) {
      error(fmt::format("--checks='{}' enables no check (see 'concur checks')", check_globs.getValue()));
      return kExitUsage;
    }
  }
  auto plan = plan_outputs();
  if (!plan || !open_outputs(*plan)) return kExitUsage;
  auto started = std::chrono::steady_clock::now();
  if (!quiet && llvm::sys::Process::StandardErrIsDisplayed()) {
    request.progress = show_progress;
    request.progress_context = &started;
  }
  const concur::ScanResult result = concur::scan(request);
  if (request.shard_count > 1) {
    for (const auto& problem : result.input_errors) error(concur::describe(problem));
    if (!result.input_errors.empty()) return kExitUsage;
    llvm::errs() << fmt::format("concur: shard {}/{}: facts of {} translation unit{} written to {}; run "
                                "'concur merge' over every shard's facts for the findings\n",
                                request.shard_index, request.shard_count, result.translation_units.size(),
                                result.translation_units.size() == 1 ? "" : "s", request.facts_output);
    return kExitClean;
  }
  return finish(result, *plan);
}

/// SARIF reports (v1 sharding) are concatenated as they are.
bool is_sarif(const std::string& path) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer) return false;
  return (*buffer)->getBuffer().take_front(4096).contains("\"runs\"");
}

int run_merge() {
  bool never = false;
  if (!fail_threshold(never)) return kExitUsage;
  if (merge_inputs.empty()) {
    error("name the facts files to merge: concur merge shard1.facts shard2.facts --output all.sarif");
    return kExitUsage;
  }
  auto plan = plan_outputs();
  if (!plan || !open_outputs(*plan)) return kExitUsage;
  concur::ScanResult merged;
  if (is_sarif(merge_inputs.front())) {
    for (const auto& input : merge_inputs) {
      auto part = internal::read_sarif(input);
      if (!part) {
        error(llvm::toString(part.takeError()));
        return kExitUsage;
      }
      if (merged.root.empty()) merged.root = part->root;
      for (auto& finding : part->findings) merged.findings.push_back(std::move(finding));
      for (auto& tu : part->translation_units) merged.translation_units.push_back(std::move(tu));
      merged.suppressed += part->suppressed;
      merged.wall_seconds = std::max(merged.wall_seconds, part->wall_seconds);
    }
    auto key = [](const concur::Finding& f) {
      return std::tie(f.where.file, f.where.line, f.where.column, f.check, f.message);
    };
    std::sort(merged.findings.begin(), merged.findings.end(),
              [&](const auto& a, const auto& b) { return key(a) < key(b); });
    merged.findings.erase(std::unique(merged.findings.begin(), merged.findings.end(),
                                      [&](const auto& a, const auto& b) { return key(a) == key(b); }),
                          merged.findings.end());
    std::sort(merged.translation_units.begin(), merged.translation_units.end());
    merged.translation_units.erase(std::unique(merged.translation_units.begin(), merged.translation_units.end()),
                                   merged.translation_units.end());
  } else {
    concur::ScanRequest request = request_from_options({});
    request.find_config_file = !config_path.empty();
    std::vector<std::string> inputs(merge_inputs.begin(), merge_inputs.end());
    merged = concur::merge_facts(inputs, request);
  }
  return finish(merged, *plan);
}

int run_checks() {
  for (const auto& check : concur::all_checks())
    llvm::outs() << fmt::format("{:<28} {}\n", check.id, check.summary);
  return kExitClean;
}

int run_explain() {
  for (const auto& check : concur::all_checks())
    if (check.id == explain_check.getValue() || "concur-" + explain_check.getValue() == check.id) {
      llvm::outs() << check.doc;
      return kExitClean;
    }
  error(explain_check.empty() ? "name a check: concur explain CHECK (see 'concur checks')"
                              : fmt::format("no check named '{}' (see 'concur checks')", explain_check.getValue()));
  return kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  // Everything after `--` is compiler flags for the TUs, not concur options.
  std::vector<const char*> ours;
  std::vector<std::string> extra_args;
  bool after_dashes = false;
  for (int i = 0; i < argc; ++i) {
    if (!after_dashes && i > 0 && llvm::StringRef(argv[i]) == "--") {
      after_dashes = true;
      continue;
    }
    if (after_dashes) extra_args.push_back(argv[i]);
    else ours.push_back(argv[i]);
  }
  cl::SetVersionPrinter([](llvm::raw_ostream& os) { os << "concur " << concur::version() << "\n"; });
  cl::HideUnrelatedOptions({&scan_category});
  std::string parse_errors;
  llvm::raw_string_ostream error_stream(parse_errors);
  if (!cl::ParseCommandLineOptions(
          static_cast<int>(ours.size()), ours.data(),
          "concur: finds concurrency hazards in C++ code\n\n"
          "  concur scan [-p BUILD_DIR] [PATH...] [--format F [--output FILE]]... [-- FLAGS]\n"
          "  concur scan ... --shard K/N --facts FILE     (then: concur merge FILE...)\n"
          "  concur checks\n"
          "  concur explain CHECK\n"
          "  concur merge FACTS... [--format F [--output FILE]]...\n\n"
          "Exit codes: 0 no findings, 1 findings, 2 usage or input error, or TUs not (fully)\n"
          "analyzed (compile errors: see --allow-compile-errors; over --tu-timeout).\n",
          &error_stream)) {
    llvm::errs() << error_stream.str();
    return kExitUsage;
  }
  if (scan_command) return run_scan(extra_args);
  if (checks_command) return run_checks();
  if (explain_command) return run_explain();
  if (merge_command) return run_merge();
  error("no command given: concur scan|checks|explain|merge (see concur --help)");
  return kExitUsage;
}

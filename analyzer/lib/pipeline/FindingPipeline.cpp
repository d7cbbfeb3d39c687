#include "pipeline/FindingPipeline.h"

#include "config/ConfigFile.h"
#include "pipeline/Fingerprint.h"
#include "pipeline/Suppressions.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>
#include <set>
#include <tuple>

namespace concur::analyzer_internal {
namespace {

/// Source lines by file, each file read and split into lines once: a
/// generated file of 30,000 lines with hundreds of findings, each with notes,
/// was scanned from its start for every line asked.
class SourceLines {
public:
  explicit SourceLines(const std::map<std::string, std::string>* in_memory) : in_memory_(in_memory) {}

  llvm::StringRef line(const std::string& file, unsigned number) {
    auto [it, inserted] = files_.try_emplace(file);
    File& entry = it->second;
    if (inserted) read(file, entry);
    if (number == 0 || number > entry.starts.size()) return {};
    const size_t begin = entry.starts[number - 1];
    const size_t end = number < entry.starts.size() ? entry.starts[number] - 1 : entry.text.size();
    return entry.text.slice(begin, end).rtrim("\r");
  }

private:
  struct File {
    std::unique_ptr<llvm::MemoryBuffer> buffer;
    llvm::StringRef text;
    std::vector<size_t> starts;  ///< offset of each line's first character; none: unreadable
  };

  void read(const std::string& file, File& entry) const {
    if (in_memory_ && in_memory_->count(file)) {
      entry.text = in_memory_->at(file);
    } else if (auto buffer = llvm::MemoryBuffer::getFile(file, /*IsText=*/true)) {
      entry.buffer = std::move(*buffer);
      entry.text = entry.buffer->getBuffer();
    } else {
      return;
    }
    entry.starts.push_back(0);
    for (size_t at = entry.text.find('\n'); at != llvm::StringRef::npos; at = entry.text.find('\n', at + 1))
      entry.starts.push_back(at + 1);
  }

  const std::map<std::string, std::string>* in_memory_;
  llvm::StringMap<File> files_;
};

bool finding_less(const Finding& a, const Finding& b) {
  return std::tie(a.where.file, a.where.line, a.where.column, a.check, a.message) <
         std::tie(b.where.file, b.where.line, b.where.column, b.check, b.message);
}

bool same_finding(const Finding& a, const Finding& b) {
  return a.where.file == b.where.file && a.where.line == b.where.line &&
         a.where.column == b.where.column && a.check == b.check && a.message == b.message;
}

/// A call that takes again a lock its caller holds never returns, so a
/// callback the callee would run after that, under the same lock, is not
/// what happens there: concur-self-deadlock's finding at the same call and
/// lock says what does, and the callback one goes.
void drop_superseded(std::vector<Finding>& findings) {
  std::set<std::tuple<std::string, unsigned, unsigned, std::string>> deadlocks;
  for (const Finding& finding : findings)
    if (finding.check == "concur-self-deadlock")
      deadlocks.insert({finding.where.file, finding.where.line, finding.where.column, finding.symbol});
  if (deadlocks.empty()) return;
  llvm::erase_if(findings, [&](const Finding& finding) {
    return finding.check == "concur-locked-callback" &&
           deadlocks.count({finding.where.file, finding.where.line, finding.where.column, finding.symbol});
  });
}

}  // namespace

void run_pipeline(std::vector<Finding> raw, const PipelineSettings& settings, ScanResult& result) {
  SourceLines lines(settings.in_memory_files);
  std::vector<Finding> kept;
  for (Finding& finding : raw) {
    finding.where.line_text = lines.line(finding.where.file, finding.where.line).str();
    for (FindingNote& note : finding.notes)
      note.where.line_text = lines.line(note.where.file, note.where.line).str();
    if (llvm::any_of(settings.exclude_globs,
                     [&](const std::string& glob) { return glob_matches(glob, finding.where.file); }))
      continue;
    const llvm::StringRef previous =
        finding.where.line > 1 ? lines.line(finding.where.file, finding.where.line - 1) : llvm::StringRef();
    if (is_suppressed(finding.where.line_text, previous, finding.check)) {
      ++result.suppressed;
      continue;
    }
    if (settings.config) {
      const AnalyzerConfig& config = *settings.config;
      if (finding.check == "concur-shared-global-cache" &&
          llvm::any_of(config.allow_globals,
                       [&](const std::string& glob) { return glob_matches(glob, finding.symbol); })) {
        ++result.suppressed;
        continue;
      }
      if (auto it = config.severity.find(finding.check); it != config.severity.end())
        finding.severity = it->second;
    }
    kept.push_back(std::move(finding));
  }
  // One finding per location and message, however many TUs include the header.
  std::sort(kept.begin(), kept.end(), finding_less);
  kept.erase(std::unique(kept.begin(), kept.end(), same_finding), kept.end());
  drop_superseded(kept);
  assign_fingerprints(kept, result.root);
  result.findings = std::move(kept);
  if (settings.baseline) {
    const BaselineOutcome outcome = apply_baseline(result, *settings.baseline);
    result.baseline_applied = true;
    result.baseline_known = outcome.known;
    result.baseline_fixed = outcome.fixed;
  }
}

}  // namespace concur::analyzer_internal

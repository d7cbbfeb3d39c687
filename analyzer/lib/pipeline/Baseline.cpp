#include "pipeline/Baseline.h"

#include "pipeline/Fingerprint.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

namespace concur::analyzer_internal {

namespace {
constexpr int64_t kFormatVersion = 1;

llvm::Error fail(llvm::StringRef path, const llvm::Twine& reason) {
  return llvm::createStringError(std::errc::invalid_argument, "%s: %s", path.str().c_str(),
                                 reason.str().c_str());
}
}  // namespace

llvm::Expected<Baseline> read_baseline(llvm::StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer) return fail(path, "cannot read baseline: " + buffer.getError().message());
  auto json = llvm::json::parse((*buffer)->getBuffer());
  if (!json)
    return fail(path, "not a concur baseline (not JSON: " + llvm::toString(json.takeError()) + ")");
  const auto* object = json->getAsObject();
  auto version = object ? object->getInteger("concurBaseline") : std::nullopt;
  if (!version)
    return fail(path, "not a concur baseline (no 'concurBaseline' key; write one with --write-baseline)");
  if (*version != kFormatVersion)
    return fail(path, "baseline format " + llvm::Twine(*version) + " is not supported (this concur reads " +
                          llvm::Twine(kFormatVersion) + ")");
  const auto* findings = object->getArray("findings");
  if (!findings) return fail(path, "corrupt baseline: no 'findings' array");
  Baseline baseline;
  for (size_t i = 0; i < findings->size(); ++i) {
    const auto* entry = (*findings)[i].getAsObject();
    auto fingerprint = entry ? entry->getString("fingerprint") : std::nullopt;
    if (!fingerprint || fingerprint->empty())
      return fail(path, "corrupt baseline: entry " + llvm::Twine(i) + " has no 'fingerprint'");
    BaselineEntry e;
    e.fingerprint = fingerprint->str();
    if (auto s = entry->getString("check")) e.check = s->str();
    if (auto s = entry->getString("file")) e.file = s->str();
    if (auto s = entry->getString("message")) e.message = s->str();
    if (auto n = entry->getInteger("line")) e.line = static_cast<unsigned>(*n);
    baseline.entries.push_back(std::move(e));
  }
  return baseline;
}

llvm::Error write_baseline_file(llvm::StringRef path, const ScanResult& result) {
  llvm::json::Array findings;
  for (const auto& finding : result.findings)
    findings.push_back(llvm::json::Object{{"fingerprint", finding.fingerprint},
                                          {"check", finding.check},
                                          {"file", relative_path(finding.where.file, result.root)},
                                          {"line", finding.where.line},
                                          {"message", finding.message}});
  llvm::json::Object baseline{{"concurBaseline", kFormatVersion},
                              {"concurVersion", std::string(version())},
                              {"findings", std::move(findings)}};
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (ec) return fail(path, "cannot write baseline: " + ec.message());
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(baseline))) << "\n";
  os.close();
  if (os.has_error()) return fail(path, "cannot write baseline: " + os.error().message());
  return llvm::Error::success();
}

BaselineOutcome apply_baseline(ScanResult& result, const Baseline& baseline) {
  BaselineOutcome outcome;
  llvm::StringSet<> known;
  for (const auto& entry : baseline.entries) known.insert(entry.fingerprint);
  llvm::StringSet<> seen;
  std::vector<Finding> fresh;
  for (auto& finding : result.findings) {
    if (known.contains(finding.fingerprint)) {
      seen.insert(finding.fingerprint);
      ++outcome.known;
    } else {
      fresh.push_back(std::move(finding));
    }
  }
  result.findings = std::move(fresh);
  // An entry counts as fixed only when its file was part of this scan.
  llvm::StringSet<> scannedFiles;
  for (const auto& file : result.files_analyzed) scannedFiles.insert(relative_path(file, result.root));
  for (const auto& entry : baseline.entries)
    if (!seen.contains(entry.fingerprint) && scannedFiles.contains(entry.file)) ++outcome.fixed;
  return outcome;
}

}  // namespace concur::analyzer_internal

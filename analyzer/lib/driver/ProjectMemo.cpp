#include "driver/ProjectMemo.h"

#include "config/ConfigFile.h"
#include "report/FindingsJson.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>

namespace concur::analyzer_internal {

namespace {

std::string memo_path(const FactsCache& cache, const std::string& key) {
  llvm::SmallString<256> path(cache.directory());
  llvm::sys::path::append(path, "project-" + key + ".findings.json");
  return std::string(path);
}

}  // namespace

std::string project_memo_key(std::vector<std::string> facts_digests, const AnalyzerConfig& config) {
  std::sort(facts_digests.begin(), facts_digests.end());
  std::string material = FactsCache::build_identity();
  material += '\0';
  material += effective_config_yaml(config);
  for (const auto& digest : facts_digests) {
    material += '\0';
    material += digest;
  }
  return digest_of(material);
}

std::optional<ProjectOutcome> read_project_memo(const FactsCache& cache, const std::string& key) {
  auto buffer = llvm::MemoryBuffer::getFile(memo_path(cache, key));
  if (!buffer) return std::nullopt;
  auto json = parse_cached_json((*buffer)->getBuffer());
  const auto* memo = json ? json->getAsObject() : nullptr;
  const auto* findings = memo ? memo->getArray("findings") : nullptr;
  const auto* user_files = memo ? memo->getArray("userFiles") : nullptr;
  if (!findings || !user_files) return std::nullopt;
  ProjectOutcome outcome;
  for (const auto& value : *findings) {
    auto finding = finding_from_json(value, /*root=*/"");
    if (!finding) {
      llvm::consumeError(finding.takeError());
      return std::nullopt;
    }
    outcome.findings.push_back(std::move(*finding));
  }
  for (const auto& value : *user_files) {
    auto file = value.getAsString();
    if (!file) return std::nullopt;
    outcome.user_files.push_back(file->str());
  }
  return outcome;
}

void write_project_memo(const FactsCache& cache, const std::string& key, const ProjectOutcome& outcome) {
  llvm::json::Array findings;
  for (const auto& finding : outcome.findings) findings.push_back(finding_to_json(finding, /*root=*/""));
  llvm::json::Array user_files;
  for (const auto& file : outcome.user_files) user_files.push_back(file);
  std::string text;
  llvm::raw_string_ostream(text) << llvm::json::Value(
      llvm::json::Object{{"findings", std::move(findings)}, {"userFiles", std::move(user_files)}});
  if (auto error = write_file_atomically(memo_path(cache, key), text)) llvm::consumeError(std::move(error));
}

}  // namespace concur::analyzer_internal

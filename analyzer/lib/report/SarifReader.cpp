// Reading concur's own SARIF back, for `concur merge` across CI shards.
#include "report/Reporters.h"

#include "report/FindingsJson.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

namespace concur::analyzer_internal {

namespace {

llvm::Error fail(llvm::StringRef path, const llvm::Twine& reason) {
  return llvm::createStringError(std::errc::invalid_argument, "%s: %s", path.str().c_str(),
                                 reason.str().c_str());
}

std::string uriToPath(llvm::StringRef uri) {
  std::string out;
  for (size_t i = 0; i < uri.size(); ++i) {
    if (uri[i] == '%' && i + 2 < uri.size()) {
      unsigned value = 0;
      if (!uri.substr(i + 1, 2).getAsInteger(16, value)) {
        out += static_cast<char>(value);
        i += 2;
        continue;
      }
    }
    out += uri[i];
  }
  return out;
}

std::optional<SourcePoint> pointOf(const llvm::json::Object* physical, llvm::StringRef root) {
  if (!physical) return std::nullopt;
  const auto* artifact = physical->getObject("artifactLocation");
  const auto* region = physical->getObject("region");
  auto uri = artifact ? artifact->getString("uri") : std::nullopt;
  if (!uri || !region) return std::nullopt;
  SourcePoint point;
  llvm::SmallString<256> path;
  if (artifact->getString("uriBaseId") && !root.empty()) {
    path = root;
    llvm::sys::path::append(path, uriToPath(*uri));
  } else {
    path = uriToPath(*uri);
  }
  point.file = std::string(path);
  point.line = static_cast<unsigned>(region->getInteger("startLine").value_or(0));
  point.column = static_cast<unsigned>(region->getInteger("startColumn").value_or(0));
  if (const auto* snippet = region->getObject("snippet"))
    if (auto text = snippet->getString("text")) point.line_text = text->str();
  return point;
}

}  // namespace

llvm::Expected<ScanResult> read_sarif(llvm::StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer) return fail(path, "cannot read: " + buffer.getError().message());
  auto json = llvm::json::parse((*buffer)->getBuffer());
  if (!json) return fail(path, "not SARIF (not JSON: " + llvm::toString(json.takeError()) + ")");
  const auto* log = json->getAsObject();
  const auto* runs = log ? log->getArray("runs") : nullptr;
  if (!log || log->getString("version") != "2.1.0" || !runs || runs->size() != 1)
    return fail(path, "not a SARIF 2.1.0 log with one run");
  const auto* run = (*runs)[0].getAsObject();
  const auto* tool = run ? run->getObject("tool") : nullptr;
  const auto* driver = tool ? tool->getObject("driver") : nullptr;
  if (!driver || driver->getString("name") != "concur")
    return fail(path, "SARIF from another tool, not concur");
  auto theirVersion = driver->getString("version").value_or("");
  if (theirVersion != llvm::StringRef(version().data(), version().size()))
    return fail(path, "written by concur " + theirVersion + ", this is concur " + version() +
                          "; rescan with one version");

  ScanResult result;
  if (const auto* bases = run->getObject("originalUriBaseIds"))
    if (const auto* root = bases->getObject("SRCROOT"))
      if (auto uri = root->getString("uri")) {
        llvm::StringRef text = *uri;
        text.consume_front("file://");
        result.root = uriToPath(text.rtrim('/'));
      }
  if (const auto* properties = run->getObject("properties")) {
    if (const auto* units = properties->getArray("translationUnits"))
      for (const auto& unit : *units)
        if (auto name = unit.getAsString()) {
          llvm::SmallString<256> full(*name);
          if (llvm::sys::path::is_relative(full) && !result.root.empty()) {
            full = result.root;
            llvm::sys::path::append(full, *name);
          }
          result.translation_units.push_back(std::string(full));
        }
    result.suppressed = static_cast<unsigned>(properties->getInteger("suppressed").value_or(0));
    result.wall_seconds = properties->getNumber("wallSeconds").value_or(0);
  }
  const auto* results = run->getArray("results");
  if (!results) return fail(path, "SARIF run without 'results'");
  for (size_t i = 0; i < results->size(); ++i) {
    const auto* object = (*results)[i].getAsObject();
    const auto* locations = object ? object->getArray("locations") : nullptr;
    auto rule = object ? object->getString("ruleId") : std::nullopt;
    auto level = object ? object->getString("level") : std::nullopt;
    const auto* message = object ? object->getObject("message") : nullptr;
    if (!rule || !level || !message || !locations || locations->empty() || !parse_severity(*level))
      return fail(path, "result " + llvm::Twine(i) + " lacks ruleId, level, message or location");
    auto where = pointOf((*locations)[0].getAsObject()->getObject("physicalLocation"), result.root);
    if (!where) return fail(path, "result " + llvm::Twine(i) + " has no physical location");
    Finding finding;
    finding.check = rule->str();
    finding.severity = *parse_severity(*level);
    finding.where = std::move(*where);
    const auto* properties = object->getObject("properties");
    if (properties) {
      finding.fix = properties->getString("fix").value_or("").str();
      finding.symbol = properties->getString("symbol").value_or("").str();
      finding.function = properties->getString("function").value_or("").str();
    }
    std::string text = message->getString("text").value_or("").str();
    const std::string suffix = ". Fix: " + finding.fix;
    if (!finding.fix.empty() && llvm::StringRef(text).ends_with(suffix))
      text.resize(text.size() - suffix.size());
    finding.message = std::move(text);
    if (const auto* fingerprints = object->getObject("partialFingerprints"))
      finding.fingerprint = fingerprints->getString("concurFingerprint/v1").value_or("").str();
    if (const auto* related = object->getArray("relatedLocations"))
      for (const auto& value : *related) {
        const auto* note = value.getAsObject();
        if (!note) continue;
        auto point = pointOf(note->getObject("physicalLocation"), result.root);
        const auto* noteMessage = note->getObject("message");
        if (point && noteMessage)
          finding.notes.push_back({std::move(*point), noteMessage->getString("text").value_or("").str()});
      }
    result.findings.push_back(std::move(finding));
  }
  return result;
}

}  // namespace concur::analyzer_internal

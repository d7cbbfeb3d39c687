#include "ResultCache.h"

#include "FindingsJson.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

namespace concur::detail {

namespace {

std::string hex(uint64_t value) {
  std::string out;
  llvm::raw_string_ostream os(out);
  os << llvm::format_hex_no_prefix(value, 16);
  return os.str();
}

}  // namespace

llvm::Expected<std::unique_ptr<ResultCache>> ResultCache::open(llvm::StringRef directory) {
  if (std::error_code ec = llvm::sys::fs::create_directories(directory))
    return llvm::createStringError(ec, "cache directory '%s' cannot be created: %s",
                                   directory.str().c_str(), ec.message().c_str());
  // Probe: a directory we can list but not write is as bad as none.
  llvm::SmallString<256> probe(directory);
  llvm::sys::path::append(probe, ".concur-write-probe");
  std::error_code ec;
  {
    llvm::raw_fd_ostream os(probe, ec);
  }
  if (ec)
    return llvm::createStringError(ec, "cache directory '%s' cannot be written: %s",
                                   directory.str().c_str(), ec.message().c_str());
  llvm::sys::fs::remove(probe);
  return std::unique_ptr<ResultCache>(new ResultCache(directory.str()));
}

std::string ResultCache::keyFor(llvm::StringRef file, const std::vector<std::string>& commandLine,
                                llvm::StringRef directory, const AnalyzerOptions& options) {
  std::string material(version());
  auto add = [&](llvm::StringRef part) {
    material += '\0';
    material += part;
  };
  add(file);
  add(directory);
  for (const auto& arg : commandLine) add(arg);
  add(options.checks);
  add(options.listenerClassPattern);
  for (const auto* list : {&options.mutexTypes, &options.guardTypes, &options.callbackTypes}) {
    add("|");
    for (const auto& name : *list) add(name);
  }
  return hex(llvm::xxh3_64bits(llvm::StringRef(material)));
}

std::string ResultCache::entryPath(const std::string& key) const {
  llvm::SmallString<256> path(directory_);
  llvm::sys::path::append(path, key + ".json");
  return std::string(path);
}

std::optional<uint64_t> ResultCache::contentHash(const std::string& path) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = hashes_.find(path); it != hashes_.end()) return it->second;
  }
  std::optional<uint64_t> hash;
  if (auto buffer = llvm::MemoryBuffer::getFile(path, false, false))
    hash = llvm::xxh3_64bits((*buffer)->getBuffer());
  std::lock_guard<std::mutex> lock(mutex_);
  hashes_[path] = hash;
  return hash;
}

std::optional<CachedTU> ResultCache::lookup(const std::string& key) {
  auto buffer = llvm::MemoryBuffer::getFile(entryPath(key));
  if (!buffer) return std::nullopt;
  auto json = llvm::json::parse((*buffer)->getBuffer());
  if (!json) {
    llvm::consumeError(json.takeError());
    return std::nullopt;
  }
  const auto* entry = json->getAsObject();
  if (!entry || entry->getString("version").value_or("") != llvm::StringRef(version().data(), version().size()))
    return std::nullopt;
  CachedTU cached;
  const auto* inputs = entry->getArray("inputs");
  if (!inputs) return std::nullopt;
  for (const auto& input : *inputs) {
    const auto* object = input.getAsObject();
    auto path = object ? object->getString("path") : std::nullopt;
    auto hash = object ? object->getString("hash") : std::nullopt;
    if (!path || !hash) return std::nullopt;
    auto now = contentHash(path->str());
    if (!now || hex(*now) != *hash) return std::nullopt;  // changed or gone
    (object->getBoolean("system").value_or(false) ? cached.inputs.systemFiles
                                                  : cached.inputs.userFiles)
        .push_back(path->str());
  }
  if (const auto* findings = entry->getArray("findings"))
    for (const auto& value : *findings) {
      auto finding = findingFromJson(value, "");
      if (!finding) {
        llvm::consumeError(finding.takeError());
        return std::nullopt;
      }
      cached.findings.push_back(std::move(*finding));
    }
  cached.suppressed = static_cast<unsigned>(entry->getInteger("suppressed").value_or(0));
  if (auto error = entry->getString("compileError")) cached.compileError = error->str();
  return cached;
}

void ResultCache::store(const std::string& key, const CachedTU& result) {
  llvm::json::Array inputs;
  auto addInputs = [&](const std::vector<std::string>& files, bool system) {
    for (const auto& file : files)
      if (auto hash = contentHash(file))
        inputs.push_back(llvm::json::Object{{"path", file}, {"hash", hex(*hash)}, {"system", system}});
  };
  addInputs(result.inputs.userFiles, false);
  addInputs(result.inputs.systemFiles, true);
  llvm::json::Array findings;
  for (const auto& finding : result.findings) findings.push_back(findingToJson(finding, ""));
  llvm::json::Object entry{{"version", std::string(version())},
                           {"inputs", std::move(inputs)},
                           {"findings", std::move(findings)},
                           {"suppressed", result.suppressed},
                           {"compileError", result.compileError}};
  // Write to a temporary name and rename: a concurrent reader never sees half a file.
  const std::string path = entryPath(key);
  const std::string temporary = path + ".tmp" + std::to_string(llvm::sys::Process::getProcessId());
  std::error_code ec;
  {
    llvm::raw_fd_ostream os(temporary, ec);
    if (!ec) os << llvm::json::Value(std::move(entry));
    if (!ec && os.has_error()) ec = os.error(), os.clear_error();
  }
  if (ec || llvm::sys::fs::rename(temporary, path)) {
    llvm::sys::fs::remove(temporary);
    std::lock_guard<std::mutex> lock(mutex_);
    ++writeFailures_;
  }
}

}  // namespace concur::detail

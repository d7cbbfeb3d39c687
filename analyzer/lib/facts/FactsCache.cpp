#include "facts/FactsCache.h"

#include "facts/FactsJson.h"
#include "registry/CheckOptions.h"
#include "registry/CheckRegistry.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

namespace concur::analyzer_internal {

namespace {

std::string hex(uint64_t value) {
  std::string out;
  llvm::raw_string_ostream os(out);
  os << llvm::format_hex_no_prefix(value, 16);
  return os.str();
}

}  // namespace

llvm::Expected<std::unique_ptr<FactsCache>> FactsCache::open(llvm::StringRef directory) {
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
  return std::unique_ptr<FactsCache>(new FactsCache(directory.str()));
}

std::string FactsCache::key_for(llvm::StringRef file, const std::vector<std::string>& command_line,
                                llvm::StringRef directory, const AnalyzerConfig& config) {
  std::string material(version());
  auto add = [&](llvm::StringRef part) {
    material += '\0';
    material += part;
  };
  add(file);
  add(directory);
  for (const auto& arg : command_line) add(arg);
  // Only what extraction reads: check options apply later, to cached facts too.
  const CheckOptions vocabulary(config, "vocabulary");
  for (const auto& option : vocabulary_options()) {
    add(option.name);
    for (const auto& entry : vocabulary.list(option.name)) add(entry);
  }
  return hex(llvm::xxh3_64bits(llvm::StringRef(material)));
}

std::string FactsCache::entry_path(const std::string& key) const {
  llvm::SmallString<256> path(directory_);
  llvm::sys::path::append(path, key + ".facts.json");
  return std::string(path);
}

unsigned FactsCache::write_failures() const {
  sync_internal::LockGuard lock(mutex_);
  return write_failures_;
}

std::optional<uint64_t> FactsCache::content_hash(const std::string& path) {
  {
    sync_internal::LockGuard lock(mutex_);
    if (auto it = hashes_.find(path); it != hashes_.end()) return it->second;
  }
  std::optional<uint64_t> hash;
  if (auto buffer = llvm::MemoryBuffer::getFile(path, false, false))
    hash = llvm::xxh3_64bits((*buffer)->getBuffer());
  sync_internal::LockGuard lock(mutex_);
  hashes_[path] = hash;
  return hash;
}

std::optional<CachedTu> FactsCache::lookup(const std::string& key) {
  auto buffer = llvm::MemoryBuffer::getFile(entry_path(key));
  if (!buffer) return std::nullopt;
  auto json = llvm::json::parse((*buffer)->getBuffer());
  if (!json) {
    llvm::consumeError(json.takeError());
    return std::nullopt;
  }
  const auto* entry = json->getAsObject();
  if (!entry || entry->getString("version").value_or("") != llvm::StringRef(version().data(), version().size()))
    return std::nullopt;
  const auto* hashes = entry->getObject("hashes");
  if (!hashes) return std::nullopt;
  for (const auto& [path, hash] : *hashes) {
    auto now = content_hash(path.str());
    if (!now || hex(*now) != hash.getAsString().value_or("")) return std::nullopt;  // changed or gone
  }
  const auto* facts = entry->get("facts");
  if (!facts) return std::nullopt;
  auto decoded = tu_facts_from_json(*facts);
  if (!decoded) {
    llvm::consumeError(decoded.takeError());
    return std::nullopt;
  }
  CachedTu cached;
  cached.facts = std::move(*decoded);
  if (auto error = entry->getString("compileError")) cached.compile_error = error->str();
  return cached;
}

void FactsCache::store(const std::string& key, const CachedTu& entry) {
  llvm::json::Object hashes;
  for (const auto* files : {&entry.facts.user_files, &entry.facts.system_files})
    for (const auto& file : *files)
      if (auto hash = content_hash(file)) hashes[file] = hex(*hash);
  llvm::json::Object object{{"version", std::string(version())},
                            {"hashes", std::move(hashes)},
                            {"facts", tu_facts_to_json(entry.facts)},
                            {"compileError", entry.compile_error}};
  // Write to a temporary name and rename: a concurrent reader never sees half a file.
  const std::string path = entry_path(key);
  const std::string temporary = path + ".tmp" + std::to_string(llvm::sys::Process::getProcessId());
  std::error_code ec;
  {
    llvm::raw_fd_ostream os(temporary, ec);
    if (!ec) os << llvm::json::Value(std::move(object));
    if (!ec && os.has_error()) ec = os.error(), os.clear_error();
  }
  if (ec || llvm::sys::fs::rename(temporary, path)) {
    llvm::sys::fs::remove(temporary);
    sync_internal::LockGuard lock(mutex_);
    ++write_failures_;
  }
}

}  // namespace concur::analyzer_internal

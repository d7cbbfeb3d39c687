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

std::string digest_of(llvm::StringRef text) { return hex(llvm::xxh3_64bits(text)); }

llvm::Error write_file_atomically(const std::string& path, llvm::StringRef text) {
  const std::string temporary = path + ".tmp" + std::to_string(llvm::sys::Process::getProcessId());
  std::error_code ec;
  {
    llvm::raw_fd_ostream os(temporary, ec);
    if (!ec) os << text;
    if (!ec && os.has_error()) ec = os.error(), os.clear_error();
  }
  if (!ec) ec = llvm::sys::fs::rename(temporary, path);
  if (!ec) return llvm::Error::success();
  llvm::sys::fs::remove(temporary);
  return llvm::createStringError(ec, "'%s' cannot be written: %s", path.c_str(), ec.message().c_str());
}

std::optional<llvm::json::Value> parse_cached_json(llvm::StringRef text) {
  auto json = llvm::json::parse(text);
  if (json) return std::move(*json);
  llvm::consumeError(json.takeError());
  return std::nullopt;
}

const std::string& FactsCache::build_identity() {
  static const std::string identity = [] {
    std::string out(version());
    // Linux resolves the running binary without argv[0].
    const std::string binary = llvm::sys::fs::getMainExecutable(nullptr, nullptr);
    llvm::sys::fs::file_status status;
    if (!binary.empty() && !llvm::sys::fs::status(binary, status)) {
      out += '\0' + binary + '\0' + std::to_string(status.getSize()) + '\0' +
             std::to_string(status.getLastModificationTime().time_since_epoch().count());
    }
    return digest_of(out);
  }();
  return identity;
}

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
  std::string material(build_identity());
  auto add = [&](llvm::StringRef part) {
    material += '\0';
    material += part;
  };
  add(file);
  add(directory);
  for (const auto& arg : command_line) add(arg);
  // Only what extraction reads: check options and the vocabulary's
  // project-phase options apply later, to cached facts too.
  const CheckOptions vocabulary(config, "vocabulary");
  for (const auto& option : vocabulary_options()) {
    if (!option.extraction) continue;
    add(option.name);
    for (const auto& entry : vocabulary.list(option.name)) add(entry);
  }
  return digest_of(material);
}

std::string FactsCache::entry_path(const std::string& key, llvm::StringRef suffix) const {
  llvm::SmallString<256> path(directory_);
  llvm::sys::path::append(path, key + suffix);
  return std::string(path);
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

std::optional<CacheHit> FactsCache::lookup(const std::string& key) {
  auto buffer = llvm::MemoryBuffer::getFile(entry_path(key, ".manifest.json"));
  if (!buffer) return std::nullopt;
  auto json = parse_cached_json((*buffer)->getBuffer());
  const auto* manifest = json ? json->getAsObject() : nullptr;
  if (!manifest || manifest->getString("build").value_or("") != build_identity()) return std::nullopt;
  const auto* hashes = manifest->getObject("hashes");
  const auto digest = manifest->getString("factsDigest");
  if (!hashes || !digest) return std::nullopt;
  for (const auto& [path, hash] : *hashes) {
    auto now = content_hash(path.str());
    if (!now || hex(*now) != hash.getAsString().value_or("")) return std::nullopt;  // changed or gone
  }
  CacheHit hit;
  hit.key = key;
  hit.facts_digest = digest->str();
  if (auto error = manifest->getString("compileError")) hit.compile_error = error->str();
  return hit;
}

std::optional<TuFacts> FactsCache::load_facts(const CacheHit& hit) const {
  auto buffer = llvm::MemoryBuffer::getFile(entry_path(hit.key, ".facts.json"));
  if (!buffer || digest_of((*buffer)->getBuffer()) != hit.facts_digest) return std::nullopt;
  auto json = parse_cached_json((*buffer)->getBuffer());
  if (!json) return std::nullopt;
  auto decoded = tu_facts_from_json(*json);
  if (!decoded) {
    llvm::consumeError(decoded.takeError());
    return std::nullopt;
  }
  return std::move(*decoded);
}

std::optional<std::string> FactsCache::store(const std::string& key, const CachedTu& entry) {
  std::string facts;
  {
    llvm::raw_string_ostream os(facts);
    write_tu_facts(os, entry.facts);
  }
  const std::string digest = digest_of(facts);
  llvm::json::Object hashes;
  for (const auto* files : {&entry.facts.user_files, &entry.facts.system_files})
    for (const auto& file : *files)
      if (auto hash = content_hash(file)) hashes[file] = hex(*hash);
  llvm::json::Object manifest{{"build", build_identity()},
                              {"hashes", std::move(hashes)},
                              {"factsDigest", digest},
                              {"compileError", entry.compile_error}};
  std::string manifest_text;
  llvm::raw_string_ostream(manifest_text) << llvm::json::Value(std::move(manifest));
  // The facts first: the manifest, written last, is what makes the entry visible.
  for (auto [suffix, text] : {std::pair<llvm::StringRef, llvm::StringRef>{".facts.json", facts},
                              {".manifest.json", manifest_text}}) {
    if (auto error = write_file_atomically(entry_path(key, suffix), text)) {
      llvm::consumeError(std::move(error));
      return std::nullopt;
    }
  }
  return digest;
}

}  // namespace concur::analyzer_internal

#include "Config.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLParser.h"

namespace concur::detail {

namespace {

class Reader {
public:
  Reader(llvm::StringRef path, llvm::SourceMgr& sources) : path_(path), sources_(sources) {}

  llvm::Error error(llvm::yaml::Node* node, const llvm::Twine& reason) {
    unsigned line = 0;
    if (node) line = sources_.FindLineNumber(node->getSourceRange().Start);
    return llvm::createStringError(std::errc::invalid_argument, "%s:%u: %s", path_.str().c_str(),
                                   line, reason.str().c_str());
  }

  llvm::Expected<std::string> scalar(llvm::yaml::Node* node, llvm::StringRef key) {
    auto* value = llvm::dyn_cast_or_null<llvm::yaml::ScalarNode>(node);
    if (!value) return error(node, "'" + key + "' takes a string");
    llvm::SmallString<64> storage;
    return value->getValue(storage).str();
  }

  llvm::Expected<std::vector<std::string>> list(llvm::yaml::Node* node, llvm::StringRef key) {
    auto* sequence = llvm::dyn_cast_or_null<llvm::yaml::SequenceNode>(node);
    if (!sequence) return error(node, "'" + key + "' takes a list of strings");
    std::vector<std::string> out;
    for (auto& item : *sequence) {
      auto value = scalar(&item, key);
      if (!value) return value.takeError();
      out.push_back(std::move(*value));
    }
    return out;
  }

private:
  llvm::StringRef path_;
  llvm::SourceMgr& sources_;
};

bool isKnownCheck(llvm::StringRef id) {
  for (const auto& check : allChecks())
    if (check.id == id) return true;
  return false;
}


}  // namespace

llvm::Expected<Config> loadConfig(llvm::StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return llvm::createStringError(buffer.getError(), "%s: cannot read config: %s", path.str().c_str(),
                                   buffer.getError().message().c_str());
  Config config;
  llvm::SmallString<256> absolute(path);
  llvm::sys::fs::make_absolute(absolute);
  config.path = std::string(absolute);
  config.directory = std::string(llvm::sys::path::parent_path(absolute));

  llvm::SourceMgr sources;
  std::string yamlError;
  sources.setDiagHandler(
      [](const llvm::SMDiagnostic& diagnostic, void* context) {
        auto* out = static_cast<std::string*>(context);
        if (out->empty())
          *out = std::to_string(diagnostic.getLineNo()) + ": " + diagnostic.getMessage().str();
      },
      &yamlError);
  llvm::yaml::Stream stream((*buffer)->getBuffer(), sources);
  Reader reader(path, sources);
  auto document = stream.begin();
  if (document == stream.end()) return config;
  llvm::yaml::Node* root = document->getRoot();
  if (!yamlError.empty())
    return llvm::createStringError(std::errc::invalid_argument, "%s:%s", path.str().c_str(),
                                   yamlError.c_str());
  if (!root || llvm::isa<llvm::yaml::NullNode>(root)) return config;
  auto* mapping = llvm::dyn_cast<llvm::yaml::MappingNode>(root);
  if (!mapping) return reader.error(root, "expected a mapping of settings");
  for (auto& entry : *mapping) {
    auto key = reader.scalar(entry.getKey(), "key");
    if (!key) return key.takeError();
    llvm::yaml::Node* value = entry.getValue();
    if (*key == "checks") {
      auto text = reader.scalar(value, *key);
      if (!text) return text.takeError();
      config.checks = *text;
    } else if (*key == "severity") {
      auto* map = llvm::dyn_cast_or_null<llvm::yaml::MappingNode>(value);
      if (!map) return reader.error(value, "'severity' maps check ids to note, warning or error");
      for (auto& item : *map) {
        auto check = reader.scalar(item.getKey(), "severity");
        if (!check) return check.takeError();
        if (!isKnownCheck(*check)) return reader.error(item.getKey(), "unknown check '" + *check + "'");
        auto level = reader.scalar(item.getValue(), *check);
        if (!level) return level.takeError();
        if (*level == "note") config.severity[*check] = Severity::Note;
        else if (*level == "warning") config.severity[*check] = Severity::Warning;
        else if (*level == "error") config.severity[*check] = Severity::Error;
        else return reader.error(item.getValue(), "severity '" + *level + "' is not note, warning or error");
      }
    } else if (*key == "mutexTypes" || *key == "guardTypes" || *key == "callbackTypes" ||
               *key == "allowGlobals" || *key == "exclude") {
      auto items = reader.list(value, *key);
      if (!items) return items.takeError();
      auto& target = *key == "mutexTypes"     ? config.mutexTypes
                     : *key == "guardTypes"   ? config.guardTypes
                     : *key == "callbackTypes" ? config.callbackTypes
                     : *key == "allowGlobals" ? config.allowGlobals
                                              : config.exclude;
      for (const auto& item : *items) {
        if ((*key == "allowGlobals" || *key == "exclude") && !llvm::GlobPattern::create(item)) {
          return reader.error(value, "bad glob '" + item + "'");
        }
      }
      target = std::move(*items);
    } else if (*key == "listenerClassPattern") {
      auto text = reader.scalar(value, *key);
      if (!text) return text.takeError();
      std::string regexError;
      if (!llvm::Regex(*text).isValid(regexError))
        return reader.error(value, "bad regex '" + *text + "': " + regexError);
      config.listenerClassPattern = *text;
    } else {
      return reader.error(entry.getKey(),
                          "unknown key '" + *key +
                              "' (expected checks, severity, mutexTypes, guardTypes, callbackTypes, "
                              "listenerClassPattern, allowGlobals or exclude)");
    }
    if (!yamlError.empty())
      return llvm::createStringError(std::errc::invalid_argument, "%s:%s", path.str().c_str(),
                                     yamlError.c_str());
  }
  if (!yamlError.empty())
    return llvm::createStringError(std::errc::invalid_argument, "%s:%s", path.str().c_str(),
                                   yamlError.c_str());
  return config;
}

bool globMatches(llvm::StringRef glob, llvm::StringRef text) {
  auto pattern = llvm::GlobPattern::create(glob);
  if (!pattern) {
    llvm::consumeError(pattern.takeError());
    return false;
  }
  return pattern->match(text);
}

std::optional<std::string> findConfigUpward(llvm::StringRef start) {
  llvm::SmallString<256> directory(start);
  llvm::sys::fs::make_absolute(directory);
  if (!llvm::sys::fs::is_directory(directory)) llvm::sys::path::remove_filename(directory);
  while (!directory.empty()) {
    llvm::SmallString<256> candidate(directory);
    llvm::sys::path::append(candidate, ".concur.yaml");
    if (llvm::sys::fs::exists(candidate)) return std::string(candidate);
    const llvm::StringRef parent = llvm::sys::path::parent_path(directory);
    if (parent == directory) break;
    directory = parent;
  }
  return std::nullopt;
}

void applyConfig(const Config& config, ScanRequest& request) {
  AnalyzerOptions& options = request.options;
  // Config globs refine the default; globs given on the command line come last and win.
  if (config.checks) options.checks = "*," + *config.checks;
  options.mutexTypes.insert(options.mutexTypes.end(), config.mutexTypes.begin(), config.mutexTypes.end());
  options.guardTypes.insert(options.guardTypes.end(), config.guardTypes.begin(), config.guardTypes.end());
  options.callbackTypes.insert(options.callbackTypes.end(), config.callbackTypes.begin(),
                               config.callbackTypes.end());
  if (config.listenerClassPattern) options.listenerClassPattern = *config.listenerClassPattern;
  for (const auto& glob : config.exclude) {
    llvm::SmallString<256> absolute(config.directory);
    llvm::sys::path::append(absolute, glob);
    request.excludeGlobs.push_back(std::string(absolute));
  }
}

void applyConfig(const Config& config, ScanResult& result) {
  std::vector<Finding> kept;
  for (auto& finding : result.findings) {
    bool allowed = false;
    for (const auto& glob : config.allowGlobals)
      if (finding.check == "concur-shared-global-cache" && globMatches(glob, finding.symbol)) allowed = true;
    if (allowed) {
      ++result.suppressed;
      continue;
    }
    if (auto it = config.severity.find(finding.check); it != config.severity.end())
      finding.severity = it->second;
    kept.push_back(std::move(finding));
  }
  result.findings = std::move(kept);
}

}  // namespace concur::detail

#include "config/ConfigFile.h"

#include "registry/CheckOptions.h"
#include "registry/CheckRegistry.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLTraits.h"

#include <map>

namespace concur::analyzer_internal {
namespace {

/// An option's value in the file: a list of entries or one text value.
struct OptionValue {
  bool is_list = true;
  std::vector<std::string> items;
};
/// What a map where an option value was expected decodes into: an error.
struct NotAnOptionValue {};
using OptionMap = std::map<std::string, OptionValue>;
using CheckOptionMap = std::map<std::string, OptionMap>;
using SeverityMap = std::map<std::string, Severity>;
struct Glob {
  std::string text;
};

struct FileConfig {
  std::optional<std::string> checks;
  SeverityMap severity;
  OptionMap vocabulary;
  CheckOptionMap options;
  std::vector<Glob> allow_globals;
  std::vector<Glob> exclude;
  // The v1 spellings, still accepted.
  std::optional<std::vector<std::string>> mutex_types, guard_types, callback_types;
  std::optional<std::string> listener_pattern;
};

/// Which owner ("vocabulary" or a check id) the option map being read belongs to.
struct ReadContext {
  std::string owner;
};

constexpr const char* kKnownKeys =
    "checks, severity, vocabulary, options, allowGlobals or exclude";

}  // namespace
}  // namespace concur::analyzer_internal

using concur::Severity;
using concur::analyzer_internal::CheckOptionMap;
using concur::analyzer_internal::FileConfig;
using concur::analyzer_internal::Glob;
using concur::analyzer_internal::NotAnOptionValue;
using concur::analyzer_internal::OptionMap;
using concur::analyzer_internal::OptionValue;
using concur::analyzer_internal::ReadContext;
using concur::analyzer_internal::SeverityMap;

LLVM_YAML_IS_SEQUENCE_VECTOR(Glob)

namespace llvm::yaml {

template <> struct ScalarTraits<Severity> {
  static void output(const Severity& value, void*, raw_ostream& os) {
    os << concur::severity_name(value);
  }
  static StringRef input(StringRef text, void*, Severity& value) {
    if (text == "note") value = Severity::note;
    else if (text == "warning") value = Severity::warning;
    else if (text == "error") value = Severity::error;
    else {
      static thread_local std::string message;
      message = "severity '" + text.str() + "' is not note, warning or error";
      return message;
    }
    return {};
  }
  static QuotingType mustQuote(StringRef) { return QuotingType::None; }
};

template <> struct ScalarTraits<Glob> {
  static void output(const Glob& value, void*, raw_ostream& os) { os << value.text; }
  static StringRef input(StringRef text, void*, Glob& value) {
    auto pattern = GlobPattern::create(text);
    if (!pattern) {
      consumeError(pattern.takeError());
      static thread_local std::string message;
      message = "bad glob '" + text.str() + "'";
      return message;
    }
    value.text = text.str();
    return {};
  }
  static QuotingType mustQuote(StringRef) { return QuotingType::Single; }
};

template <> struct MappingTraits<NotAnOptionValue> {
  static void mapping(IO& io, NotAnOptionValue&) {
    io.setError("an option takes a list of strings or a string, not a mapping");
  }
};

template <> struct PolymorphicTraits<OptionValue> {
  static NodeKind getKind(const OptionValue& value) {
    return value.is_list ? NodeKind::Sequence : NodeKind::Scalar;
  }
  static std::string& getAsScalar(OptionValue& value) {
    value.is_list = false;
    value.items.resize(1);
    return value.items.front();
  }
  static std::vector<std::string>& getAsSequence(OptionValue& value) {
    value.is_list = true;
    return value.items;
  }
  static NotAnOptionValue& getAsMap(OptionValue&) {
    static NotAnOptionValue none;
    return none;
  }
};

template <> struct CustomMappingTraits<OptionMap> {
  static void inputOne(IO& io, StringRef name, OptionMap& map) {
    using namespace concur::analyzer_internal;
    auto* context = static_cast<ReadContext*>(io.getContext());
    OptionValue& value = map[name.str()];
    io.mapRequired(name.str().c_str(), value);
    const OptionSpec* spec = find_option(context->owner, name);
    if (!spec) {
      std::string known;
      const CheckSpec* check = find_check(context->owner);
      const auto& options = check ? check->options : vocabulary_options();
      for (const auto& option : options) known += (known.empty() ? "" : ", ") + std::string(option.name);
      io.setError("unknown option '" + name + "' of " + context->owner +
                  (known.empty() ? " (it has no options)" : " (expected " + known + ")"));
      return;
    }
    if (spec->kind == OptionKind::list && !value.is_list) {
      io.setError("option '" + name + "' takes a list of strings");
      return;
    }
    if (spec->kind == OptionKind::text && value.is_list) {
      io.setError("option '" + name + "' takes a string");
      return;
    }
    for (const auto& item : value.items) {
      llvm::StringRef entry(item);
      entry.consume_front("-");
      std::string error;
      if (spec->format == OptionFormat::regex && !Regex(entry).isValid(error)) {
        io.setError("bad regex '" + entry + "': " + error);
        return;
      }
      if (spec->format == OptionFormat::globs) {
        auto pattern = GlobPattern::create(entry);
        if (!pattern) {
          consumeError(pattern.takeError());
          io.setError("bad glob '" + entry + "'");
          return;
        }
      }
    }
  }
  static void output(IO& io, OptionMap& map) {
    for (auto& [name, value] : map) io.mapRequired(name.c_str(), value);
  }
};

template <> struct CustomMappingTraits<CheckOptionMap> {
  static void inputOne(IO& io, StringRef id, CheckOptionMap& map) {
    using namespace concur::analyzer_internal;
    auto* context = static_cast<ReadContext*>(io.getContext());
    const CheckSpec* check = find_check(id);
    context->owner = check ? std::string(check->id) : id.str();
    OptionMap& options = map[context->owner];
    io.mapRequired(id.str().c_str(), options);
    if (!check) io.setError("unknown check '" + id + "'");
  }
  static void output(IO& io, CheckOptionMap& map) {
    for (auto& [id, options] : map) io.mapRequired(id.c_str(), options);
  }
};

template <> struct CustomMappingTraits<SeverityMap> {
  static void inputOne(IO& io, StringRef id, SeverityMap& map) {
    Severity& severity = map[id.str()];
    io.mapRequired(id.str().c_str(), severity);
    if (!concur::analyzer_internal::find_check(id)) io.setError("unknown check '" + id + "'");
  }
  static void output(IO& io, SeverityMap& map) {
    for (auto& [id, severity] : map) io.mapRequired(id.c_str(), severity);
  }
};

template <> struct MappingTraits<FileConfig> {
  static void mapping(IO& io, FileConfig& config) {
    auto* context = static_cast<ReadContext*>(io.getContext());
    io.mapOptional("checks", config.checks);
    io.mapOptional("severity", config.severity);
    if (context) context->owner = "vocabulary";
    io.mapOptional("vocabulary", config.vocabulary);
    io.mapOptional("options", config.options);
    io.mapOptional("allowGlobals", config.allow_globals);
    io.mapOptional("exclude", config.exclude);
    if (!io.outputting()) {
      io.mapOptional("mutexTypes", config.mutex_types);
      io.mapOptional("guardTypes", config.guard_types);
      io.mapOptional("callbackTypes", config.callback_types);
      io.mapOptional("listenerClassPattern", config.listener_pattern);
    }
  }
};

}  // namespace llvm::yaml

namespace concur::analyzer_internal {

bool glob_matches(llvm::StringRef glob, llvm::StringRef text) {
  auto pattern = llvm::GlobPattern::create(glob);
  if (!pattern) {
    llvm::consumeError(pattern.takeError());
    return false;
  }
  return pattern->match(text);
}

std::optional<std::string> find_config_upward(llvm::StringRef start) {
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

llvm::Error load_config_file(llvm::StringRef path, AnalyzerConfig& config) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return llvm::createStringError(buffer.getError(), "%s: cannot read config: %s",
                                   path.str().c_str(), buffer.getError().message().c_str());
  std::string first_error;
  auto handler = [](const llvm::SMDiagnostic& diagnostic, void* context) {
    auto* out = static_cast<std::string*>(context);
    if (!out->empty() || diagnostic.getKind() != llvm::SourceMgr::DK_Error) return;
    std::string message = diagnostic.getMessage().str();
    if (llvm::StringRef(message).starts_with("unknown key"))
      message += std::string(" (expected ") + kKnownKeys + ")";
    *out = std::to_string(diagnostic.getLineNo()) + ": " + message;
  };
  ReadContext context;
  FileConfig file;
  llvm::yaml::Input input((*buffer)->getBuffer(), &context, handler, &first_error);
  if ((*buffer)->getBuffer().trim().empty()) return llvm::Error::success();
  input >> file;
  if (input.error() || !first_error.empty())
    return llvm::createStringError(std::errc::invalid_argument, "%s:%s", path.str().c_str(),
                                   first_error.empty() ? " not a valid configuration"
                                                       : first_error.c_str());

  llvm::SmallString<256> absolute(path);
  llvm::sys::fs::make_absolute(absolute);
  config.source_file = std::string(absolute);
  config.directory = std::string(llvm::sys::path::parent_path(absolute));
  // The file's globs refine what is already selected; globs given on the
  // command line come after them and win.
  if (file.checks) config.checks += "," + *file.checks;
  for (const auto& [id, severity] : file.severity)
    if (const CheckSpec* check = find_check(id)) config.severity[std::string(check->id)] = severity;
  auto append = [&](const std::string& key, const std::vector<std::string>& items) {
    auto& target = config.options[key];
    target.insert(target.end(), items.begin(), items.end());
  };
  for (const auto& [name, value] : file.vocabulary) append(option_key("vocabulary", name), value.items);
  for (const auto& [id, options] : file.options)
    for (const auto& [name, value] : options) append(option_key(id, name), value.items);
  if (file.mutex_types) append(option_key("vocabulary", "mutexTypes"), *file.mutex_types);
  if (file.guard_types) append(option_key("vocabulary", "guardTypes"), *file.guard_types);
  if (file.callback_types) append(option_key("vocabulary", "callbackTypes"), *file.callback_types);
  if (file.listener_pattern)
    append(option_key("concur-locked-callback", "listenerClassPattern"), {*file.listener_pattern});
  for (const Glob& glob : file.allow_globals) config.allow_globals.push_back(glob.text);
  for (const Glob& glob : file.exclude) config.exclude.push_back(glob.text);
  return llvm::Error::success();
}

std::string effective_config_yaml(const AnalyzerConfig& config) {
  FileConfig out;
  out.checks = config.checks;
  auto value_of = [&](std::string_view owner, const OptionSpec& option) {
    const CheckOptions options(config, owner);
    OptionValue value;
    value.is_list = option.kind == OptionKind::list;
    value.items = value.is_list ? options.list(option.name)
                                : std::vector<std::string>{options.text(option.name)};
    return value;
  };
  for (const auto& option : vocabulary_options())
    out.vocabulary[std::string(option.name)] = value_of("vocabulary", option);
  for (const auto& check : registered_checks()) {
    auto it = config.severity.find(std::string(check.id));
    out.severity[std::string(check.id)] = it == config.severity.end() ? check.default_severity : it->second;
    for (const auto& option : check.options)
      out.options[std::string(check.id)][std::string(option.name)] = value_of(check.id, option);
  }
  for (const auto& glob : config.allow_globals) out.allow_globals.push_back({glob});
  for (const auto& glob : config.exclude) out.exclude.push_back({glob});
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::yaml::Output yaml(os, nullptr, /*WrapColumn=*/100);
  yaml << out;
  return text;
}

}  // namespace concur::analyzer_internal

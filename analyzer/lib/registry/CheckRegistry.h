// The one place that knows the checks: each check declares its id, summary,
// default severity, options (with documented defaults) and factory in its
// own file, and registry/Checks.def lists it in one line. `concur checks`,
// `concur explain`, SARIF rules, `--dump-config`, the config-file validation
// and the docs' option tables all read this registry.
#pragma once

#include "concur/analyzer.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace concur::analyzer_internal {

class Check;
class CheckOptions;

enum class OptionKind { list, text };

/// What the entries of an option are, for validating configurations.
enum class OptionFormat { names, regex, globs };

/// One option: a list (entries in the config are added to the defaults;
/// "-x" removes the default x) or a text value (replaced).
struct OptionSpec {
  std::string_view name;
  OptionKind kind = OptionKind::list;
  std::vector<std::string_view> defaults;  ///< list: the entries; text: one value
  std::string_view description;
  /// Read while parsing translation units: changing it invalidates cached facts.
  bool extraction = false;
  OptionFormat format = OptionFormat::names;
};

struct CheckSpec {
  std::string_view id;
  std::string_view summary;
  Severity default_severity = Severity::warning;
  std::vector<OptionSpec> options;
  std::unique_ptr<Check> (*factory)(const CheckOptions& options) = nullptr;
};

/// The registered checks, in registry order.
const std::vector<CheckSpec>& registered_checks();

/// The check with `id` (with or without the "concur-" prefix), or nullptr.
const CheckSpec* find_check(std::string_view id);

/// The shared vocabulary: options every check and the fact extraction read
/// (which types are mutexes, guards, callbacks, ...). Config key: vocabulary.
const std::vector<OptionSpec>& vocabulary_options();

/// The option `name` of `owner` ("vocabulary" or a check id), or nullptr.
const OptionSpec* find_option(std::string_view owner, std::string_view name);

/// The embedded Markdown page docs/checks/<id>.md.
std::string_view check_doc(std::string_view id);

}  // namespace concur::analyzer_internal

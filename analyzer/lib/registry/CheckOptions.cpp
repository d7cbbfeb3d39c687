#include "registry/CheckOptions.h"

#include "llvm/ADT/STLExtras.h"

#include <cassert>

namespace concur::analyzer_internal {

std::string option_key(std::string_view owner, std::string_view name) {
  std::string key(owner);
  key += '.';
  key += name;
  return key;
}

std::vector<std::string> refine_list(const std::vector<std::string_view>& defaults,
                                     const std::vector<std::string>& entries) {
  std::vector<std::string> out(defaults.begin(), defaults.end());
  for (const auto& entry : entries) {
    llvm::StringRef text(entry);
    if (text.consume_front("-")) {
      llvm::erase(out, text.str());
    } else if (!llvm::is_contained(out, entry)) {
      out.push_back(entry);
    }
  }
  return out;
}

CheckOptions::CheckOptions(const AnalyzerConfig& config, std::string_view owner)
    : config_(config), owner_(owner) {}

const OptionSpec& CheckOptions::spec(llvm::StringRef name) const {
  const OptionSpec* option = find_option(owner_, name);
  assert(option && "an option the registry does not declare");
  return *option;
}

std::vector<std::string> CheckOptions::list(llvm::StringRef name) const {
  const OptionSpec& option = spec(name);
  auto it = config_.options.find(option_key(owner_, option.name));
  if (it == config_.options.end()) return {option.defaults.begin(), option.defaults.end()};
  return refine_list(option.defaults, it->second);
}

std::string CheckOptions::text(llvm::StringRef name) const {
  const OptionSpec& option = spec(name);
  auto it = config_.options.find(option_key(owner_, option.name));
  if (it != config_.options.end() && !it->second.empty()) return it->second.back();
  return option.defaults.empty() ? std::string() : std::string(option.defaults.front());
}

}  // namespace concur::analyzer_internal

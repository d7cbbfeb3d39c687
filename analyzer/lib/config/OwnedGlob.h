// A glob pattern that keeps the text it was made from.
//
// llvm::GlobPattern keeps a StringRef to its pattern's literal prefix, so a
// pattern made from a temporary string (an option list returned by value)
// compares against freed memory. ThreadSanitizer reported it in
// notCallbackMethods; testFilePatterns had the same shape.
#pragma once

#include "llvm/Support/Error.h"
#include "llvm/Support/GlobPattern.h"

#include <memory>
#include <optional>
#include <string>

namespace concur::analyzer_internal {

class OwnedGlob {
public:
  /// The pattern of `text`, or nullopt when `text` is not a valid glob.
  static std::optional<OwnedGlob> create(std::string text) {
    auto owned = std::make_shared<const std::string>(std::move(text));
    auto pattern = llvm::GlobPattern::create(*owned);
    if (!pattern) {
      llvm::consumeError(pattern.takeError());
      return std::nullopt;
    }
    return OwnedGlob(std::move(owned), std::move(*pattern));
  }

  bool match(llvm::StringRef candidate) const { return pattern_.match(candidate); }

private:
  OwnedGlob(std::shared_ptr<const std::string> text, llvm::GlobPattern pattern)
      : text_(std::move(text)), pattern_(std::move(pattern)) {}

  std::shared_ptr<const std::string> text_;  ///< shared by copies: the pattern points into it
  llvm::GlobPattern pattern_;
};

}  // namespace concur::analyzer_internal

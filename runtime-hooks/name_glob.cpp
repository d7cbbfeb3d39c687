#include "detail/name_glob.h"

#include <llvm/Support/Error.h>
#include <llvm/Support/GlobPattern.h>

#include <stdexcept>

namespace concur::runtime_internal {

bool glob_matches(const std::string& pattern, const std::string& name, const char* what) {
  constexpr std::size_t kMaxBraceAlternatives = 64;
  llvm::Expected<llvm::GlobPattern> glob = llvm::GlobPattern::create(pattern, kMaxBraceAlternatives);
  if (!glob)
    throw std::invalid_argument(std::string(what) + " \"" + pattern + "\" is malformed: " +
                                llvm::toString(glob.takeError()));
  return glob->match(name);
}

}  // namespace concur::runtime_internal

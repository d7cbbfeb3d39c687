#include "pipeline/Fingerprint.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"

namespace concur::analyzer_internal {

std::string relative_path(llvm::StringRef file, llvm::StringRef root) {
  if (root.empty()) return file.str();
  llvm::SmallString<256> prefix(root);
  llvm::sys::path::remove_dots(prefix, true);
  if (!prefix.ends_with("/")) prefix += "/";
  if (file.starts_with(prefix)) return file.drop_front(prefix.size()).str();
  return file.str();
}

void assign_fingerprints(std::vector<Finding>& findings, llvm::StringRef root) {
  llvm::StringMap<unsigned> occurrences;
  for (Finding& finding : findings) {
    std::string material = finding.check;
    material += '\0';
    material += relative_path(finding.where.file, root);
    material += '\0';
    material += finding.function;
    material += '\0';
    material += finding.symbol;
    material += '\0';
    for (char c : finding.where.line_text)
      if (!isspace(static_cast<unsigned char>(c))) material += c;
    const unsigned occurrence = occurrences[material]++;
    material += '\0';
    material += std::to_string(occurrence);
    std::string hex;
    llvm::raw_string_ostream os(hex);
    os << llvm::format_hex_no_prefix(llvm::xxh3_64bits(llvm::StringRef(material)), 16);
    finding.fingerprint = os.str();
  }
}

}  // namespace concur::analyzer_internal

// Names addresses in loaded modules with LLVM's symbolizer (internal). The
// only place that includes LLVM headers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace concur::detail {

struct DataSymbol {
  bool found = false;
  std::string name;  // demangled
  std::uint64_t start = 0;
  std::uint64_t size = 0;
  std::string decl_file;
  unsigned decl_line = 0;
};

/// The data symbol covering `offset` (a link-time address) in `module`.
DataSymbol symbolize_data(const std::string& module, std::uint64_t offset);

/// "file.cpp:31" for the first of `frames` (return addresses, innermost first,
/// inlined frames included) whose source is outside concur's own code and the
/// system headers; "" when none has line info.
std::string first_user_code_site(const std::vector<void*>& frames);

/// Demangled names of every data object in `module`'s symbol tables (cached).
const std::vector<std::string>& data_symbol_names(const std::string& module);

}  // namespace concur::detail

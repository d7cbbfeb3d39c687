// Names addresses in loaded modules with LLVM's symbolizer (internal). The
// only place that includes LLVM headers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace concur::runtime_internal {

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
/// inlined frames included) that is neither concur's own library code (by its
/// function's namespace, see is_concur_library_function) nor in the system's
/// headers or libraries (/lib, /usr/lib, the vDSO); "" when none has line info.
std::string first_user_code_site(const std::vector<void*>& frames);

/// Demangled names of every data object in `module`'s symbol tables (cached).
const std::vector<std::string>& data_symbol_names(const std::string& module);

}  // namespace concur::runtime_internal

namespace concur::runtime_internal {

/// Whether the function named `linkage_name` (mangled, as the symbolizer reports a
/// frame) is concur's own library code: declared in namespace concur itself, as a
/// member of a concur type, or in a library namespace (concur::runtime_internal,
/// concur::testing, concur::*_internal, concur's anonymous namespace); a lambda
/// counts as the function it is written in. Code in any other namespace, including
/// others nested in concur (concur::examples), is the user's. Decided by name, not
/// by source path, so it holds wherever the sources live.
bool is_concur_library_function(std::string_view linkage_name);

/// A frame of the user's code.
struct CodeSite {
  std::string function;  ///< "money::Bank::set_rate", without parameters
  std::string file;      ///< base name
  unsigned line = 0;
};

/// The user's frames of a stack, innermost first, inlined frames included, with
/// concur's library code and the system's headers and libraries left out (as for
/// first_user_code_site). `exact_pc` (0: none) is the address of an instruction
/// itself, a fault's; `return_addresses` are its callers'. At most `limit`.
std::vector<CodeSite> user_code_sites(std::uintptr_t exact_pc, const std::vector<void*>& return_addresses,
                                      std::size_t limit);

}  // namespace concur::runtime_internal

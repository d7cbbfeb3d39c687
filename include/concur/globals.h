// Global-state mutation: which globals a block of code changed.
//
//   auto before = concur::GlobalsSnapshot::take();
//   run();
//   for (const concur::GlobalChange& c : before.changes()) puts(describe(c).c_str());
//
// The snapshot copies the writable PT_LOAD segments (minus PT_GNU_RELRO) of
// the main executable and of the modules named in GlobalsOptions into mmap'd
// memory, and the diff names each changed range with LLVM's symbolizer
// (demangled symbol, declaration file:line where debug info has it). It sees
// changed bytes, not writes: a write of the value already there, or a write
// through a global pointer into the heap, is not seen.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace concur {

struct GlobalsOptions {
  /// Modules to watch besides the main executable, matched as a substring of
  /// their path ("libbank.so").
  std::vector<std::string> modules;
  /// Symbols that may change, as globs over demangled names ("ns::*").
  std::vector<std::string> allow;
  /// Leave out libc/libstdc++ state copied into the executable, gtest, the
  /// sanitizer runtimes, lazy-binding GOT slots and concur's own state.
  bool default_ignores = true;
};

/// One global (or unnamed range) whose bytes changed.
struct GlobalChange {
  std::string symbol;  ///< demangled, "" when no symbol covers the range
  std::string module;  ///< path of the module holding it
  std::uint64_t offset = 0;  ///< of the symbol (or the range) in the module
  std::uint64_t size = 0;    ///< symbol size, 0 when unknown
  std::uint64_t bytes_changed = 0;
  std::string decl_file;  ///< from debug info, "" without it
  unsigned decl_line = 0;
};

/// "wrote 8 bytes of money::g_rates (bank.cc:12) [app+0x4a0c8, size 48]".
std::string describe(const GlobalChange& change);

struct GlobalsReport {
  std::vector<GlobalChange> changes;  ///< not ignored, not allowed
  std::vector<GlobalChange> allowed;  ///< matched an allow pattern
  /// Allow patterns that name no data symbol in the watched modules (typos).
  std::vector<std::string> unmatched_patterns;
  /// Requested modules that are not loaded.
  std::vector<std::string> missing_modules;
};

/// A copy of the watched segments. Move-only; the copy lives in its own
/// mapping, never in .data/.bss. Thread-compatible.
class GlobalsSnapshot {
 public:
  /// The first call also warms up libc, libstdc++ and the symbolizer so their
  /// one-time initialization is not reported against the caller's block.
  static GlobalsSnapshot take(GlobalsOptions options = {});

  /// Compares the watched memory now with the snapshot.
  GlobalsReport changes() const;

  GlobalsSnapshot(GlobalsSnapshot&&) noexcept;
  GlobalsSnapshot& operator=(GlobalsSnapshot&&) noexcept;
  ~GlobalsSnapshot();

  struct Region {
    std::uintptr_t start;
    std::size_t size;
    std::size_t copy_offset;  // into the mapping
    std::size_t module;       // index into modules_
  };
  struct Module {
    std::string path;
    std::uintptr_t bias;  // load address - link-time address
  };

 private:
  GlobalsSnapshot() = default;
  GlobalsOptions options_;
  std::vector<Module> modules_;
  std::vector<Region> regions_;
  std::vector<std::string> missing_modules_;
  unsigned char* copy_ = nullptr;
  std::size_t copy_size_ = 0;
};

}  // namespace concur

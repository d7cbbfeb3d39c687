// Global-state mutation: which globals a block of code changed.
//
//   auto before = concur::GlobalsSnapshot::take();
//   run();
//   for (const concur::GlobalChange& c : before.changes()) puts(describe(c).c_str());
//
// The watched memory is the writable PT_LOAD segments (minus PT_GNU_RELRO) of
// the main executable and of the modules named in GlobalsOptions. Where the
// kernel can say which pages were written (GlobalsMode::written_pages) only
// those are compared; elsewhere the segments are copied whole before the
// block and compared after (GlobalsMode::full_copy). Either way the copies
// live in mmap'd memory, and each changed range is named with LLVM's
// symbolizer (demangled symbol, declaration file:line where debug info has
// it). It sees changed bytes, not writes: a write of the value already there,
// or a write through a global pointer into the heap, is not seen.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace concur {

namespace runtime_internal {
class SavedPages;
class WriterNamingSession;
}

/// How a snapshot finds the bytes that changed.
enum class GlobalsMode {
  /// The kernel marks the pages written during the block (userfaultfd
  /// asynchronous write protection + PAGEMAP_SCAN, Linux >= 6.7): no signal
  /// is taken, and only the written pages are compared. Kernel writes (a
  /// read() into a global buffer) are marked like any other.
  written_pages,
  /// Every watched byte is copied before the block and compared after.
  full_copy,
};

/// "written pages" or "full copy".
std::string describe(GlobalsMode mode);

/// The mode snapshots use unless GlobalsOptions::mode says otherwise:
/// written_pages when this kernel and this process's permissions allow it
/// (probed once, on a scratch page), else full_copy. The environment variable
/// CONCUR_GLOBALS_MODE=full_copy forces the fallback for a whole run.
GlobalsMode globals_mode();

/// Why globals_mode() is full_copy ("this kernel has no PAGEMAP_SCAN (Linux
/// >= 6.7)", "forced by CONCUR_GLOBALS_MODE=full_copy"); "" when it is not.
std::string globals_mode_reason();

struct GlobalsOptions {
  /// Modules to watch besides the main executable, matched as a substring of
  /// their path ("libbank.so").
  std::vector<std::string> modules;
  /// Symbols that may change, as globs over demangled names ("ns::*").
  std::vector<std::string> allow;
  /// Leave out libc/libstdc++ state copied into the executable, gtest, the
  /// sanitizer runtimes, lazy-binding GOT slots and concur's own state.
  bool default_ignores = true;
  /// Use this mode instead of globals_mode(). written_pages where the kernel
  /// lacks it falls back to full_copy, and the report says why.
  std::optional<GlobalsMode> mode;
  /// Name who wrote each changed global: the first writing instruction of
  /// each thread (function, file:line, caller) and the thread. The watched
  /// pages are write-protected from take() to changes(); each write to them
  /// costs a fault and a single step (see docs/matchers/globals-writers.md for
  /// the cost and what it cannot see). x86-64, builds without ThreadSanitizer;
  /// elsewhere the report says why the writers are not named.
  bool name_writers = false;
  /// With name_writers: also count globals that only other threads changed
  /// (by default they go to GlobalsReport::by_other_threads).
  bool all_threads = false;
};

/// A thread's first write to a global while writers were named.
struct GlobalWriter {
  int tid = 0;
  std::string thread_name;
  bool snapshot_thread = false;  ///< the thread that took the snapshot (the test's)
  std::string function;          ///< "money::Bank::set_rate", "" when unknown
  std::string site;              ///< "bank.cc:57": the writing line
  std::string called_from;       ///< "test.cc:31": the next frame of the user's code
  std::string system_call;       ///< "read" when the kernel wrote it during that call
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
  /// Who wrote it, in the order they first wrote (writers named only); empty
  /// when not named or not seen (a write through another mapping).
  std::vector<GlobalWriter> writers;
};

/// "wrote 8 bytes of money::g_rates (bank.cc:12) [app+0x4a0c8, size 48]",
/// with writers named: "... in money::Bank::set_rate at bank.cc:57, called
/// from test.cc:31, on the test's thread; also written by thread 'worker-2' ...".
std::string describe(const GlobalChange& change);

struct GlobalsReport {
  std::vector<GlobalChange> changes;  ///< not ignored, not allowed
  std::vector<GlobalChange> allowed;  ///< matched an allow pattern
  /// Allow patterns that name no data symbol in the watched modules (typos).
  std::vector<std::string> unmatched_patterns;
  /// Requested modules that are not loaded.
  std::vector<std::string> missing_modules;
  /// The mode the snapshot used, and why it is not the one asked for ("" when it is).
  GlobalsMode mode = GlobalsMode::full_copy;
  std::string mode_reason;
  /// Written-page tracking failed after the snapshot was taken ("" normally):
  /// the changes listed may be incomplete.
  std::string tracking_error;
  /// With name_writers (and not all_threads): globals that only threads other
  /// than the snapshot's changed. Not counted as changes.
  std::vector<GlobalChange> by_other_threads;
  /// Why writers were asked for but not named ("" otherwise).
  std::string naming_note;
};

/// A copy of the watched segments. Move-only; the copy lives in its own
/// mapping, never in .data/.bss. Thread-compatible.
class GlobalsSnapshot {
 public:
  /// The first call also warms up libc, libstdc++ and the symbolizer (and, in
  /// written_pages mode, copies and starts tracking the watched segments) so
  /// that one-time work is not reported against, or charged to, the caller's block.
  static GlobalsSnapshot take(GlobalsOptions options = {});

  /// Compares the watched memory now with the snapshot. With name_writers
  /// the first call also ends the naming (the pages are writable again).
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
  GlobalsSnapshot();
  void start_naming_writers();
  GlobalsOptions options_;
  GlobalsMode mode_ = GlobalsMode::full_copy;
  std::string mode_reason_;
  std::unique_ptr<runtime_internal::SavedPages> saved_pages_;  // written_pages mode
  std::unique_ptr<runtime_internal::WriterNamingSession> naming_;  // name_writers
  std::string naming_reason_;  // why naming_ is null although name_writers
  std::vector<Module> modules_;
  std::vector<Region> regions_;
  std::vector<std::string> missing_modules_;
  unsigned char* copy_ = nullptr;
  std::size_t copy_size_ = 0;
};

}  // namespace concur

// Writer naming (internal; writer_naming.cpp, linked whole into every
// executable using concur::runtime together with the system-call wrappers).
//
// The watched pages are made read-only. A write to one raises SIGSEGV; the
// handler records the writing instruction, its callers and the thread, makes
// the page writable, and sets the trap flag so that the instruction completes
// and traps right after; the SIGTRAP handler protects the page again. So each
// write to a watched page is seen, not only the first per page. A page
// written more than kFaultsPerPage times during one naming is left writable.
//
// The kernel cannot write a read-only page for a system call (it would return
// EFAULT): the wrappers of the calls that write caller memory (read, recv,
// fread, stat, ...) open a window over their buffers, which makes those pages
// writable for the call and records a write "by the kernel in read()".
#pragma once

#include "detail/kernel_write_window.h"
#include "detail/written_pages.h"

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace concur::runtime_internal {

constexpr int kWriteFrames = 24;
constexpr std::uint32_t kFaultsPerPage = 256;

/// One write seen while naming writers.
struct RecordedWrite {
  std::uint64_t order;       // among all writes recorded in this naming
  std::uintptr_t address;    // the first byte written (a fault's address, or a call's buffer)
  std::size_t size;          // the buffer's size for a system call; 0 for a fault (unknown)
  std::uintptr_t pc;         // the writing instruction; 0 for a system call
  pid_t tid;
  char thread_name[16];
  const char* system_call;   // "read" when the kernel wrote it during that call, else nullptr
  int depth;
  void* frames[kWriteFrames];  // return addresses of the callers, innermost first
};

/// What one naming saw.
struct NamedWrites {
  std::vector<RecordedWrite> writes;  // in the order they happened
  std::size_t dropped = 0;            // writes beyond the record buffer
  std::vector<AddressRange> given_up;  // pages left writable after kFaultsPerPage writes
  pid_t naming_thread = 0;            // the thread that started the naming
};

/// Starts naming the writers of the whole pages inside `ranges`. One naming
/// at a time per process. False with `reason` when this build or machine
/// cannot (ThreadSanitizer, not x86-64) or another naming is running.
bool start_naming_writers(const std::vector<AddressRange>& ranges, std::string& reason);

/// Stops the running naming: every page writable again, nothing recorded any
/// more. Returns what was seen.
NamedWrites stop_naming_writers();

}  // namespace concur::runtime_internal


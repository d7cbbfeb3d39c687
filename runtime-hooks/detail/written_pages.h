// The kernel's record of which pages were written (internal; written_pages.cpp):
// userfaultfd in asynchronous write-protect mode plus the PAGEMAP_SCAN ioctl
// (Linux >= 6.7). A write to a protected page is resolved by the kernel itself
// (no signal, no handler thread); it clears the protection and the page counts
// as written until the next scan protects it again. Writes the kernel makes
// for a system call (read() into a global) are resolved the same way.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace concur::runtime_internal {

/// [start, end) of the address space.
struct AddressRange {
  std::uintptr_t start, end;
};

class WrittenPageTracker {
 public:
  /// This process's tracker, created (and the kernel probed) on first use;
  /// nullptr when the kernel or the process's permissions lack what it needs,
  /// with the reason in unavailable_reason(). After fork() the child gets a
  /// tracker of its own (the registrations do not cross fork).
  static WrittenPageTracker* get();
  static std::string unavailable_reason();

  /// Starts tracking [start, end) (rounded out to pages): registers it for
  /// asynchronous write protection and protects it. Idempotent per range.
  bool track(std::uintptr_t start, std::uintptr_t end, std::string& error);

  /// Appends the runs of pages (page-aligned) in [start, end) written since
  /// they were last collected (or tracked), and protects them again, in one
  /// atomic scan.
  bool collect_written(std::uintptr_t start, std::uintptr_t end, std::vector<AddressRange>& out, std::string& error);

  static std::size_t page_size();

  WrittenPageTracker(const WrittenPageTracker&) = delete;
  WrittenPageTracker& operator=(const WrittenPageTracker&) = delete;

 private:
  WrittenPageTracker(int uffd, int pagemap_fd) : uffd_(uffd), pagemap_fd_(pagemap_fd) {}
  ~WrittenPageTracker();
  static WrittenPageTracker* probe(std::string& reason);
  int uffd_;
  int pagemap_fd_;
};

}  // namespace concur::runtime_internal

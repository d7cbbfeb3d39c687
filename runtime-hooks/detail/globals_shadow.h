// The process's copy of the watched globals, kept current page by page with
// the kernel's written-page tracking (internal; globals_shadow.cpp).
#pragma once

#include "detail/written_pages.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace concur::runtime_internal {

/// The pages written since one snapshot was opened, with their contents as
/// they were at that moment. Thread-safe; destroy it on any thread.
class SavedPages {
 public:
  /// Tracks and copies the ranges not watched before, brings the process's
  /// copy up to date, and starts saving, for this snapshot, every page before
  /// it first changes. nullptr with `error` set when the kernel refused.
  static std::unique_ptr<SavedPages> open(const std::vector<AddressRange>& ranges, std::string& error);
  ~SavedPages();
  SavedPages(const SavedPages&) = delete;
  SavedPages& operator=(const SavedPages&) = delete;

  /// Brings the copy up to date, then calls `visit(page, before)` for each page
  /// written since open(), in address order; `before` holds the page's bytes
  /// at open(). False with `error` set when a scan failed.
  bool for_each_written(const std::function<void(std::uintptr_t page, const unsigned char* before)>& visit,
                        std::string& error) const;

 private:
  friend class GlobalsShadow;
  SavedPages() = default;
  unsigned char* allocate_page();

  std::map<std::uintptr_t, unsigned char*> pages_;  // guarded by the shadow's mutex
  std::vector<std::pair<unsigned char*, std::size_t>> chunks_;
  std::size_t used_in_last_chunk_ = 0;
};

}  // namespace concur::runtime_internal

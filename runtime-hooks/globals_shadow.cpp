// One copy of the watched globals per process, kept current page by page:
// each scan returns the pages written since the last one; before a page's copy
// is refreshed, every open snapshot that has not saved it yet gets the old
// bytes. A snapshot then compares only the pages it saved with live memory,
// so its cost follows what the block wrote, not the size of .bss.
#include "detail/globals_shadow.h"

#include "detail/globals_copy.h"
#include "detail/written_pages.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <mutex>
#include <new>

namespace concur::runtime_internal {

class GlobalsShadow {
 public:
  static GlobalsShadow& instance();

  std::mutex mu;

  bool watch(WrittenPageTracker& tracker, const AddressRange& range, std::string& error);
  bool refresh(WrittenPageTracker& tracker, std::string& error);
  void forget_parent_after_fork();
  void opened(SavedPages* pages) { open_.push_back(pages); }
  void closed(SavedPages* pages) {
    auto it = std::find(open_.begin(), open_.end(), pages);
    if (it != open_.end()) open_.erase(it);  // gone already if opened before a fork
  }

 private:
  struct Region {
    std::uintptr_t start, end;  // page-aligned
    unsigned char* copy;        // end - start bytes, an anonymous mapping
  };
  bool add_region(WrittenPageTracker& tracker, std::uintptr_t start, std::uintptr_t end, std::string& error);
  void page_written(const Region& region, std::uintptr_t page);

  pid_t pid_ = getpid();
  std::vector<Region> regions_;  // sorted by start, disjoint
  std::vector<SavedPages*> open_;
  std::vector<AddressRange> runs_;  // scratch
};

namespace {

std::uintptr_t page_down(std::uintptr_t a) { return a & ~(WrittenPageTracker::page_size() - 1); }
std::uintptr_t page_up(std::uintptr_t a) {
  return (a + WrittenPageTracker::page_size() - 1) & ~(WrittenPageTracker::page_size() - 1);
}

unsigned char* map_anonymous(std::size_t size) {
  void* mem = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) throw std::bad_alloc();
  return static_cast<unsigned char*>(mem);
}

}  // namespace

GlobalsShadow& GlobalsShadow::instance() {
  static auto* shadow = new GlobalsShadow;  // never destroyed: snapshots may outlive statics
  return *shadow;
}

// Registrations do not cross fork(): a child watches its memory afresh.
void GlobalsShadow::forget_parent_after_fork() {
  if (pid_ == getpid()) return;
  for (const Region& region : regions_) munmap(region.copy, region.end - region.start);
  regions_.clear();
  open_.clear();
  pid_ = getpid();
}

// Watches the parts of `range` no region covers yet.
bool GlobalsShadow::watch(WrittenPageTracker& tracker, const AddressRange& range, std::string& error) {
  std::uintptr_t at = page_down(range.start);
  const std::uintptr_t end = page_up(range.end);
  while (at < end) {
    auto next = std::find_if(regions_.begin(), regions_.end(), [&](const Region& r) { return r.end > at; });
    if (next != regions_.end() && next->start <= at) {
      at = next->end;  // already watched
      continue;
    }
    const std::uintptr_t piece_end = next == regions_.end() ? end : std::min(end, next->start);
    if (!add_region(tracker, at, piece_end, error)) return false;
    at = piece_end;
  }
  return true;
}

// Protects first, copies second: a write in between makes the page count as
// written, and the next scan copies it again.
bool GlobalsShadow::add_region(WrittenPageTracker& tracker, std::uintptr_t start, std::uintptr_t end,
                               std::string& error) {
  if (!tracker.track(start, end, error)) return false;
  Region region{start, end, map_anonymous(end - start)};
  detail::copy_raw(region.copy, reinterpret_cast<const unsigned char*>(start), end - start);
  regions_.insert(std::upper_bound(regions_.begin(), regions_.end(), region,
                                   [](const Region& a, const Region& b) { return a.start < b.start; }),
                  region);
  return true;
}

void GlobalsShadow::page_written(const Region& region, std::uintptr_t page) {
  const std::size_t size = WrittenPageTracker::page_size();
  unsigned char* copy = region.copy + (page - region.start);
  for (SavedPages* pages : open_) {
    auto [it, inserted] = pages->pages_.try_emplace(page, nullptr);
    if (!inserted) continue;  // it saved this page when it first changed
    it->second = pages->allocate_page();
    detail::copy_raw(it->second, copy, size);
  }
  detail::copy_raw(copy, reinterpret_cast<const unsigned char*>(page), size);
}

bool GlobalsShadow::refresh(WrittenPageTracker& tracker, std::string& error) {
  for (std::size_t i = 0; i < regions_.size(); ++i) {
    const Region& region = regions_[i];
    runs_.clear();
    if (!tracker.collect_written(region.start, region.end, runs_, error)) {
      // The mapping went away (a module was unloaded) or changed under us:
      // stop watching it; a later snapshot watches it afresh.
      munmap(region.copy, region.end - region.start);
      regions_.erase(regions_.begin() + static_cast<std::ptrdiff_t>(i));
      return false;
    }
    for (const AddressRange& run : runs_)
      for (std::uintptr_t page = run.start; page < run.end; page += WrittenPageTracker::page_size())
        page_written(region, page);
  }
  return true;
}

unsigned char* SavedPages::allocate_page() {
  constexpr std::size_t kPagesPerChunk = 64;
  const std::size_t page = WrittenPageTracker::page_size();
  if (chunks_.empty() || used_in_last_chunk_ == kPagesPerChunk) {
    chunks_.emplace_back(map_anonymous(kPagesPerChunk * page), kPagesPerChunk * page);
    used_in_last_chunk_ = 0;
  }
  return chunks_.back().first + page * used_in_last_chunk_++;
}

std::unique_ptr<SavedPages> SavedPages::open(const std::vector<AddressRange>& ranges, std::string& error) {
  WrittenPageTracker* tracker = WrittenPageTracker::get();
  if (tracker == nullptr) {
    error = WrittenPageTracker::unavailable_reason();
    return nullptr;
  }
  GlobalsShadow& shadow = GlobalsShadow::instance();
  std::lock_guard lock(shadow.mu);
  shadow.forget_parent_after_fork();
  auto watch_all = [&] {
    return std::all_of(ranges.begin(), ranges.end(),
                       [&](const AddressRange& range) { return shadow.watch(*tracker, range, error); });
  };
  // A refresh that fails drops the region it failed on; watching once more
  // picks up a module that was unloaded and loaded again.
  if (!watch_all() || (!shadow.refresh(*tracker, error) && (!watch_all() || !shadow.refresh(*tracker, error))))
    return nullptr;
  error.clear();
  std::unique_ptr<SavedPages> pages(new SavedPages);
  shadow.opened(pages.get());
  return pages;
}

SavedPages::~SavedPages() {
  {
    GlobalsShadow& shadow = GlobalsShadow::instance();
    std::lock_guard lock(shadow.mu);
    shadow.closed(this);
  }
  for (const auto& [chunk, size] : chunks_) munmap(chunk, size);
}

bool SavedPages::for_each_written(
    const std::function<void(std::uintptr_t page, const unsigned char* before)>& visit, std::string& error) const {
  WrittenPageTracker* tracker = WrittenPageTracker::get();
  if (tracker == nullptr) {
    error = "written-page tracking stopped: " + WrittenPageTracker::unavailable_reason();
    return false;
  }
  GlobalsShadow& shadow = GlobalsShadow::instance();
  std::lock_guard lock(shadow.mu);
  shadow.forget_parent_after_fork();
  if (!shadow.refresh(*tracker, error)) return false;
  for (const auto& [page, before] : pages_) visit(page, before);
  return true;
}

}  // namespace concur::runtime_internal

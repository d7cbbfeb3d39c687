// Written-page tracking with userfaultfd (asynchronous write protection) and
// PAGEMAP_SCAN, probed at run time: the build machine's headers may predate
// both (Debian 12 ships Linux 6.1 headers), so the ABI is spelled out here.
#include "detail/written_pages.h"

#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>

namespace concur::runtime_internal {
namespace {

// From <linux/userfaultfd.h> and <linux/fs.h> of Linux 6.7.
constexpr std::uint64_t kFeatureWpUnpopulated = 1u << 13;
constexpr std::uint64_t kFeatureWpAsync = 1u << 15;
struct PageRegion {
  std::uint64_t start, end, categories;
};
struct PmScanArg {
  std::uint64_t size, flags, start, end, walk_end, vec, vec_len, max_pages, category_inverted, category_mask,
      category_anyof_mask, return_mask;
};
constexpr unsigned long kPagemapScan = _IOWR('f', 16, PmScanArg);
constexpr std::uint64_t kPageIsWritten = 1u << 1;
constexpr std::uint64_t kScanWpMatching = 1u << 0;
constexpr std::uint64_t kScanCheckWpAsync = 1u << 1;
constexpr int kUserModeOnly = 1;  // UFFD_USER_MODE_ONLY (Linux 5.11)

std::string errno_text(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

int open_userfaultfd(std::string& reason) {
  // Unprivileged processes may only get faults raised in user mode; that is
  // all asynchronous write protection needs (the kernel resolves its own).
  int fd = static_cast<int>(syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK));
  if (fd < 0 && errno == EPERM) fd = static_cast<int>(syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK | kUserModeOnly));
  if (fd < 0 && errno == EPERM)
    reason = errno_text("userfaultfd") + " (vm.unprivileged_userfaultfd=0, no CAP_SYS_PTRACE, and UFFD_USER_MODE_ONLY refused)";
  else if (fd < 0)
    reason = errno_text("userfaultfd");
  return fd;
}

bool enable_async_write_protect(int uffd, std::string& reason) {
  uffdio_api api{};
  api.api = UFFD_API;
  api.features = kFeatureWpAsync | kFeatureWpUnpopulated;
  if (ioctl(uffd, UFFDIO_API, &api) == 0) return true;
  reason = errno == EINVAL ? "this kernel has no asynchronous userfaultfd write protection (Linux >= 6.7)"
                           : errno_text("UFFDIO_API");
  return false;
}

bool register_and_protect(int uffd, std::uintptr_t start, std::uintptr_t end, std::string& error) {
  uffdio_register reg{};
  reg.range = {start, end - start};
  reg.mode = UFFDIO_REGISTER_MODE_WP;
  if (ioctl(uffd, UFFDIO_REGISTER, &reg) != 0) {
    error = errno_text("UFFDIO_REGISTER");
    return false;
  }
  uffdio_writeprotect wp{};
  wp.range = {start, end - start};
  wp.mode = UFFDIO_WRITEPROTECT_MODE_WP;
  if (ioctl(uffd, UFFDIO_WRITEPROTECT, &wp) != 0) {
    error = errno_text("UFFDIO_WRITEPROTECT");
    return false;
  }
  return true;
}

// One scan over [start, end): the written pages, protected again.
long scan_written(int pagemap_fd, std::uintptr_t start, std::uintptr_t end, PageRegion* regions, std::size_t capacity,
                  std::uintptr_t& walk_end) {
  PmScanArg arg{};
  arg.size = sizeof arg;
  arg.flags = kScanWpMatching | kScanCheckWpAsync;
  arg.start = start;
  arg.end = end;
  arg.vec = reinterpret_cast<std::uintptr_t>(regions);
  arg.vec_len = capacity;
  arg.category_mask = kPageIsWritten;
  arg.return_mask = kPageIsWritten;
  const long n = ioctl(pagemap_fd, kPagemapScan, &arg);
  walk_end = arg.walk_end;
  return n;
}

}  // namespace

std::size_t WrittenPageTracker::page_size() {
  static const std::size_t size = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  return size;
}

WrittenPageTracker::~WrittenPageTracker() {
  close(uffd_);
  close(pagemap_fd_);
}

// Checks the whole path on a scratch page: register, protect, write, scan.
WrittenPageTracker* WrittenPageTracker::probe(std::string& reason) {
  const int uffd = open_userfaultfd(reason);
  if (uffd < 0) return nullptr;
  if (!enable_async_write_protect(uffd, reason)) {
    close(uffd);
    return nullptr;
  }
  const int pagemap_fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
  if (pagemap_fd < 0) {
    reason = errno_text("/proc/self/pagemap");
    close(uffd);
    return nullptr;
  }
  auto* tracker = new WrittenPageTracker(uffd, pagemap_fd);
  const std::size_t page = page_size();
  void* scratch = mmap(nullptr, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  bool works = scratch != MAP_FAILED;
  if (works) {
    const auto start = reinterpret_cast<std::uintptr_t>(scratch);
    std::vector<AddressRange> written;
    works = tracker->track(start, start + page, reason) && tracker->collect_written(start, start + page, written, reason);
    static_cast<volatile char*>(scratch)[0] = 1;
    written.clear();
    works = works && tracker->collect_written(start, start + page, written, reason);
    if (works && written.size() != 1) {
      reason = "PAGEMAP_SCAN did not report a page written after write protection";
      works = false;
    }
    munmap(scratch, page);
  } else {
    reason = errno_text("mmap");
  }
  if (!works) {
    delete tracker;
    return nullptr;
  }
  return tracker;
}

namespace {
struct TrackerState {
  std::mutex mu;
  pid_t probed_in = 0;
  WrittenPageTracker* tracker = nullptr;
  std::string reason;
};
TrackerState& tracker_state() {
  static auto* state = new TrackerState;  // never destroyed: snapshots may outlive statics
  return *state;
}
}  // namespace

WrittenPageTracker* WrittenPageTracker::get() {
  TrackerState& s = tracker_state();
  std::lock_guard lock(s.mu);
  if (s.probed_in != getpid()) {
    // A forked child inherits the parent's userfaultfd, which still acts on
    // the parent's memory: leave it alone and probe afresh.
    s.tracker = probe(s.reason);
    s.probed_in = getpid();
  }
  return s.tracker;
}

std::string WrittenPageTracker::unavailable_reason() {
  WrittenPageTracker* tracker = get();
  TrackerState& s = tracker_state();
  std::lock_guard lock(s.mu);
  return tracker != nullptr ? std::string() : s.reason;
}

bool WrittenPageTracker::track(std::uintptr_t start, std::uintptr_t end, std::string& error) {
  const std::uintptr_t page = page_size();
  return register_and_protect(uffd_, start & ~(page - 1), (end + page - 1) & ~(page - 1), error);
}

bool WrittenPageTracker::collect_written(std::uintptr_t start, std::uintptr_t end, std::vector<AddressRange>& out,
                                         std::string& error) {
  const std::uintptr_t page = page_size();
  start &= ~(page - 1);
  end = (end + page - 1) & ~(page - 1);
  PageRegion regions[64];
  while (start < end) {
    std::uintptr_t walk_end = end;
    const long n = scan_written(pagemap_fd_, start, end, regions, std::size(regions), walk_end);
    if (n < 0) {
      error = errno == ENOTTY ? "this kernel has no PAGEMAP_SCAN (Linux >= 6.7)" : errno_text("PAGEMAP_SCAN");
      return false;
    }
    for (long i = 0; i < n; ++i) out.push_back({regions[i].start, regions[i].end});
    if (walk_end <= start) break;  // no progress: nothing more to report
    start = walk_end;
  }
  return true;
}

}  // namespace concur::runtime_internal

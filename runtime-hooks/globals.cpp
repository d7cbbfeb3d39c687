// GlobalsSnapshot: copy the writable, non-RELRO load segments, diff, name.
#include "concur/globals.h"

#include "detail/globals_copy.h"
#include "detail/globals_shadow.h"
#include "detail/globals_writers.h"
#include "detail/symbolizer.h"
#include "detail/written_pages.h"

#include <elf.h>
#include <fnmatch.h>
#include <link.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <utility>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <locale>
#include <map>
#include <mutex>
#include <new>
#include <sstream>
#include <stdexcept>

namespace concur::detail {

// One spare copy mapping is kept between snapshots: a test takes one per
// assertion, and faulting in a fresh 64 MiB mapping costs more than copying
// into it. The spare lives in concur's own state (ignored by the diff).
namespace {
std::atomic<unsigned char*> g_spare_copy{nullptr};
std::atomic<std::size_t> g_spare_size{0};
std::mutex g_spare_mutex;
}  // namespace

unsigned char* acquire_copy_mapping(std::size_t wanted, std::size_t& size) {
  {
    std::lock_guard<std::mutex> lock(g_spare_mutex);
    unsigned char* spare = g_spare_copy.load(std::memory_order_relaxed);
    const std::size_t spare_size = g_spare_size.load(std::memory_order_relaxed);
    if (spare != nullptr && spare_size >= wanted) {
      g_spare_copy.store(nullptr, std::memory_order_relaxed);
      g_spare_size.store(0, std::memory_order_relaxed);
      size = spare_size;
      return spare;
    }
  }
  void* mem = mmap(nullptr, wanted, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) throw std::bad_alloc();
  size = wanted;
  return static_cast<unsigned char*>(mem);
}

void release_copy_mapping(unsigned char* mapping, std::size_t size) {
  unsigned char* evicted = nullptr;
  std::size_t evicted_size = 0;
  {
    std::lock_guard<std::mutex> lock(g_spare_mutex);
    if (g_spare_size.load(std::memory_order_relaxed) < size) {
      evicted = g_spare_copy.exchange(mapping, std::memory_order_relaxed);
      evicted_size = g_spare_size.exchange(size, std::memory_order_relaxed);
    } else {
      evicted = mapping;
      evicted_size = size;
    }
  }
  if (evicted != nullptr) munmap(evicted, evicted_size);
}

}  // namespace concur::detail

namespace concur {
namespace {

// State of libc/libstdc++ that lives in (or is copied into) the executable,
// plus code that is not the user's. Globs over demangled names.
constexpr const char* kDefaultIgnores[] = {
    "concur::*", "concur_*", "testing::*", "std::*", "__gnu_cxx::*", "__cxxabiv1::*",
    "environ", "__environ", "_environ", "stdin", "stdout", "stderr",
    "__progname", "__progname_full", "program_invocation_name", "program_invocation_short_name",
    "optarg", "optind", "opterr", "optopt", "__libc_*", "_IO_*",
    "_GLOBAL_OFFSET_TABLE_",  // lazy binding fills PLT slots on first call
    "completed.*", "__TMC_END__", "__dso_handle",
    "__tsan*", "__asan*", "__lsan*", "__ubsan*", "__msan*", "__sanitizer*", "__interception*",
    "__sancov*", "__llvm_*", "__gcov*",
};

constexpr std::string_view kGuardPrefix = "guard variable for ";

bool glob_matches(const std::string& pattern, const std::string& name) {
  if (fnmatch(pattern.c_str(), name.c_str(), 0) == 0) return true;
  // A magic static's guard belongs to the variable it guards.
  if (name.starts_with(kGuardPrefix))
    return fnmatch(pattern.c_str(), name.c_str() + kGuardPrefix.size(), 0) == 0;
  return false;
}

bool default_ignored(const std::string& name) {
  return std::any_of(std::begin(kDefaultIgnores), std::end(kDefaultIgnores),
                     [&](const char* p) { return glob_matches(p, name); });
}

std::string self_exe_path() {
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
}

struct Interval {
  std::uintptr_t start, end;
};

struct PhdrScan {
  const GlobalsOptions* options;
  std::vector<GlobalsSnapshot::Module>* modules;
  std::vector<Interval> intervals;  // parallel to module_of
  std::vector<std::size_t> module_of;
  std::vector<bool> found;  // per requested module
  bool first = true;
};

int collect_segments(dl_phdr_info* info, std::size_t, void* data) {
  auto& scan = *static_cast<PhdrScan*>(data);
  std::string path;
  if (scan.first) {
    scan.first = false;
    path = self_exe_path();
  } else {
    const std::string name = info->dlpi_name ? info->dlpi_name : "";
    for (std::size_t i = 0; i < scan.options->modules.size(); ++i) {
      if (!name.empty() && name.find(scan.options->modules[i]) != std::string::npos) {
        scan.found[i] = true;
        path = name;
      }
    }
    if (path.empty()) return 0;
  }
  const std::size_t module = scan.modules->size();
  scan.modules->push_back({path, static_cast<std::uintptr_t>(info->dlpi_addr)});

  Interval relro{0, 0};
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    if (ph.p_type == PT_GNU_RELRO)
      relro = {info->dlpi_addr + ph.p_vaddr, info->dlpi_addr + ph.p_vaddr + ph.p_memsz};
  }
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_LOAD || (ph.p_flags & PF_W) == 0) continue;
    Interval seg{info->dlpi_addr + ph.p_vaddr, info->dlpi_addr + ph.p_vaddr + ph.p_memsz};
    // Subtract RELRO: what is left is at most one piece on each side.
    Interval pieces[2] = {{seg.start, std::min(seg.end, relro.start)},
                          {std::max(seg.start, relro.end), seg.end}};
    if (relro.start == relro.end) pieces[1] = {0, 0}, pieces[0] = seg;
    for (const Interval& piece : pieces) {
      if (piece.start < piece.end) {
        scan.intervals.push_back(piece);
        scan.module_of.push_back(module);
      }
    }
  }
  return 0;
}

// One-time initialization of libc, libstdc++ and the symbolizer that would
// otherwise show up as changes inside the first measured block.
void warm_up() {
  static std::once_flag once;
  std::call_once(once, [] {
    tzset();
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%f %s", 1.5, "x");
    std::ostringstream os;
    os.imbue(std::locale());
    os << 1.5 << 42;
    GlobalsSnapshot probe = GlobalsSnapshot::take();
    (void)probe.changes();
  });
}

std::string short_module_name(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

constexpr const char* kModeVariable = "CONCUR_GLOBALS_MODE";

// The byte runs that differ in one watched region, as offsets into it.
using RegionRuns = std::vector<std::vector<detail::ByteRun>>;

void append_run(std::vector<detail::ByteRun>& runs, std::size_t offset, std::size_t size) {
  if (!runs.empty() && runs.back().offset + runs.back().size == offset)
    runs.back().size += size;
  else
    runs.push_back({offset, size});
}

}  // namespace

std::string describe(GlobalsMode mode) { return mode == GlobalsMode::written_pages ? "written pages" : "full copy"; }

GlobalsMode globals_mode() { return globals_mode_reason().empty() ? GlobalsMode::written_pages : GlobalsMode::full_copy; }

std::string globals_mode_reason() {
  const char* forced = std::getenv(kModeVariable);
  if (forced != nullptr && std::strcmp(forced, "full_copy") == 0)
    return std::string("forced by ") + kModeVariable + "=full_copy";
  return runtime_internal::WrittenPageTracker::unavailable_reason();
}

std::string describe(const GlobalChange& c) {
  std::ostringstream os;
  os << "wrote " << c.bytes_changed << (c.bytes_changed == 1 ? " byte of " : " bytes of ");
  os << (c.symbol.empty() ? std::string("an unnamed range") : c.symbol);
  if (!c.decl_file.empty()) {
    os << " (" << short_module_name(c.decl_file);
    if (c.decl_line != 0) os << ":" << c.decl_line;
    os << ")";
  }
  os << " [" << short_module_name(c.module) << "+0x" << std::hex << c.offset << std::dec;
  if (c.size != 0) os << ", size " << c.size;
  os << "]";
  for (std::size_t i = 0; i < c.writers.size(); ++i) {
    const GlobalWriter& w = c.writers[i];
    os << (i == 0 ? " " : "; also written ");
    if (!w.system_call.empty()) {
      os << "by the kernel in " << w.system_call << "()";
      if (!w.called_from.empty()) os << " called from " << w.called_from;
    } else {
      if (!w.function.empty()) os << "in " << w.function << " at " << w.site;
      if (!w.called_from.empty()) os << (w.function.empty() ? "" : ", ") << "called from " << w.called_from;
      if (w.function.empty() && w.called_from.empty()) os << "by code without debug info";
    }
    if (w.snapshot_thread)
      os << ", on the test's thread";
    else
      os << ", on thread '" << w.thread_name << "' (tid " << w.tid << ")";
  }
  return os.str();
}

GlobalsSnapshot GlobalsSnapshot::take(GlobalsOptions options) {
  static std::atomic<bool> warming{false};
  if (!warming.exchange(true)) warm_up();

  GlobalsSnapshot snap;
  snap.options_ = std::move(options);
  const GlobalsMode wanted = snap.options_.mode.value_or(globals_mode());
  if (!snap.options_.mode && wanted == GlobalsMode::full_copy) snap.mode_reason_ = globals_mode_reason();
  PhdrScan scan{&snap.options_, &snap.modules_, {}, {}, std::vector<bool>(snap.options_.modules.size())};
  dl_iterate_phdr(collect_segments, &scan);
  for (std::size_t i = 0; i < scan.found.size(); ++i)
    if (!scan.found[i]) snap.missing_modules_.push_back(snap.options_.modules[i]);

  std::size_t total = 0;
  for (std::size_t i = 0; i < scan.intervals.size(); ++i) {
    const Interval& in = scan.intervals[i];
    snap.regions_.push_back({in.start, in.end - in.start, total, scan.module_of[i]});
    total += in.end - in.start;
  }
  if (wanted == GlobalsMode::written_pages) {
    std::vector<runtime_internal::AddressRange> ranges;
    for (const Region& r : snap.regions_) ranges.push_back({r.start, r.start + r.size});
    std::string error;
    snap.saved_pages_ = runtime_internal::SavedPages::open(ranges, error);
    if (snap.saved_pages_ != nullptr) {
      snap.mode_ = GlobalsMode::written_pages;
      snap.start_naming_writers();
      return snap;
    }
    snap.mode_reason_ = "written pages unavailable: " + error;
  }
  snap.mode_ = GlobalsMode::full_copy;
  if (total == 0) return snap;
  snap.copy_ = detail::acquire_copy_mapping(total, snap.copy_size_);
  for (const Region& r : snap.regions_)
    detail::copy_raw(snap.copy_ + r.copy_offset, reinterpret_cast<const unsigned char*>(r.start), r.size);
  snap.start_naming_writers();
  return snap;
}

// Last thing take() does: from here on, writes to the watched pages fault.
void GlobalsSnapshot::start_naming_writers() {
  if (!options_.name_writers) return;
  std::vector<runtime_internal::AddressRange> ranges;
  for (const Region& r : regions_) ranges.push_back({r.start, r.start + r.size});
  naming_ = runtime_internal::WriterNamingSession::start(ranges, naming_reason_);
}

GlobalsReport GlobalsSnapshot::changes() const {
  if (naming_ != nullptr) naming_->finish();  // the pages are writable again
  GlobalsReport report;
  report.missing_modules = missing_modules_;
  if (options_.name_writers && naming_ == nullptr) report.naming_note = "writers not named: " + naming_reason_;
  if (naming_ != nullptr && !naming_->losses().empty()) report.naming_note = "some writers may be missing: " + naming_->losses();
  report.mode = mode_;
  report.mode_reason = mode_reason_;
  RegionRuns region_runs(regions_.size());
  if (mode_ == GlobalsMode::full_copy) {
    for (std::size_t i = 0; i < regions_.size(); ++i) {
      const Region& r = regions_[i];
      detail::diff_raw(reinterpret_cast<const unsigned char*>(r.start), copy_ + r.copy_offset, r.size, region_runs[i]);
    }
  } else {
    // Only the pages written since take(), each against its saved bytes.
    const std::uintptr_t page_size = runtime_internal::WrittenPageTracker::page_size();
    std::vector<detail::ByteRun> piece_runs;
    auto diff_page = [&](std::uintptr_t page, const unsigned char* before) {
      for (std::size_t i = 0; i < regions_.size(); ++i) {
        const Region& r = regions_[i];
        const std::uintptr_t lo = std::max(page, r.start), hi = std::min(page + page_size, r.start + r.size);
        if (lo >= hi) continue;
        piece_runs.clear();
        detail::diff_raw(reinterpret_cast<const unsigned char*>(lo), before + (lo - page), hi - lo, piece_runs);
        for (const detail::ByteRun& run : piece_runs) append_run(region_runs[i], lo - r.start + run.offset, run.size);
      }
    };
    saved_pages_->for_each_written(diff_page, report.tracking_error);
  }
  std::map<std::pair<std::size_t, std::uint64_t>, GlobalChange> by_symbol;
  for (std::size_t i = 0; i < regions_.size(); ++i) {
    const Region& r = regions_[i];
    const Module& m = modules_[r.module];
    for (const detail::ByteRun& run : region_runs[i]) {
      std::uint64_t at = r.start + run.offset - m.bias;  // link-time address
      const std::uint64_t end = at + run.size;
      while (at < end) {
        detail::DataSymbol sym = detail::symbolize_data(m.path, at);
        std::uint64_t key = at, chunk_end = end;
        GlobalChange change;
        change.module = m.path;
        change.offset = at;
        if (sym.found) {
          key = sym.start;
          change.symbol = sym.name;
          change.offset = sym.start;
          change.size = sym.size;
          change.decl_file = sym.decl_file;
          change.decl_line = sym.decl_line;
          if (sym.size != 0 && sym.start + sym.size > at) chunk_end = std::min(end, sym.start + sym.size);
        }
        auto [it, inserted] = by_symbol.try_emplace({r.module, key}, std::move(change));
        it->second.bytes_changed += chunk_end - at;
        at = chunk_end;
      }
    }
  }
  if (naming_ != nullptr) {
    for (auto& [key, change] : by_symbol) {
      const std::uintptr_t start = modules_[key.first].bias + change.offset;
      change.writers = naming_->writers_of(start, start + (change.size != 0 ? change.size : change.bytes_changed));
    }
  }
  std::vector<std::string> changed_names;
  for (const auto& [key, change] : by_symbol) changed_names.push_back(change.symbol);
  auto is_guard_of_reported_variable = [&](const std::string& name) {
    return name.starts_with(kGuardPrefix) &&
           std::find(changed_names.begin(), changed_names.end(), name.substr(kGuardPrefix.size())) !=
               changed_names.end();
  };
  for (auto& [key, change] : by_symbol) {
    if (options_.default_ignores && default_ignored(change.symbol)) continue;
    if (is_guard_of_reported_variable(change.symbol)) continue;  // the variable says it all
    const bool allowed = std::any_of(options_.allow.begin(), options_.allow.end(),
                                     [&](const std::string& p) { return glob_matches(p, change.symbol); });
    // A change no writer was seen making is counted: it may be the block's.
    const bool only_other_threads =
        naming_ != nullptr && !options_.all_threads && !change.writers.empty() &&
        std::none_of(change.writers.begin(), change.writers.end(), [](const GlobalWriter& w) { return w.snapshot_thread; });
    if (only_other_threads)
      report.by_other_threads.push_back(std::move(change));
    else
      (allowed ? report.allowed : report.changes).push_back(std::move(change));
  }
  for (const std::string& pattern : options_.allow) {
    bool matches_any = false;
    for (const Module& m : modules_) {
      const auto& names = detail::data_symbol_names(m.path);
      matches_any = std::any_of(names.begin(), names.end(),
                                [&](const std::string& n) { return glob_matches(pattern, n); });
      if (matches_any) break;
    }
    if (!matches_any) report.unmatched_patterns.push_back(pattern);
  }
  return report;
}

GlobalsSnapshot::GlobalsSnapshot() = default;

GlobalsSnapshot::GlobalsSnapshot(GlobalsSnapshot&& other) noexcept
    : options_(std::move(other.options_)),
      mode_(other.mode_),
      mode_reason_(std::move(other.mode_reason_)),
      saved_pages_(std::move(other.saved_pages_)),
      naming_(std::move(other.naming_)),
      naming_reason_(std::move(other.naming_reason_)),
      modules_(std::move(other.modules_)),
      regions_(std::move(other.regions_)),
      missing_modules_(std::move(other.missing_modules_)),
      copy_(std::exchange(other.copy_, nullptr)),
      copy_size_(std::exchange(other.copy_size_, 0)) {}

GlobalsSnapshot& GlobalsSnapshot::operator=(GlobalsSnapshot&& other) noexcept {
  if (this != &other) {
    this->~GlobalsSnapshot();
    new (this) GlobalsSnapshot(std::move(other));
  }
  return *this;
}

GlobalsSnapshot::~GlobalsSnapshot() {
  if (copy_ != nullptr) detail::release_copy_mapping(copy_, copy_size_);
}

}  // namespace concur

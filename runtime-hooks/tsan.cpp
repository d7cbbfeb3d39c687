// TsanCapture: copy TSan reports raised inside a block into a preallocated
// buffer from TSan's report hook, and suppress them there.
#include "concur/tsan.h"

#include "detail/sanitizer.h"

#include <sstream>
#include <stdexcept>

#if defined(CONCUR_TSAN)
#include <sanitizer/common_interface_defs.h>
#include <sanitizer/tsan_interface.h>

#include <atomic>
#include <cstring>

namespace __tsan {
struct ReportDesc;
// Weak in the TSan runtime: called for each report before it is printed;
// returning true drops the report (not printed, not counted for exit code 66).
bool OnReport(const ReportDesc* rep, bool suppressed);
}  // namespace __tsan

namespace concur::detail {
namespace {

constexpr int kMaxReports = 64;
constexpr int kMaxMops = 4;
constexpr int kMaxFrames = 24;

struct RawMop {
  int tid, size, write, atomic;
  void* addr;
  void* trace[kMaxFrames];
};
struct RawReport {
  char kind[48];
  int mop_count;
  RawMop mops[kMaxMops];
  char loc_type[24];
  void* loc_start;
  unsigned long loc_size;
  int has_loc;
};

// Preallocated: the hook runs under TSan's internal locks and must not allocate.
RawReport g_reports[kMaxReports];
std::atomic<int> g_report_count{0};
std::atomic<int> g_dropped{0};
std::atomic<bool> g_capturing{false};

void copy_cstr(char* dst, std::size_t cap, const char* src) {
  std::size_t i = 0;
  for (; src != nullptr && src[i] != '\0' && i + 1 < cap; ++i) dst[i] = src[i];
  dst[i] = '\0';
}

void capture(void* rep) {
  int slot = g_report_count.fetch_add(1);
  if (slot >= kMaxReports) {
    g_report_count.fetch_sub(1);
    g_dropped.fetch_add(1);
    return;
  }
  RawReport& r = g_reports[slot];
  std::memset(&r, 0, sizeof r);
  const char* description = nullptr;
  int count = 0, stacks = 0, mops = 0, locs = 0, mutexes = 0, threads = 0, tids = 0;
  void* sleep_trace[1] = {};
  __tsan_get_report_data(rep, &description, &count, &stacks, &mops, &locs, &mutexes, &threads,
                         &tids, sleep_trace, 1);
  copy_cstr(r.kind, sizeof r.kind, description);
  r.mop_count = mops < kMaxMops ? mops : kMaxMops;
  for (int i = 0; i < r.mop_count; ++i) {
    RawMop& m = r.mops[i];
    __tsan_get_report_mop(rep, i, &m.tid, &m.addr, &m.size, &m.write, &m.atomic, m.trace, kMaxFrames);
  }
  if (locs > 0) {
    const char* type = nullptr;
    void* addr = nullptr;
    int tid = 0, fd = 0, suppressable = 0;
    void* trace[1] = {};
    if (__tsan_get_report_loc(rep, 0, &type, &addr, &r.loc_start, &r.loc_size, &tid, &fd,
                              &suppressable, trace, 1)) {
      r.has_loc = 1;
      copy_cstr(r.loc_type, sizeof r.loc_type, type);
    }
  }
}

// One frame per line, inlined frames included (the sanitizer symbolizer
// writes them NUL-separated into the buffer, ending with an empty string).
// "f() /long/path/x.cc:12" -> "f() x.cc:12"
std::string without_directories(std::string frame) {
  std::size_t file = frame.rfind(' ') + 1;  // npos + 1 == 0
  std::size_t slash = frame.rfind('/');
  if (slash != std::string::npos && slash >= file) frame.erase(file, slash + 1 - file);
  return frame;
}

void append_frames(void* pc, std::vector<std::string>& frames) {
  char buf[2048] = {};
  __sanitizer_symbolize_pc(pc, "%f %s:%l", buf, sizeof buf);
  for (const char* frame = buf; *frame != '\0' && frame < buf + sizeof buf; frame += std::strlen(frame) + 1)
    frames.push_back(without_directories(frame));
}

std::string location_text(const RawReport& r) {
  if (!r.has_loc) return "";
  std::ostringstream os;
  const std::string type = r.loc_type;
  if (type == "global" && r.mop_count > 0) {
    char name[512] = {};
    __sanitizer_symbolize_global(r.mops[0].addr, "'%g' %s:%l", name, sizeof name);
    os << "global " << (name[0] ? without_directories(name) : "?");
  } else if (type == "heap") {
    os << "heap block of size " << r.loc_size << " at " << r.loc_start;
  } else {
    os << type;
  }
  return os.str();
}

TsanReport convert(const RawReport& r) {
  TsanReport report;
  report.kind = r.kind;
  for (int i = 0; i < r.mop_count; ++i) {
    const RawMop& m = r.mops[i];
    TsanAccess a;
    a.thread = m.tid;
    a.address = reinterpret_cast<std::uintptr_t>(m.addr);
    a.size = m.size;
    a.write = m.write != 0;
    a.atomic = m.atomic != 0;
    for (int f = 0; f < kMaxFrames && m.trace[f] != nullptr; ++f)
      if (f == 0 || m.trace[f] != m.trace[f - 1]) append_frames(m.trace[f], a.stack);
    report.accesses.push_back(std::move(a));
  }
  report.location = location_text(r);
  return report;
}

}  // namespace
}  // namespace concur::detail

bool __tsan::OnReport(const ReportDesc* rep, bool suppressed) {
  if (!suppressed && concur::detail::g_capturing.load(std::memory_order_acquire)) {
    concur::detail::capture(const_cast<ReportDesc*>(rep));
    return true;
  }
  return suppressed;
}

#endif  // CONCUR_TSAN

namespace concur {

bool tsan_enabled() {
#if defined(CONCUR_TSAN)
  return true;
#else
  return false;
#endif
}

std::string describe(const TsanReport& report) {
  std::ostringstream os;
  os << report.kind;
  for (std::size_t i = 0; i < report.accesses.size(); ++i) {
    const TsanAccess& a = report.accesses[i];
    os << "\n  " << (i == 0 ? "" : "previous ") << (a.atomic ? "atomic " : "") << (a.write ? "write" : "read")
       << " of size " << a.size << " at 0x" << std::hex << a.address << std::dec << " by thread T" << a.thread;
    // The user's frames tell the story; std::thread/invoke plumbing does not.
    int shown = 0;
    for (std::size_t f = 0; f < a.stack.size() && shown < 4; ++f) {
      const std::string& frame = a.stack[f];
      if (frame.starts_with("std::") || frame.starts_with("void std::") || frame.starts_with("<null>")) continue;
      os << "\n    #" << f << " " << frame;
      ++shown;
    }
  }
  if (!report.location.empty()) os << "\n  location: " << report.location;
  return os.str();
}

TsanCapture::TsanCapture() {
#if defined(CONCUR_TSAN)
  if (detail::g_capturing.exchange(true)) throw std::logic_error("a TsanCapture is already open");
  detail::g_report_count.store(0);
  detail::g_dropped.store(0);
  open_ = true;
#else
  throw std::logic_error("concur was built without ThreadSanitizer (-fsanitize=thread)");
#endif
}

TsanCapture::~TsanCapture() {
  if (open_) (void)finish();
}

std::vector<TsanReport> TsanCapture::finish() {
  std::vector<TsanReport> reports;
#if defined(CONCUR_TSAN)
  if (!open_) return reports;
  detail::g_capturing.store(false, std::memory_order_release);
  open_ = false;
  const int n = detail::g_report_count.load();
  for (int i = 0; i < n && i < detail::kMaxReports; ++i) reports.push_back(detail::convert(detail::g_reports[i]));
  dropped_ = static_cast<std::size_t>(detail::g_dropped.load());
#endif
  return reports;
}

}  // namespace concur

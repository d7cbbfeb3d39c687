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
constexpr int kMaxCycle = 4;  // lock-order edges kept per report

constexpr const char kLockOrderInversion[] = "lock-order-inversion";

struct RawMop {
  int tid, size, write, atomic;
  void* addr;
  void* trace[kMaxFrames];
};
struct RawMutex {
  std::uint64_t id;
  void* addr;
};
// Edge i of a cycle: mutex i+1 locked while mutex i was held, by thread i.
struct RawEdge {
  int tid;
  void* acquired_trace[kMaxFrames];
  void* held_trace[kMaxFrames];  // second_deadlock_stack=1 only
};
struct RawReport {
  char kind[48];
  int mop_count;
  RawMop mops[kMaxMops];
  char loc_type[24];
  void* loc_start;
  unsigned long loc_size;
  int has_loc;
  int cycle_length;
  RawMutex mutexes[kMaxCycle];
  RawEdge edges[kMaxCycle];
};

// Preallocated: the hook runs under TSan's internal locks and must not allocate.
RawReport g_reports[kMaxReports];
std::atomic<int> g_report_count{0};
std::atomic<int> g_dropped{0};
std::atomic<bool> g_capturing{false};
std::atomic<bool> g_lock_order_only{false};

void copy_cstr(char* dst, std::size_t cap, const char* src) {
  std::size_t i = 0;
  for (; src != nullptr && src[i] != '\0' && i + 1 < cap; ++i) dst[i] = src[i];
  dst[i] = '\0';
}

const char* report_kind(void* rep) {
  const char* description = nullptr;
  int count = 0, stacks = 0, mops = 0, locs = 0, mutexes = 0, threads = 0, tids = 0;
  void* sleep_trace[1] = {};
  __tsan_get_report_data(rep, &description, &count, &stacks, &mops, &locs, &mutexes, &threads, &tids, sleep_trace,
                         1);
  return description != nullptr ? description : "";
}

void capture_lock_cycle(void* rep, int mutexes, int stacks, RawReport& r) {
  r.cycle_length = mutexes < kMaxCycle ? mutexes : kMaxCycle;
  // Two stacks per edge with second_deadlock_stack=1, one without.
  const int stacks_per_edge = mutexes > 0 && stacks >= 2 * mutexes ? 2 : 1;
  for (int i = 0; i < r.cycle_length; ++i) {
    int destroyed = 0;
    void* creation[1] = {};
    __tsan_get_report_mutex(rep, i, &r.mutexes[i].id, &r.mutexes[i].addr, &destroyed, creation, 1);
    __tsan_get_report_unique_tid(rep, i, &r.edges[i].tid);
    __tsan_get_report_stack(rep, i * stacks_per_edge, r.edges[i].acquired_trace, kMaxFrames);
    if (stacks_per_edge == 2) __tsan_get_report_stack(rep, i * 2 + 1, r.edges[i].held_trace, kMaxFrames);
  }
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
  if (std::strcmp(r.kind, kLockOrderInversion) == 0) capture_lock_cycle(rep, mutexes, stacks, r);
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

void append_stack(void* const* trace, std::vector<std::string>& frames) {
  for (int f = 0; f < kMaxFrames && trace[f] != nullptr; ++f)
    if (f == 0 || trace[f] != trace[f - 1]) append_frames(trace[f], frames);
}

// "global 'accounts_mu' bank.cc:12" for a global, else its address.
std::string mutex_name(void* addr) {
  char name[512] = {};
  __sanitizer_symbolize_global(addr, "%g", name, sizeof name);
  if (name[0] != '\0') {
    __sanitizer_symbolize_global(addr, "'%g' %s:%l", name, sizeof name);
    return "global " + without_directories(name);
  }
  std::ostringstream os;
  os << "mutex at " << addr;
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
    append_stack(m.trace, a.stack);
    report.accesses.push_back(std::move(a));
  }
  report.location = location_text(r);
  for (int i = 0; i < r.cycle_length; ++i) {
    const RawMutex& held = r.mutexes[i];
    const RawMutex& acquired = r.mutexes[(i + 1) % r.cycle_length];
    TsanLockOrderEdge edge;
    edge.thread = r.edges[i].tid;
    edge.held = held.id;
    edge.acquired = acquired.id;
    edge.held_name = mutex_name(held.addr);
    edge.acquired_name = mutex_name(acquired.addr);
    append_stack(r.edges[i].acquired_trace, edge.acquired_stack);
    append_stack(r.edges[i].held_trace, edge.held_stack);
    report.lock_cycle.push_back(std::move(edge));
  }
  return report;
}

}  // namespace
}  // namespace concur::detail

bool __tsan::OnReport(const ReportDesc* rep, bool suppressed) {
  using namespace concur::detail;
  if (suppressed || !g_capturing.load(std::memory_order_acquire)) return suppressed;
  void* report = const_cast<ReportDesc*>(rep);
  if (g_lock_order_only.load(std::memory_order_relaxed) &&
      std::strcmp(report_kind(report), kLockOrderInversion) != 0)
    return false;  // not this capture's: TSan prints it as usual
  capture(report);
  return true;
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

namespace {

// The user's frames tell the story; std::thread/invoke plumbing does not.
void append_user_frames(std::ostringstream& os, const std::vector<std::string>& stack, const char* indent) {
  constexpr int kShown = 4;
  int shown = 0;
  for (std::size_t f = 0; f < stack.size() && shown < kShown; ++f) {
    const std::string& frame = stack[f];
    // Library plumbing: std::, gthread wrappers, and frames without source
    // (the TSan interceptors, libc).
    if (frame.starts_with("std::") || frame.starts_with("void std::") || frame.starts_with("<null>") ||
        frame.starts_with("__gthread") || frame.ends_with(" <null>:0"))
      continue;
    os << "\n" << indent << "#" << f << " " << frame;
    ++shown;
  }
}

void append_lock_cycle(std::ostringstream& os, const std::vector<TsanLockOrderEdge>& cycle) {
  os << " (potential deadlock), cycle";
  for (const TsanLockOrderEdge& edge : cycle) os << " M" << edge.held << " =>";
  os << " M" << cycle.front().held;
  for (const TsanLockOrderEdge& edge : cycle) {
    os << "\n  M" << edge.acquired << " (" << edge.acquired_name << ") acquired while holding M" << edge.held << " ("
       << edge.held_name << ") by thread T" << edge.thread << ":";
    append_user_frames(os, edge.acquired_stack, "    ");
    if (!edge.held_stack.empty()) {
      os << "\n    M" << edge.held << " acquired before by the same thread:";
      append_user_frames(os, edge.held_stack, "      ");
    }
  }
}

}  // namespace

std::string describe(const TsanReport& report) {
  std::ostringstream os;
  os << report.kind;
  if (!report.lock_cycle.empty()) append_lock_cycle(os, report.lock_cycle);
  for (std::size_t i = 0; i < report.accesses.size(); ++i) {
    const TsanAccess& a = report.accesses[i];
    os << "\n  " << (i == 0 ? "" : "previous ") << (a.atomic ? "atomic " : "") << (a.write ? "write" : "read")
       << " of size " << a.size << " at 0x" << std::hex << a.address << std::dec << " by thread T" << a.thread;
    append_user_frames(os, a.stack, "    ");
  }
  if (!report.location.empty()) os << "\n  location: " << report.location;
  return os.str();
}

TsanCapture::TsanCapture([[maybe_unused]] TsanCaptureScope scope) {
#if defined(CONCUR_TSAN)
  if (detail::g_capturing.exchange(true)) throw std::logic_error("a TsanCapture is already open");
  detail::g_lock_order_only.store(scope == TsanCaptureScope::lock_order_inversions, std::memory_order_relaxed);
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

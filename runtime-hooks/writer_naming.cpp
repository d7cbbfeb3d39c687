// Writer naming: write protection, a SIGSEGV handler that records the writer,
// and a single step (the trap flag) to let the write complete before the page
// is protected again. See detail/writer_naming.h.
//
// Everything the handlers touch lives in one anonymous mapping (never in
// .data/.bss, which are the watched pages) and is reached through atomics.
// The handlers make their system calls with the syscall instruction itself:
// a first call through the PLT would have the dynamic linker write the GOT,
// a watched page, from inside the handler (and no interceptor, no errno).
#include "detail/writer_naming.h"

#include "detail/call_stack.h"
#include "detail/sanitizer.h"

#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <new>

namespace concur::runtime_internal {
namespace {

constexpr std::size_t kMaxWrites = 4096;
constexpr std::size_t kMaxRanges = 16;

enum class Phase : int { idle, armed, disarming };

struct PageState {
  std::atomic<std::uint32_t> faults;
  std::atomic<std::uint32_t> windows;  // open kernel-write windows over this page
  std::atomic<bool> given_up;
  std::atomic<std::uintptr_t> last_address;  // the last write recorded here, to skip repeats
  std::atomic<pid_t> last_tid;
};

struct NamingState {
  std::atomic<Phase> phase;
  std::atomic<unsigned long> generation;  // of the running naming; windows carry it
  std::atomic<int> in_flight;  // handlers and windows between reading the phase and finishing
  std::atomic<int> lock;       // orders mprotect calls on one page (spin lock)
  std::size_t page_size;
  std::size_t range_count;
  AddressRange ranges[kMaxRanges];  // page-aligned
  std::size_t first_page[kMaxRanges];
  std::size_t page_count;
  PageState* pages;  // page_count entries, in their own mapping
  std::size_t pages_capacity;
  pid_t naming_thread;
  std::atomic<std::uint64_t> order;
  std::atomic<std::size_t> write_count;
  std::atomic<std::size_t> dropped;
  RecordedWrite writes[kMaxWrites];
};

std::atomic<NamingState*> g_state{nullptr};  // mapped on first use, never unmapped
struct sigaction g_previous_segv;
struct sigaction g_previous_trap;
std::atomic<bool> g_handlers_installed{false};
thread_local std::uintptr_t t_stepping_page __attribute__((tls_model("initial-exec"))) = 0;

#if defined(__x86_64__)
constexpr greg_t kTrapFlag = 0x100;
#endif

#if defined(__x86_64__)
long raw_syscall(long number, long a = 0, long b = 0, long c = 0) {
  long result;
  asm volatile("syscall" : "=a"(result) : "a"(number), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
  return result;
}
#else
long raw_syscall(long number, long a = 0, long b = 0, long c = 0) { return syscall(number, a, b, c); }
#endif

long raw_mprotect(std::uintptr_t start, std::size_t size, int protection) {
  return raw_syscall(SYS_mprotect, static_cast<long>(start), static_cast<long>(size), protection);
}

pid_t raw_gettid() { return static_cast<pid_t>(raw_syscall(SYS_gettid)); }

void raw_yield() { raw_syscall(SYS_sched_yield); }

class SpinLock {
 public:
  explicit SpinLock(NamingState& s) : s_(s) {
    while (s_.lock.exchange(1, std::memory_order_acquire) != 0) raw_yield();
  }
  ~SpinLock() { s_.lock.store(0, std::memory_order_release); }
  SpinLock(const SpinLock&) = delete;
  SpinLock& operator=(const SpinLock&) = delete;

 private:
  NamingState& s_;
};

// Handlers and windows announce themselves before they read the phase, so
// that stop_naming_writers can wait for the ones that saw it armed.
class InFlight {
 public:
  explicit InFlight(NamingState& s) : s_(s) { s_.in_flight.fetch_add(1, std::memory_order_seq_cst); }
  ~InFlight() { s_.in_flight.fetch_sub(1, std::memory_order_release); }
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;

 private:
  NamingState& s_;
};

// The index of the watched page holding `address`, or -1.
long page_index(const NamingState& s, std::uintptr_t address) {
  for (std::size_t i = 0; i < s.range_count; ++i)
    if (address >= s.ranges[i].start && address < s.ranges[i].end)
      return static_cast<long>(s.first_page[i] + (address - s.ranges[i].start) / s.page_size);
  return -1;
}

std::uintptr_t page_start(const NamingState& s, std::uintptr_t address) { return address & ~(s.page_size - 1); }

RecordedWrite* claim_record(NamingState& s) {
  const std::size_t slot = s.write_count.fetch_add(1, std::memory_order_relaxed);
  if (slot >= kMaxWrites) {
    s.write_count.store(kMaxWrites, std::memory_order_relaxed);
    s.dropped.fetch_add(1, std::memory_order_relaxed);
    return nullptr;
  }
  RecordedWrite& w = s.writes[slot];
  w.order = s.order.fetch_add(1, std::memory_order_relaxed);
  w.tid = raw_gettid();
  std::memset(w.thread_name, 0, sizeof w.thread_name);
  raw_syscall(SYS_prctl, PR_GET_NAME, reinterpret_cast<long>(w.thread_name));
  return &w;
}

void record_fault(NamingState& s, std::uintptr_t address, std::uintptr_t pc) {
  RecordedWrite* w = claim_record(s);
  if (w == nullptr) return;
  w->address = address;
  w->size = 0;
  w->pc = pc;
  w->system_call = nullptr;
  w->depth = capture_interrupted_call_stack(w->frames, kWriteFrames, pc);
}

void chain(const struct sigaction& previous, int signal, siginfo_t* info, void* context) {
  if ((previous.sa_flags & SA_SIGINFO) != 0 && previous.sa_sigaction != nullptr) {
    previous.sa_sigaction(signal, info, context);
  } else if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN) {
    previous.sa_handler(signal);
  } else {
    // Nobody else wants it: let the default action happen (a fault re-executes
    // and dies; a trap is raised again).
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    sigaction(signal, &dfl, nullptr);
    if (signal == SIGTRAP) raise(SIGTRAP);
  }
}

#if defined(__x86_64__)
void on_write_fault(int signal, siginfo_t* info, void* raw_context) {
  NamingState* s = g_state.load(std::memory_order_acquire);
  const auto address = reinterpret_cast<std::uintptr_t>(info->si_addr);
  bool handled = false;
  if (s != nullptr && info->si_code == SEGV_ACCERR) {
    InFlight in_flight(*s);
    const Phase phase = s->phase.load(std::memory_order_seq_cst);
    const long index = phase == Phase::idle ? -1 : page_index(*s, address);
    if (index >= 0 && phase == Phase::disarming) {
      handled = true;  // the page is about to become writable: run the write again
      raw_yield();
    } else if (index >= 0) {
      handled = true;
      auto* context = static_cast<ucontext_t*>(raw_context);
      const auto pc = static_cast<std::uintptr_t>(context->uc_mcontext.gregs[REG_RIP]);
      PageState& page = s->pages[index];
      const std::uint32_t faults = page.faults.fetch_add(1, std::memory_order_relaxed) + 1;
      const pid_t tid = raw_gettid();
      if (page.last_address.load(std::memory_order_relaxed) != address ||
          page.last_tid.load(std::memory_order_relaxed) != tid) {
        page.last_address.store(address, std::memory_order_relaxed);
        page.last_tid.store(tid, std::memory_order_relaxed);
        record_fault(*s, address, pc);
      }
      {
        SpinLock lock(*s);
        raw_mprotect(page_start(*s, address), s->page_size, PROT_READ | PROT_WRITE);
      }
      if (faults >= kFaultsPerPage) {
        page.given_up.store(true, std::memory_order_relaxed);  // written too often: leave it writable
      } else {
        t_stepping_page = page_start(*s, address);
        context->uc_mcontext.gregs[REG_EFL] |= kTrapFlag;
      }
    }
  }
  if (!handled) chain(g_previous_segv, signal, info, raw_context);
}

void on_single_step(int signal, siginfo_t* info, void* raw_context) {
  if (t_stepping_page == 0) {
    chain(g_previous_trap, signal, info, raw_context);
    return;
  }
  auto* context = static_cast<ucontext_t*>(raw_context);
  context->uc_mcontext.gregs[REG_EFL] &= ~kTrapFlag;
  const std::uintptr_t page = t_stepping_page;
  t_stepping_page = 0;
  if (NamingState* s = g_state.load(std::memory_order_acquire)) {
    InFlight in_flight(*s);
    const long index = page_index(*s, page);
    if (s->phase.load(std::memory_order_seq_cst) == Phase::armed && index >= 0) {
      SpinLock lock(*s);
      PageState& state = s->pages[index];
      if (!state.given_up.load(std::memory_order_relaxed) && state.windows.load(std::memory_order_relaxed) == 0)
        raw_mprotect(page, s->page_size, PROT_READ);
    }
  }
}
#endif

NamingState* state_mapping() {
  if (NamingState* s = g_state.load(std::memory_order_acquire)) return s;
  void* mem = mmap(nullptr, sizeof(NamingState), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) return nullptr;
  auto* fresh = new (mem) NamingState();
  fresh->page_size = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  NamingState* existing = nullptr;
  if (g_state.compare_exchange_strong(existing, fresh)) return fresh;
  munmap(mem, sizeof(NamingState));
  return existing;
}

bool install_handlers(std::string& reason) {
#if defined(__x86_64__)
  if (g_handlers_installed.load()) return true;
  struct sigaction action {};
  action.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset(&action.sa_mask);
  action.sa_sigaction = on_write_fault;
  if (sigaction(SIGSEGV, &action, &g_previous_segv) != 0) {
    reason = std::string("sigaction(SIGSEGV): ") + std::strerror(errno);
    return false;
  }
  action.sa_sigaction = on_single_step;
  if (sigaction(SIGTRAP, &action, &g_previous_trap) != 0) {
    sigaction(SIGSEGV, &g_previous_segv, nullptr);
    reason = std::string("sigaction(SIGTRAP): ") + std::strerror(errno);
    return false;
  }
  g_handlers_installed.store(true);
  return true;
#else
  reason = "writer naming needs x86-64 (it single-steps the writing instruction with the trap flag)";
  return false;
#endif
}

// The unwinder's first use may allocate and load what it needs, and has the
// dynamic linker bind its functions (writing the GOT): not in a handler.
void warm_up_unwinder() {
  void* frames[4];
  capture_call_stack(frames, 4, 0);
}

void protect_all(NamingState& s, int protection) {
  for (std::size_t i = 0; i < s.range_count; ++i)
    raw_mprotect(s.ranges[i].start, s.ranges[i].end - s.ranges[i].start, protection);
}

}  // namespace

bool start_naming_writers(const std::vector<AddressRange>& ranges, std::string& reason) {
#if defined(CONCUR_TSAN)
  reason = "writer naming is not available under ThreadSanitizer (its runtime keeps state in the watched "
           "segments and writes it while delivering signals)";
  return false;
#else
  NamingState* s = state_mapping();
  if (s == nullptr) {
    reason = std::string("mmap: ") + std::strerror(errno);
    return false;
  }
  if (!install_handlers(reason)) return false;
  Phase expected = Phase::idle;
  if (s->phase.load() != Phase::idle) {
    reason = "another snapshot is naming writers";
    return false;
  }
  warm_up_unwinder();
  // Whole pages only: a page the range shares with read-only data (RELRO)
  // must keep its protection.
  s->range_count = 0;
  s->page_count = 0;
  for (const AddressRange& range : ranges) {
    const std::uintptr_t start = (range.start + s->page_size - 1) & ~(s->page_size - 1);
    const std::uintptr_t end = (range.end + s->page_size - 1) & ~(s->page_size - 1);
    if (start >= end || s->range_count == kMaxRanges) continue;
    s->first_page[s->range_count] = s->page_count;
    s->ranges[s->range_count++] = {start, end};
    s->page_count += (end - start) / s->page_size;
  }
  const std::size_t pages_bytes = s->page_count * sizeof(PageState);
  if (s->pages_capacity < pages_bytes) {
    if (s->pages != nullptr) munmap(s->pages, s->pages_capacity);
    void* mem = mmap(nullptr, pages_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED) {
      s->pages = nullptr;
      s->pages_capacity = 0;
      reason = std::string("mmap: ") + std::strerror(errno);
      return false;
    }
    s->pages = static_cast<PageState*>(mem);
    s->pages_capacity = pages_bytes;
  }
  for (std::size_t i = 0; i < s->page_count; ++i) new (&s->pages[i]) PageState();
  s->naming_thread = raw_gettid();
  s->generation.fetch_add(1);
  s->order.store(0);
  s->write_count.store(0);
  s->dropped.store(0);
  // Counted from before the phase says armed (from then on the wrappers ask
  // concur_kernel_write_begin, as they did on every call) until the pages are
  // writable again; a naming that loses the race takes its count back.
  __atomic_fetch_add(&concur_kernel_writes_watched, 1, __ATOMIC_SEQ_CST);
  if (!s->phase.compare_exchange_strong(expected, Phase::armed)) {
    __atomic_fetch_sub(&concur_kernel_writes_watched, 1, __ATOMIC_SEQ_CST);
    reason = "another snapshot is naming writers";
    return false;
  }
  protect_all(*s, PROT_READ);
  return true;
#endif
}

NamedWrites stop_naming_writers() {
  NamedWrites named;
  NamingState* s = g_state.load(std::memory_order_acquire);
  Phase armed = Phase::armed;  // one stop per naming: it takes back the naming's count
  if (s == nullptr || !s->phase.compare_exchange_strong(armed, Phase::disarming)) return named;
  while (s->in_flight.load(std::memory_order_acquire) != 0) raw_yield();
  {
    SpinLock lock(*s);
    protect_all(*s, PROT_READ | PROT_WRITE);
  }
  __atomic_fetch_sub(&concur_kernel_writes_watched, 1, __ATOMIC_SEQ_CST);  // no window is needed now
  const std::size_t count = std::min(s->write_count.load(), kMaxWrites);
  named.writes.assign(s->writes, s->writes + count);
  named.dropped = s->dropped.load();
  named.naming_thread = s->naming_thread;
  for (std::size_t r = 0; r < s->range_count; ++r)
    for (std::uintptr_t page = s->ranges[r].start; page < s->ranges[r].end; page += s->page_size)
      if (s->pages[page_index(*s, page)].given_up.load()) named.given_up.push_back({page, page + s->page_size});
  s->phase.store(Phase::idle, std::memory_order_seq_cst);
  return named;
}

}  // namespace concur::runtime_internal

namespace {
using concur::runtime_internal::g_state;
using concur::runtime_internal::InFlight;
using concur::runtime_internal::NamingState;
using concur::runtime_internal::Phase;

// Calls `on_page(state, page_index, page)` for each watched page the ranges touch.
template <class OnPage>
void for_each_watched_page(NamingState& s, const concur_write_range* ranges, int count, OnPage on_page) {
  for (int r = 0; r < count; ++r) {
    if (ranges[r].size == 0) continue;
    const auto start = reinterpret_cast<std::uintptr_t>(ranges[r].start);
    for (std::uintptr_t page = start & ~(s.page_size - 1); page < start + ranges[r].size; page += s.page_size) {
      const long index = concur::runtime_internal::page_index(s, page);
      if (index >= 0) on_page(index, page);
    }
  }
}
}  // namespace

extern "C" int concur_kernel_writes_watched = 0;

extern "C" unsigned long concur_kernel_write_begin(const char* call, const concur_write_range* ranges, int count) {
  NamingState* s = g_state.load(std::memory_order_relaxed);
  if (s == nullptr || s->phase.load(std::memory_order_relaxed) != Phase::armed) return 0;
  InFlight in_flight(*s);
  if (s->phase.load(std::memory_order_seq_cst) != Phase::armed) return 0;
  const unsigned long generation = s->generation.load();
  bool opened = false;
  {
    concur::runtime_internal::SpinLock lock(*s);
    for_each_watched_page(*s, ranges, count, [&](long index, std::uintptr_t page) {
      opened = true;
      if (s->pages[index].windows.fetch_add(1, std::memory_order_relaxed) == 0)
        concur::runtime_internal::raw_mprotect(page, s->page_size, PROT_READ | PROT_WRITE);
    });
  }
  if (!opened) return 0;
  // One record per buffer that holds watched pages: the kernel may write it.
  for (int r = 0; r < count; ++r) {
    bool watched = false;
    for_each_watched_page(*s, ranges + r, 1, [&](long, std::uintptr_t) { watched = true; });
    if (!watched) continue;
    concur::runtime_internal::RecordedWrite* w = concur::runtime_internal::claim_record(*s);
    if (w == nullptr) break;
    w->address = reinterpret_cast<std::uintptr_t>(ranges[r].start);
    w->size = ranges[r].size;
    w->pc = 0;
    w->system_call = call;
    // From the caller of the system-call wrapper that called this.
    w->depth = concur::runtime_internal::capture_call_stack(w->frames, concur::runtime_internal::kWriteFrames,
                                                            /*skip the wrapper too*/ 1);
  }
  return generation;
}

extern "C" void concur_kernel_write_end(unsigned long window, const concur_write_range* ranges, int count) {
  NamingState* s = g_state.load(std::memory_order_acquire);
  if (s == nullptr || window == 0) return;
  InFlight in_flight(*s);
  // A naming stopped (and maybe another started) since the window opened: its pages are not ours.
  if (s->phase.load(std::memory_order_seq_cst) != Phase::armed || s->generation.load() != window) return;
  concur::runtime_internal::SpinLock lock(*s);
  for_each_watched_page(*s, ranges, count, [&](long index, std::uintptr_t page) {
    concur::runtime_internal::PageState& state = s->pages[index];
    if (state.windows.fetch_sub(1, std::memory_order_relaxed) == 1 && !state.given_up.load(std::memory_order_relaxed))
      concur::runtime_internal::raw_mprotect(page, s->page_size, PROT_READ);
  });
}

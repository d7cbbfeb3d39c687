// Blocking calls in reactor tasks, BlockHound-style: a blocking libc function
// called while a reactor task runs on the thread is recorded — the function, the
// task and the caller's stack — even when it happens to return quickly. The
// functions are interposed in libc_hooks.c, concur's one interposition layer
// (linked whole into every executable that links concur::runtime, so the program
// and the shared libraries it loads, libstdc++'s sleep_for and condition
// variables included, call through it); this file is the recorder they call
// (detail/blocking_call_recording.h) and what the loop checks read back.
//
// Outside a task context the wrappers do not call in here: they read the
// reactor's thread-local context inline and tail-call libc's function
// (bench/runtime/blocking_call_cost.cpp). Inside a task, I/O functions first ask
// whether the descriptor can block at all: a socket with O_NONBLOCK (or a
// MSG_DONTWAIT call) does not; a regular file always can.
#include "detail/blocking_calls.h"
#include "detail/blocking_call_recording.h"

#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <deque>
#include <new>

#include "detail/alloc_counters.h"
#include "detail/sanitizer.h"
#include "detail/tsan_ignores_sync.h"

#include "concur_thread_safety.h"


// The linker's bounds of the interposed functions' section (libc_hooks.c).
extern "C" const char __start_concur_libc_hooks[];
extern "C" const char __stop_concur_libc_hooks[];

namespace concur::runtime_internal {

constinit thread_local std::uint64_t t_slice_number __attribute__((tls_model("initial-exec"))) = 0;

namespace {

struct ThreadState {
  bool recording = false;  // inside the recorder: its own calls are not the task's
  std::uint64_t longest_slice = 0;
  std::uint64_t longest_sequence = 0;
  std::int64_t longest_ns = -1;
};
constinit thread_local ThreadState t_state __attribute__((tls_model("initial-exec")));


constexpr std::size_t kKeptRecords = 4096;

// The kept records. TSan does not see its lock: it must not order the work of
// the reactor threads that record calls (HasNoDataRaces would miss their races).
class Records {
 public:
  void add(BlockingCallRecord& r) {
    TsanIgnoresSync ignored;
    sync_internal::LockGuard lock(mu_);
    r.sequence = next_++;
    if (kept_.size() == kKeptRecords) kept_.pop_front();
    kept_.push_back(r);
  }
  std::uint64_t next() {
    TsanIgnoresSync ignored;
    sync_internal::LockGuard lock(mu_);
    return next_;
  }
  std::vector<BlockingCallRecord> since(std::uint64_t from, std::uint64_t& dropped) {
    TsanIgnoresSync ignored;
    sync_internal::LockGuard lock(mu_);
    std::vector<BlockingCallRecord> out;
    const std::uint64_t oldest = kept_.empty() ? next_ : kept_.front().sequence;
    dropped = oldest > from ? oldest - from : 0;
    for (const BlockingCallRecord& r : kept_)
      if (r.sequence >= from) out.push_back(r);
    return out;
  }
  std::optional<BlockingCallRecord> find(std::uint64_t sequence) {
    TsanIgnoresSync ignored;
    sync_internal::LockGuard lock(mu_);
    auto it = std::find_if(kept_.rbegin(), kept_.rend(), [&](const auto& r) { return r.sequence == sequence; });
    if (it == kept_.rend()) return std::nullopt;
    return *it;
  }

 private:
  sync_internal::Mutex mu_;
  std::deque<BlockingCallRecord> kept_ CONCUR_GUARDED_BY(mu_);
  std::uint64_t next_ CONCUR_GUARDED_BY(mu_) = 1;
};

Records& records() {
  static auto* r = new Records;  // never destroyed: calls are made during exit too
  return *r;
}

/// One blocking call by the running task, in the interposed function's storage.
struct CallInProgress {
  BlockingCallRecord record;
  std::int64_t start_ns = 0;
};
static_assert(sizeof(CallInProgress) <= sizeof(concur_blocking_call::storage) &&
              alignof(CallInProgress) <= alignof(concur_blocking_call));

std::int64_t now_ns() noexcept {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

}  // namespace

std::uint64_t next_blocking_call_sequence() noexcept { return records().next(); }

std::vector<BlockingCallRecord> blocking_calls_since(std::uint64_t from, std::uint64_t& dropped) {
  return records().since(from, dropped);
}

std::optional<BlockingCallRecord> longest_blocking_call_in_slice() {
  const ThreadState& t = t_state;
  if (t.longest_slice != t_slice_number || t.longest_ns < 0) return std::nullopt;
  return records().find(t.longest_sequence);
}

bool in_libc_hook(void* return_address) noexcept {
  const auto* pc = static_cast<const char*>(return_address) - 1;
  return pc >= __start_concur_libc_hooks && pc < __stop_concur_libc_hooks;
}

bool blocking_call_hooks_active() noexcept {
  return ::dlsym(RTLD_DEFAULT, "usleep") == reinterpret_cast<void*>(&::usleep) &&
         ::dlsym(RTLD_DEFAULT, "read") == reinterpret_cast<void*>(&::read);
}

}  // namespace concur::runtime_internal


// ---- what the interposed functions call

using namespace concur;
using concur::runtime_internal::BlockingCallRecord;
using concur::runtime_internal::CallInProgress;

extern "C" int concur_blocking_call_watched(void) {
  return !runtime_internal::t_state.recording && current_task() != nullptr;
}

extern "C" int concur_fd_may_block(int fd) {
  const int saved_errno = errno;
  const int flags = ::fcntl(fd, F_GETFL);
  bool blocks = flags >= 0 && !(flags & O_NONBLOCK);
  if (flags >= 0 && (flags & O_NONBLOCK)) {
    struct stat st {};
    blocks = ::fstat(fd, &st) == 0 && (S_ISREG(st.st_mode) || S_ISBLK(st.st_mode));
  }
  errno = saved_errno;
  return blocks;
}

extern "C" int concur_stream_may_block(FILE* stream) {
  return stream != nullptr && concur_fd_may_block(::fileno(stream));
}

extern "C" void concur_blocking_call_begin(concur_blocking_call* call, const char* function, void* caller) {
  auto& state = runtime_internal::t_state;
  auto* in_progress = new (call->storage) CallInProgress;
  BlockingCallRecord& record = in_progress->record;
  state.recording = true;
  record.function = function;
  if (const TaskInfo* task = current_task()) record.task = *task;
  void* frames[runtime_internal::kBlockingCallFrames + 8];
  const int depth = ::backtrace(frames, runtime_internal::kBlockingCallFrames + 8);
  int first = 0;  // the stack starts at the caller, below the recorder and the hook
  for (int i = 0; i < depth; ++i)
    if (frames[i] == caller) {
      first = i;
      break;
    }
  record.depth = std::min(depth - first, runtime_internal::kBlockingCallFrames);
  std::copy_n(frames + first, record.depth, record.frames);
  in_progress->start_ns = runtime_internal::now_ns();
  state.recording = false;
}

extern "C" void concur_blocking_call_end(concur_blocking_call* call) {
  const int saved_errno = errno;
  auto& state = runtime_internal::t_state;
  auto* in_progress = std::launder(reinterpret_cast<CallInProgress*>(call->storage));
  BlockingCallRecord& record = in_progress->record;
  state.recording = true;
  record.duration_ns = runtime_internal::now_ns() - in_progress->start_ns;
  try {
    runtime_internal::NotCounted quiet;
    runtime_internal::records().add(record);
    if (state.longest_slice != runtime_internal::t_slice_number || record.duration_ns > state.longest_ns) {
      state.longest_slice = runtime_internal::t_slice_number;
      state.longest_sequence = record.sequence;
      state.longest_ns = record.duration_ns;
    }
  } catch (...) {  // out of memory: this call goes unrecorded
  }
  in_progress->~CallInProgress();
  state.recording = false;
  errno = saved_errno;
}

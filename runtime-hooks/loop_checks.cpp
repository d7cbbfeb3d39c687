// Loop checks: the stalls the reactor reports to the runtime's observer (kept with
// where the task was stuck), the blocking calls the interposed functions recorded,
// their descriptions, and LoopWatch, which the matchers measure with.
#include "concur/loop_checks.h"

#include <algorithm>
#include <deque>
#include <string_view>

#include "concur/reactor/observer.h"
#include "detail/alloc_counters.h"
#include "detail/blocking_calls.h"
#include "detail/loop_stalls.h"
#include "detail/symbolizer.h"

#include "concur_thread_safety.h"

namespace concur {
namespace runtime_internal {
namespace {

constexpr std::size_t kKeptStalls = 1024;

struct KeptStall {
  std::uint64_t sequence = 0;
  std::uint64_t reactor_id = 0;  // TaskStall::id
  LoopStall stall;
};

class Stalls {
 public:
  void add(LoopStall stall, std::uint64_t reactor_id) {
    sync_internal::LockGuard lock(mu_);
    if (kept_.size() == kKeptStalls) kept_.pop_front();
    kept_.push_back(KeptStall{next_++, reactor_id, std::move(stall)});
  }
  std::uint64_t next() {
    sync_internal::LockGuard lock(mu_);
    return next_;
  }
  std::vector<LoopStall> since(std::uint64_t from) {
    sync_internal::LockGuard lock(mu_);
    std::vector<LoopStall> out;
    for (const KeptStall& k : kept_)
      if (k.sequence >= from) out.push_back(k.stall);
    return out;
  }
  std::optional<LoopStall> find(std::uint64_t reactor_id) {
    sync_internal::LockGuard lock(mu_);
    auto it = std::find_if(kept_.rbegin(), kept_.rend(), [&](const KeptStall& k) { return k.reactor_id == reactor_id; });
    if (it == kept_.rend()) return std::nullopt;
    return it->stall;
  }

 private:
  sync_internal::Mutex mu_;
  std::deque<KeptStall> kept_ CONCUR_GUARDED_BY(mu_);
  std::uint64_t next_ CONCUR_GUARDED_BY(mu_) = 1;
};

Stalls& stalls() {
  static auto* s = new Stalls;  // never destroyed: reactors may report during exit
  return *s;
}

std::string task_phrase(std::uint64_t id, const std::string& name) {
  return "task " + (name.empty() ? std::string("(unnamed)") : "\"" + name + "\"") + " (#" + std::to_string(id) + ")";
}

bool is_sleep(std::string_view function) {
  return function == "sleep" || function == "usleep" || function == "nanosleep" || function == "clock_nanosleep";
}

BlockingCall to_blocking_call(const BlockingCallRecord& r) {
  BlockingCall call;
  call.function = r.function;
  call.task_id = r.task.id;
  call.task_name = r.task.name ? r.task.name : "";
  call.stack.assign(r.frames, r.frames + r.depth);
  call.duration = std::chrono::nanoseconds(r.duration_ns);
  return call;
}

}  // namespace

void record_stall(const TaskStall& s) noexcept {
  runtime_internal::NotCounted quiet;
  try {
    LoopStall stall;
    stall.task_id = s.task.id;
    stall.task_name = s.task.name ? s.task.name : "";
    stall.duration = s.duration;
    stall.blocked_in = s.blocked_in ? s.blocked_in : "";
    if (std::optional<BlockingCallRecord> call = longest_blocking_call_in_slice()) {
      stall.blocking_call = call->function;
      if (s.stack.empty()) stall.stack.assign(call->frames, call->frames + call->depth);
    }
    if (!s.stack.empty()) {
      stall.stack.assign(s.stack.begin(), s.stack.end());
      std::erase_if(stall.stack, in_libc_hook);  // caught inside fread: the caller's is the frame
    }
    stalls().add(std::move(stall), s.id);
  } catch (...) {  // out of memory: the stall goes unrecorded (the reactor still prints it)
  }
}

std::string stall_site_phrase(const TaskStall& s) noexcept {
  try {
    std::optional<LoopStall> stall = stalls().find(s.id);
    if (!stall) return {};
    std::string phrase;
    if (!stall->blocking_call.empty()) phrase = "in " + stall->blocking_call + "()";
    if (std::string site = stuck_site(*stall); !site.empty()) phrase += (phrase.empty() ? "at " : " at ") + site;
    return phrase;
  } catch (...) {
    return {};
  }
}

}  // namespace runtime_internal

std::string describe(const BlockingCall& call) {
  std::string text = runtime_internal::task_phrase(call.task_id, call.task_name) + " called " + call.function + "()";
  if (std::string site = runtime_internal::first_user_code_site(call.stack); !site.empty()) text += " at " + site;
  text += runtime_internal::is_sleep(call.function) ? "; use co_await sleep_for(...)" : "; use co_await offload(...)";
  return text;
}

std::string stuck_site(const LoopStall& stall) { return runtime_internal::first_user_code_site(stall.stack); }

std::string describe(const LoopStall& stall) {
  std::string text = runtime_internal::task_phrase(stall.task_id, stall.task_name) + " ran " +
                     std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(stall.duration).count()) +
                     " ms without suspending";
  std::string site = stuck_site(stall);
  if (!stall.blocking_call.empty()) text += ", in " + stall.blocking_call + "()";
  if (!site.empty()) text += (stall.blocking_call.empty() ? ", stuck at " : " at ") + site;
  else if (stall.blocking_call.empty() && !stall.blocked_in.empty()) text += " (blocked in " + stall.blocked_in + ")";
  return text;
}

LoopWatch::LoopWatch(std::chrono::milliseconds slice_limit)
    : limit_(slice_limit),
      previous_watch_(slice_watch()),
      first_call_(runtime_internal::next_blocking_call_sequence()),
      first_stall_(runtime_internal::stalls().next()) {
  if (limit_.count() > 0)
    set_slice_watch(previous_watch_.count() > 0 ? std::min(previous_watch_, limit_) : limit_);
}

LoopWatch::~LoopWatch() {
  if (limit_.count() > 0) set_slice_watch(previous_watch_);
}

std::vector<BlockingCall> LoopWatch::blocking_calls() const {
  std::uint64_t dropped = 0;
  std::vector<BlockingCall> calls;
  for (const auto& r : runtime_internal::blocking_calls_since(first_call_, dropped))
    calls.push_back(runtime_internal::to_blocking_call(r));
  return calls;
}

std::uint64_t LoopWatch::blocking_calls_dropped() const {
  std::uint64_t dropped = 0;
  runtime_internal::blocking_calls_since(first_call_, dropped);
  return dropped;
}

std::vector<LoopStall> LoopWatch::stalls() const {
  std::vector<LoopStall> all = runtime_internal::stalls().since(first_stall_);
  std::erase_if(all, [&](const LoopStall& s) { return s.duration < limit_; });
  return all;
}

bool LoopWatch::sees_blocking_calls() const { return runtime_internal::blocking_call_hooks_active(); }
bool LoopWatch::sees_stalls() const { return runtime_internal::hooks_observer_installed(); }

}  // namespace concur

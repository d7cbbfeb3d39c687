// The stall line on stderr: composed and printed by a reporter thread, so that
// naming the frame (the observer symbolizes) never holds up a loop; rate-limited
// per process with a token bucket.
#include "stall_report.h"

#include <dlfcn.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "concur_thread_safety.h"
#include "slice_monitor.h"

namespace concur::reactor_internal {
namespace {

constexpr double kBurstLines = 10;
constexpr double kLinesPerSecond = 1;
constexpr std::chrono::milliseconds kDefaultThreshold{10};
constexpr int kRawFrames = 3;

struct PendingLine {
  const void* reactor;
  TaskStall stall;  // its stack points into `frames`
  std::vector<void*> frames;
  std::uint64_t not_shown_before = 0;
};

// "http_server+0x4f2a1": enough for addr2line when nothing can symbolize in-process.
std::string raw_frame(void* address) {
  Dl_info info{};
  char text[64];
  if (::dladdr(address, &info) == 0 || info.dli_fname == nullptr) {
    std::snprintf(text, sizeof text, "%p", address);
    return text;
  }
  const char* slash = std::strrchr(info.dli_fname, '/');
  std::string module = slash ? slash + 1 : info.dli_fname;
  std::snprintf(text, sizeof text, "+0x%zx",
                static_cast<std::size_t>(static_cast<char*>(address) - static_cast<char*>(info.dli_fbase)));
  return module + text;
}

// Frames in the system's libraries (libc, libstdc++, the vDSO) are rarely where the
// program is stuck, only how: the raw report starts below them.
bool in_system_library(void* address) {
  Dl_info info{};
  if (::dladdr(address, &info) == 0 || info.dli_fname == nullptr) return false;
  std::string_view path(info.dli_fname);
  return path.starts_with("/lib") || path.starts_with("/usr/lib") || path.starts_with("linux-vdso");
}

std::string raw_frames(std::span<void* const> stack) {
  std::size_t first = 0;
  while (first < stack.size() && in_system_library(stack[first])) ++first;
  if (first == stack.size()) first = 0;
  std::string text;
  for (std::size_t i = first; i < stack.size() && i < first + kRawFrames; ++i)
    text += (i > first ? " <- " : "") + raw_frame(stack[i]);
  return text;
}

std::string compose(const PendingLine& p) {
  const TaskStall& s = p.stall;
  std::string line = "concur: task ";
  line += s.task.name ? "\"" + std::string(s.task.name) + "\"" : std::string("(unnamed)");
  line += " (#" + std::to_string(s.task.id) + ") blocked the loop for " +
          std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(s.duration).count()) + " ms";
  std::string site;
  if (ReactorObserver* o = reactor_observer()) site = o->describe_stall_site(s);
  if (!site.empty()) {
    line += " " + site;
  } else if (!s.stack.empty()) {
    line += " at " + raw_frames(s.stack);
  } else if (*s.blocked_in) {
    line += std::string(" (blocked in ") + s.blocked_in + ")";
  }
  if (p.not_shown_before)
    line += "; " + std::to_string(p.not_shown_before) + (p.not_shown_before == 1 ? " earlier stall" : " earlier stalls") +
            " not shown";
  return line;
}

class Reporter {
 public:
  void report(const TaskStall& stall, const void* reactor) CONCUR_EXCLUDES(mu_) {
    sync_internal::LockGuard lock(mu_);
    if (!take_token()) {
      ++not_shown_;
      return;
    }
    PendingLine& p = queue_.emplace_back(PendingLine{reactor, stall, {stall.stack.begin(), stall.stack.end()}, not_shown_});
    p.stall.stack = p.frames;
    not_shown_ = 0;
    if (!worker_active_) {
      if (worker_.joinable()) worker_.join();  // it has left its loop: it no longer needs the lock
      worker_active_ = true;
      worker_ = std::thread([this] { print_queued(); });
    }
  }

  void flush(const void* reactor) CONCUR_EXCLUDES(mu_) {
    sync_internal::UniqueLock lock(mu_);
    while (printing_for_ == reactor ||
           std::any_of(queue_.begin(), queue_.end(), [&](const PendingLine& p) { return p.reactor == reactor; }))
      lock.wait(done_);
    if (!worker_active_ && worker_.joinable()) worker_.join();
  }

 private:
  bool take_token() CONCUR_REQUIRES(mu_) {
    const std::int64_t now = steady_now_ns();
    if (last_refill_ns_ == 0) last_refill_ns_ = now;
    tokens_ = std::min(kBurstLines, tokens_ + static_cast<double>(now - last_refill_ns_) * 1e-9 * kLinesPerSecond);
    last_refill_ns_ = now;
    if (tokens_ < 1) return false;
    tokens_ -= 1;
    return true;
  }

  void print_queued() CONCUR_EXCLUDES(mu_) {
    sync_internal::UniqueLock lock(mu_);
    while (!queue_.empty()) {
      PendingLine p = std::move(queue_.front());
      queue_.pop_front();
      p.stall.stack = p.frames;
      printing_for_ = p.reactor;
      lock.unlock();
      std::string line = compose(p) + "\n";
      std::fputs(line.c_str(), stderr);
      lock.lock();
      printing_for_ = nullptr;
      done_.notify_all();
    }
    worker_active_ = false;
    done_.notify_all();
  }

  sync_internal::Mutex mu_;
  std::condition_variable done_;
  std::deque<PendingLine> queue_ CONCUR_GUARDED_BY(mu_);
  const void* printing_for_ CONCUR_GUARDED_BY(mu_) = nullptr;
  std::thread worker_ CONCUR_GUARDED_BY(mu_);
  bool worker_active_ CONCUR_GUARDED_BY(mu_) = false;
  double tokens_ CONCUR_GUARDED_BY(mu_) = kBurstLines;
  std::int64_t last_refill_ns_ CONCUR_GUARDED_BY(mu_) = 0;
  std::uint64_t not_shown_ CONCUR_GUARDED_BY(mu_) = 0;
};

Reporter& reporter() {
  static auto* r = new Reporter;  // never destroyed: a reactor may report during exit
  return *r;
}

std::chrono::milliseconds read_threshold_from_environment() {
  const char* text = std::getenv("CONCUR_STALL_MS");
  if (text == nullptr || *text == '\0') return kDefaultThreshold;
  std::string_view value(text);
  long ms = -1;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), ms);
  if (ec != std::errc() || end != value.data() + value.size() || ms < 0) {
    std::fprintf(stderr, "concur: CONCUR_STALL_MS=\"%s\" is not a number of milliseconds (0 = off); using %lld ms\n",
                 text, static_cast<long long>(kDefaultThreshold.count()));
    return kDefaultThreshold;
  }
  return std::chrono::milliseconds(ms);
}

}  // namespace

void report_stall(const TaskStall& stall, const void* reactor) noexcept {
  try {
    reporter().report(stall, reactor);
  } catch (...) {  // out of memory or no thread: the line is lost, the loop goes on
  }
}

void flush_stall_reports(const void* reactor) noexcept { reporter().flush(reactor); }

std::chrono::milliseconds default_stall_threshold() noexcept {
  static const std::chrono::milliseconds threshold = read_threshold_from_environment();
  return threshold;
}

}  // namespace concur::reactor_internal

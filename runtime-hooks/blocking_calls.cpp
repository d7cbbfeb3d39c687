// Blocking calls in reactor tasks, BlockHound-style: the libc functions that block
// the calling thread are interposed, and a call made while a reactor task runs on
// this thread is recorded — the function, the task and the caller's stack — even
// when it happens to return quickly. Part of the concur_blocking_hooks library,
// linked whole into every executable that links concur::runtime, so these
// definitions come before libc's for the program and for the shared libraries it
// loads (libstdc++'s sleep_for and condition variables call through here).
//
// Outside a task a call costs one thread-local check more than libc's own
// (bench/runtime/blocking_call_cost.cpp). Inside a task, I/O functions first ask
// whether the descriptor can block at all: a socket with O_NONBLOCK (or a
// MSG_DONTWAIT call) does not; a regular file always can.
//
// The real function is the sanitizer runtime's interceptor when one is linked in
// statically (TSan, ASan: their definitions are weak aliases that these replace,
// and __interceptor_X stays callable), else the next definition (libc's).
#include "detail/blocking_calls.h"

#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <mutex>

#include "detail/alloc_counters.h"
#include "detail/sanitizer.h"

#if defined(CONCUR_TSAN)
extern "C" void AnnotateIgnoreSyncBegin(const char* file, int line);
extern "C" void AnnotateIgnoreSyncEnd(const char* file, int line);
#endif

// The linker's bounds of the hooks' section (CONCUR_HOOK).
extern "C" const char __start_concur_blocking_hooks[];
extern "C" const char __stop_concur_blocking_hooks[];

// The sanitizer runtimes' interceptors, when one is linked in.
extern "C" {
unsigned int __interceptor_sleep(unsigned int) __attribute__((weak));
int __interceptor_usleep(useconds_t) __attribute__((weak));
int __interceptor_nanosleep(const timespec*, timespec*) __attribute__((weak));
int __interceptor_clock_nanosleep(clockid_t, int, const timespec*, timespec*) __attribute__((weak));
int __interceptor_getaddrinfo(const char*, const char*, const addrinfo*, addrinfo**) __attribute__((weak));
hostent* __interceptor_gethostbyname(const char*) __attribute__((weak));
int __interceptor_gethostbyname_r(const char*, hostent*, char*, size_t, hostent**, int*) __attribute__((weak));
int __interceptor_pthread_join(pthread_t, void**) __attribute__((weak));
int __interceptor_pthread_cond_wait(pthread_cond_t*, pthread_mutex_t*) __attribute__((weak));
int __interceptor_pthread_cond_timedwait(pthread_cond_t*, pthread_mutex_t*, const timespec*) __attribute__((weak));
int __interceptor_pthread_cond_clockwait(pthread_cond_t*, pthread_mutex_t*, clockid_t, const timespec*)
    __attribute__((weak));
size_t __interceptor_fread(void*, size_t, size_t, FILE*) __attribute__((weak));
char* __interceptor_fgets(char*, int, FILE*) __attribute__((weak));
ssize_t __interceptor_read(int, void*, size_t) __attribute__((weak));
ssize_t __interceptor_write(int, const void*, size_t) __attribute__((weak));
ssize_t __interceptor_recv(int, void*, size_t, int) __attribute__((weak));
ssize_t __interceptor_send(int, const void*, size_t, int) __attribute__((weak));
ssize_t __interceptor_recvfrom(int, void*, size_t, int, sockaddr*, socklen_t*) __attribute__((weak));
ssize_t __interceptor_sendto(int, const void*, size_t, int, const sockaddr*, socklen_t) __attribute__((weak));
int __interceptor_connect(int, const sockaddr*, socklen_t) __attribute__((weak));
int __interceptor_accept(int, sockaddr*, socklen_t*) __attribute__((weak));
int __interceptor_accept4(int, sockaddr*, socklen_t*, int) __attribute__((weak));
int __interceptor_fsync(int) __attribute__((weak));
int __interceptor_fdatasync(int) __attribute__((weak));
int __interceptor_system(const char*) __attribute__((weak));
FILE* __interceptor_popen(const char*, const char*) __attribute__((weak));
}

namespace concur::runtime_internal {

constinit thread_local std::uint64_t t_slice_number __attribute__((tls_model("initial-exec"))) = 0;

namespace {

/// The definition a hooked function forwards to, looked up on first use.
template <class Fn>
class Next {
 public:
  constexpr Next(const char* name, Fn interceptor) noexcept : name_(name), interceptor_(interceptor) {}
  Fn get() noexcept {
    Fn fn = resolved_.load(std::memory_order_relaxed);
    if (fn == nullptr) [[unlikely]] {
      fn = interceptor_ != nullptr ? interceptor_ : reinterpret_cast<Fn>(::dlsym(RTLD_NEXT, name_));
      resolved_.store(fn, std::memory_order_relaxed);
    }
    return fn;
  }

 private:
  const char* name_;
  Fn interceptor_;
  std::atomic<Fn> resolved_{nullptr};
};

struct ThreadState {
  bool recording = false;  // inside the recorder: its own calls are not the task's
  std::uint64_t longest_slice = 0;
  std::uint64_t longest_sequence = 0;
  std::int64_t longest_ns = -1;
};
constinit thread_local ThreadState t_state __attribute__((tls_model("initial-exec")));

bool in_task() noexcept { return current_task() != nullptr; }

// Whether I/O on `fd` can block: not when it is O_NONBLOCK, except for regular
// files and block devices, which the flag does not make non-blocking.
bool can_block(int fd) noexcept {
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
bool can_block(FILE* stream) noexcept { return stream != nullptr && can_block(::fileno(stream)); }

// While alive, TSan ignores this thread's synchronization: the record's lock must
// not order the work of the reactor threads that record calls (HasNoDataRaces
// would miss races between them).
class TsanIgnoresSync {
 public:
#if defined(CONCUR_TSAN)
  TsanIgnoresSync() { AnnotateIgnoreSyncBegin(__FILE__, __LINE__); }
  ~TsanIgnoresSync() { AnnotateIgnoreSyncEnd(__FILE__, __LINE__); }
#else
  TsanIgnoresSync() = default;
#endif
  TsanIgnoresSync(const TsanIgnoresSync&) = delete;
  TsanIgnoresSync& operator=(const TsanIgnoresSync&) = delete;
};

constexpr std::size_t kKeptRecords = 4096;

class Records {
 public:
  void add(BlockingCallRecord& r) {
    TsanIgnoresSync ignored;
    std::lock_guard lock(mu_);
    r.sequence = next_++;
    if (kept_.size() == kKeptRecords) kept_.pop_front();
    kept_.push_back(r);
  }
  std::uint64_t next() {
    TsanIgnoresSync ignored;
    std::lock_guard lock(mu_);
    return next_;
  }
  std::vector<BlockingCallRecord> since(std::uint64_t from, std::uint64_t& dropped) {
    TsanIgnoresSync ignored;
    std::lock_guard lock(mu_);
    std::vector<BlockingCallRecord> out;
    const std::uint64_t oldest = kept_.empty() ? next_ : kept_.front().sequence;
    dropped = oldest > from ? oldest - from : 0;
    for (const BlockingCallRecord& r : kept_)
      if (r.sequence >= from) out.push_back(r);
    return out;
  }
  std::optional<BlockingCallRecord> find(std::uint64_t sequence) {
    TsanIgnoresSync ignored;
    std::lock_guard lock(mu_);
    auto it = std::find_if(kept_.rbegin(), kept_.rend(), [&](const auto& r) { return r.sequence == sequence; });
    if (it == kept_.rend()) return std::nullopt;
    return *it;
  }

 private:
  std::mutex mu_;
  std::deque<BlockingCallRecord> kept_;
  std::uint64_t next_ = 1;
};

Records& records() {
  static auto* r = new Records;  // never destroyed: calls are made during exit too
  return *r;
}

/// One blocking call by the running task: the stack now, the record when it returns.
class Recording {
 public:
  [[gnu::noinline]] Recording(const char* function, void* caller) noexcept {
    if (t_state.recording) return;
    const TaskInfo* task = current_task();
    if (task == nullptr) return;
    active_ = true;
    t_state.recording = true;
    record_.function = function;
    record_.task = *task;
    void* frames[kBlockingCallFrames + 8];
    const int depth = ::backtrace(frames, kBlockingCallFrames + 8);
    int first = 0;  // the stack starts at the caller, below this class and the hook
    for (int i = 0; i < depth; ++i)
      if (frames[i] == caller) {
        first = i;
        break;
      }
    record_.depth = std::min(depth - first, kBlockingCallFrames);
    std::copy_n(frames + first, record_.depth, record_.frames);
    start_ = now_ns();
    t_state.recording = false;
  }
  ~Recording() {
    if (!active_) return;
    const int saved_errno = errno;
    t_state.recording = true;
    record_.duration_ns = now_ns() - start_;
    try {
      detail::NotCounted quiet;
      records().add(record_);
      ThreadState& t = t_state;
      if (t.longest_slice != t_slice_number || record_.duration_ns > t.longest_ns) {
        t.longest_slice = t_slice_number;
        t.longest_sequence = record_.sequence;
        t.longest_ns = record_.duration_ns;
      }
    } catch (...) {  // out of memory: this call goes unrecorded
    }
    t_state.recording = false;
    errno = saved_errno;
  }
  Recording(const Recording&) = delete;
  Recording& operator=(const Recording&) = delete;

 private:
  static std::int64_t now_ns() noexcept {
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
  }
  bool active_ = false;
  std::int64_t start_ = 0;
  BlockingCallRecord record_;
};

#define CONCUR_CALLER __builtin_return_address(0)
// The hooks live in a section of their own, so that a stack caught inside one (a
// stall in fread) can drop its frame: C names say nothing about whose code it is.
#define CONCUR_HOOK __attribute__((section("concur_blocking_hooks")))

constinit Next<decltype(&::sleep)> next_sleep{"sleep", &__interceptor_sleep};
constinit Next<decltype(&::usleep)> next_usleep{"usleep", &__interceptor_usleep};
constinit Next<decltype(&::nanosleep)> next_nanosleep{"nanosleep", &__interceptor_nanosleep};
constinit Next<decltype(&::clock_nanosleep)> next_clock_nanosleep{"clock_nanosleep", &__interceptor_clock_nanosleep};
constinit Next<decltype(&::getaddrinfo)> next_getaddrinfo{"getaddrinfo", &__interceptor_getaddrinfo};
constinit Next<decltype(&::gethostbyname)> next_gethostbyname{"gethostbyname", &__interceptor_gethostbyname};
constinit Next<decltype(&::gethostbyname_r)> next_gethostbyname_r{"gethostbyname_r", &__interceptor_gethostbyname_r};
constinit Next<decltype(&::pthread_join)> next_pthread_join{"pthread_join", &__interceptor_pthread_join};
constinit Next<decltype(&::pthread_cond_wait)> next_pthread_cond_wait{"pthread_cond_wait",
                                                                     &__interceptor_pthread_cond_wait};
constinit Next<decltype(&::pthread_cond_timedwait)> next_pthread_cond_timedwait{
    "pthread_cond_timedwait", &__interceptor_pthread_cond_timedwait};
constinit Next<decltype(&::pthread_cond_clockwait)> next_pthread_cond_clockwait{
    "pthread_cond_clockwait", &__interceptor_pthread_cond_clockwait};
constinit Next<decltype(&::fread)> next_fread{"fread", &__interceptor_fread};
constinit Next<decltype(&::fgets)> next_fgets{"fgets", &__interceptor_fgets};
constinit Next<decltype(&::read)> next_read{"read", &__interceptor_read};
constinit Next<decltype(&::write)> next_write{"write", &__interceptor_write};
constinit Next<decltype(&::recv)> next_recv{"recv", &__interceptor_recv};
constinit Next<decltype(&::send)> next_send{"send", &__interceptor_send};
constinit Next<decltype(&::recvfrom)> next_recvfrom{"recvfrom", &__interceptor_recvfrom};
constinit Next<decltype(&::sendto)> next_sendto{"sendto", &__interceptor_sendto};
constinit Next<decltype(&::connect)> next_connect{"connect", &__interceptor_connect};
constinit Next<decltype(&::accept)> next_accept{"accept", &__interceptor_accept};
constinit Next<decltype(&::accept4)> next_accept4{"accept4", &__interceptor_accept4};
constinit Next<decltype(&::fsync)> next_fsync{"fsync", &__interceptor_fsync};
constinit Next<decltype(&::fdatasync)> next_fdatasync{"fdatasync", &__interceptor_fdatasync};
constinit Next<decltype(&::system)> next_system{"system", &__interceptor_system};
constinit Next<decltype(&::popen)> next_popen{"popen", &__interceptor_popen};

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

bool in_blocking_hook(void* return_address) noexcept {
  const auto* pc = static_cast<const char*>(return_address) - 1;
  return pc >= __start_concur_blocking_hooks && pc < __stop_concur_blocking_hooks;
}

bool blocking_call_hooks_active() noexcept {
  return ::dlsym(RTLD_DEFAULT, "usleep") == reinterpret_cast<void*>(&::usleep) &&
         ::dlsym(RTLD_DEFAULT, "read") == reinterpret_cast<void*>(&::read);
}

}  // namespace concur::runtime_internal

// ---- the hooked functions

using namespace concur::runtime_internal;

extern "C" {

CONCUR_HOOK unsigned int sleep(unsigned int seconds) {
  if (!in_task()) [[likely]]
    return next_sleep.get()(seconds);
  Recording r("sleep", CONCUR_CALLER);
  return next_sleep.get()(seconds);
}

CONCUR_HOOK int usleep(useconds_t usec) {
  if (!in_task()) [[likely]]
    return next_usleep.get()(usec);
  Recording r("usleep", CONCUR_CALLER);
  return next_usleep.get()(usec);
}

CONCUR_HOOK int nanosleep(const timespec* duration, timespec* remaining) {
  if (!in_task()) [[likely]]
    return next_nanosleep.get()(duration, remaining);
  Recording r("nanosleep", CONCUR_CALLER);
  return next_nanosleep.get()(duration, remaining);
}

CONCUR_HOOK int clock_nanosleep(clockid_t clock, int flags, const timespec* request, timespec* remaining) {
  if (!in_task()) [[likely]]
    return next_clock_nanosleep.get()(clock, flags, request, remaining);
  Recording r("clock_nanosleep", CONCUR_CALLER);
  return next_clock_nanosleep.get()(clock, flags, request, remaining);
}

CONCUR_HOOK int getaddrinfo(const char* node, const char* service, const addrinfo* hints, addrinfo** result) {
  if (!in_task()) [[likely]]
    return next_getaddrinfo.get()(node, service, hints, result);
  Recording r("getaddrinfo", CONCUR_CALLER);
  return next_getaddrinfo.get()(node, service, hints, result);
}

CONCUR_HOOK hostent* gethostbyname(const char* name) {
  if (!in_task()) [[likely]]
    return next_gethostbyname.get()(name);
  Recording r("gethostbyname", CONCUR_CALLER);
  return next_gethostbyname.get()(name);
}

CONCUR_HOOK int gethostbyname_r(const char* name, hostent* result, char* buffer, size_t length, hostent** out, int* error) {
  if (!in_task()) [[likely]]
    return next_gethostbyname_r.get()(name, result, buffer, length, out, error);
  Recording r("gethostbyname_r", CONCUR_CALLER);
  return next_gethostbyname_r.get()(name, result, buffer, length, out, error);
}

CONCUR_HOOK int pthread_join(pthread_t thread, void** value) {
  if (!in_task()) [[likely]]
    return next_pthread_join.get()(thread, value);
  Recording r("pthread_join", CONCUR_CALLER);
  return next_pthread_join.get()(thread, value);
}

CONCUR_HOOK int pthread_cond_wait(pthread_cond_t* cond, pthread_mutex_t* mutex) {
  if (!in_task()) [[likely]]
    return next_pthread_cond_wait.get()(cond, mutex);
  Recording r("pthread_cond_wait", CONCUR_CALLER);
  return next_pthread_cond_wait.get()(cond, mutex);
}

CONCUR_HOOK int pthread_cond_timedwait(pthread_cond_t* cond, pthread_mutex_t* mutex, const timespec* deadline) {
  if (!in_task()) [[likely]]
    return next_pthread_cond_timedwait.get()(cond, mutex, deadline);
  Recording r("pthread_cond_timedwait", CONCUR_CALLER);
  return next_pthread_cond_timedwait.get()(cond, mutex, deadline);
}

CONCUR_HOOK int pthread_cond_clockwait(pthread_cond_t* cond, pthread_mutex_t* mutex, clockid_t clock, const timespec* deadline) {
  if (!in_task()) [[likely]]
    return next_pthread_cond_clockwait.get()(cond, mutex, clock, deadline);
  Recording r("pthread_cond_clockwait", CONCUR_CALLER);
  return next_pthread_cond_clockwait.get()(cond, mutex, clock, deadline);
}

CONCUR_HOOK size_t fread(void* buffer, size_t size, size_t count, FILE* stream) {
  if (!in_task() || !can_block(stream)) [[likely]]
    return next_fread.get()(buffer, size, count, stream);
  Recording r("fread", CONCUR_CALLER);
  return next_fread.get()(buffer, size, count, stream);
}

CONCUR_HOOK char* fgets(char* line, int size, FILE* stream) {
  if (!in_task() || !can_block(stream)) [[likely]]
    return next_fgets.get()(line, size, stream);
  Recording r("fgets", CONCUR_CALLER);
  return next_fgets.get()(line, size, stream);
}

CONCUR_HOOK ssize_t read(int fd, void* buffer, size_t size) {
  if (!in_task() || !can_block(fd)) [[likely]]
    return next_read.get()(fd, buffer, size);
  Recording r("read", CONCUR_CALLER);
  return next_read.get()(fd, buffer, size);
}

CONCUR_HOOK ssize_t write(int fd, const void* data, size_t size) {
  if (!in_task() || !can_block(fd)) [[likely]]
    return next_write.get()(fd, data, size);
  Recording r("write", CONCUR_CALLER);
  return next_write.get()(fd, data, size);
}

CONCUR_HOOK ssize_t recv(int fd, void* buffer, size_t size, int flags) {
  if (!in_task() || (flags & MSG_DONTWAIT) || !can_block(fd)) [[likely]]
    return next_recv.get()(fd, buffer, size, flags);
  Recording r("recv", CONCUR_CALLER);
  return next_recv.get()(fd, buffer, size, flags);
}

CONCUR_HOOK ssize_t send(int fd, const void* data, size_t size, int flags) {
  if (!in_task() || (flags & MSG_DONTWAIT) || !can_block(fd)) [[likely]]
    return next_send.get()(fd, data, size, flags);
  Recording r("send", CONCUR_CALLER);
  return next_send.get()(fd, data, size, flags);
}

CONCUR_HOOK ssize_t recvfrom(int fd, void* buffer, size_t size, int flags, sockaddr* from, socklen_t* from_length) {
  if (!in_task() || (flags & MSG_DONTWAIT) || !can_block(fd)) [[likely]]
    return next_recvfrom.get()(fd, buffer, size, flags, from, from_length);
  Recording r("recvfrom", CONCUR_CALLER);
  return next_recvfrom.get()(fd, buffer, size, flags, from, from_length);
}

CONCUR_HOOK ssize_t sendto(int fd, const void* data, size_t size, int flags, const sockaddr* to, socklen_t to_length) {
  if (!in_task() || (flags & MSG_DONTWAIT) || !can_block(fd)) [[likely]]
    return next_sendto.get()(fd, data, size, flags, to, to_length);
  Recording r("sendto", CONCUR_CALLER);
  return next_sendto.get()(fd, data, size, flags, to, to_length);
}

CONCUR_HOOK int connect(int fd, const sockaddr* address, socklen_t length) {
  if (!in_task() || !can_block(fd)) [[likely]]
    return next_connect.get()(fd, address, length);
  Recording r("connect", CONCUR_CALLER);
  return next_connect.get()(fd, address, length);
}

CONCUR_HOOK int accept(int fd, sockaddr* address, socklen_t* length) {
  if (!in_task() || !can_block(fd)) [[likely]]
    return next_accept.get()(fd, address, length);
  Recording r("accept", CONCUR_CALLER);
  return next_accept.get()(fd, address, length);
}

CONCUR_HOOK int accept4(int fd, sockaddr* address, socklen_t* length, int flags) {
  if (!in_task() || !can_block(fd)) [[likely]]
    return next_accept4.get()(fd, address, length, flags);
  Recording r("accept4", CONCUR_CALLER);
  return next_accept4.get()(fd, address, length, flags);
}

CONCUR_HOOK int fsync(int fd) {
  if (!in_task()) [[likely]]
    return next_fsync.get()(fd);
  Recording r("fsync", CONCUR_CALLER);
  return next_fsync.get()(fd);
}

CONCUR_HOOK int fdatasync(int fd) {
  if (!in_task()) [[likely]]
    return next_fdatasync.get()(fd);
  Recording r("fdatasync", CONCUR_CALLER);
  return next_fdatasync.get()(fd);
}

CONCUR_HOOK int system(const char* command) {
  if (!in_task()) [[likely]]
    return next_system.get()(command);
  Recording r("system", CONCUR_CALLER);
  return next_system.get()(command);
}

CONCUR_HOOK FILE* popen(const char* command, const char* mode) {
  if (!in_task()) [[likely]]
    return next_popen.get()(command, mode);
  Recording r("popen", CONCUR_CALLER);
  return next_popen.get()(command, mode);
}

}  // extern "C"

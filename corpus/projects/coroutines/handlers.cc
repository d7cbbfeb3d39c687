// concur-blocking-in-task and concur-lock-across-suspend on the bundled
// reactor's concur::Task and on a cppcoro-shaped task.
#include <concur/reactor.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <future>
#include <iostream>
#include <mutex>
#include <netdb.h>
#include <poll.h>
#include <semaphore.h>
#include <semaphore>
#include <sstream>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "mini_task.h"
#include "util.h"

namespace handlers {

std::mutex g_mu;

// positive: a blocking sleep in a task; the reactor's timer would not block.
concur::Task<void> Throttle() {
  std::this_thread::sleep_for(std::chrono::milliseconds(10));  // expect: concur-blocking-in-task
  co_await concur::sleep_for(std::chrono::milliseconds(10));
}

// positive: name resolution in a task.
concur::Task<int> Resolve(const char* host) {
  addrinfo* result = nullptr;
  int rc = getaddrinfo(host, "80", nullptr, &result);  // expect: concur-blocking-in-task
  if (rc == 0) freeaddrinfo(result);
  co_return rc;
}

// positive: a helper in another file (util.cc) reads a file with blocking stdio.
concur::Task<std::string> LoadPage(std::string path) {
  co_return ReadWholeFile(path);  // expect: concur-blocking-in-task
}

// negative: the same helper run on the offload pool; the lambda is a function of its own.
concur::Task<std::string> LoadPageOffloaded(std::string path) {
  co_return co_await concur::offload([path] { return ReadWholeFile(path); });
}

// positive: waiting on a future blocks the loop thread.
concur::Task<int> Join(std::future<int> result) {
  co_return result.get();  // expect: concur-blocking-in-task
}

// positive: so does wait (), which std::future inherits from its base.
concur::Task<int> AwaitResult(std::future<int> result) {
  result.wait();  // expect: concur-blocking-in-task
  co_return 0;
}

// negative: a future of the same type kept for later, never waited on here.
concur::Task<int> KeepResult(std::future<int> result, std::vector<std::future<int>>& kept) {
  kept.push_back(std::move(result));
  co_return 0;
}

// positive: opening a file stream and std::getline on it; negative: on a string stream.
concur::Task<int> CountLines(std::string path, std::string text) {
  std::ifstream file(path);  // expect: concur-blocking-in-task
  std::istringstream memory(text);
  std::string line;
  int n = 0;
  while (std::getline(file, line)) ++n;  // expect: concur-blocking-in-task
  while (std::getline(memory, line)) ++n;
  co_return n;
}

// positive: recv on a blocking socket; negative: recv with MSG_DONTWAIT.
concur::Task<long> Peek(int fd) {
  char buffer[64];
  long a = recv(fd, buffer, sizeof buffer, 0);  // expect: concur-blocking-in-task
  long b = recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
  co_return a + b;
}

// negative: a plain function may block; it is not a task.
int Wait() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return 0;
}

// positive: the cppcoro-shaped task blocks too.
cppcoro::task<int> Nap() {
  usleep(1000);  // expect: concur-blocking-in-task
  co_return 0;
}

// positive: a guard alive across a suspension.
concur::Task<void> HoldAcross() {
  std::lock_guard<std::mutex> lock(g_mu);
  co_await concur::sleep_for(std::chrono::milliseconds(1));  // expect: concur-lock-across-suspend
}

// positive: manual lock()/unlock() around a suspension; negative: the second
// co_await, after unlock().
concur::Task<void> ManualAcross() {
  g_mu.lock();
  co_await concur::sleep_for(std::chrono::milliseconds(1));  // expect: concur-lock-across-suspend
  g_mu.unlock();
  co_await concur::sleep_for(std::chrono::milliseconds(1));
}

// negative: unique_lock released before suspending.
concur::Task<void> ReleaseFirst() {
  std::unique_lock<std::mutex> lock(g_mu);
  int copy = 1;
  lock.unlock();
  co_await concur::sleep_for(std::chrono::milliseconds(copy));
}

// negative: the guard's scope ends before the suspension.
concur::Task<void> ScopedBefore() {
  {
    std::lock_guard<std::mutex> lock(g_mu);
  }
  co_await concur::sleep_for(std::chrono::milliseconds(1));
}

// positive: a cppcoro-shaped task awaiting another while locked.
cppcoro::task<int> AwaitLocked() {
  std::lock_guard<std::mutex> lock(g_mu);
  int v = co_await Nap();  // expect: concur-lock-across-suspend
  co_return v;
}

// A virtual call runs one of the overrides its object's class can have: it
// blocks when every such override in the project blocks.
class Journal {
 public:
  virtual ~Journal() = default;
  virtual int Sync() = 0;
};
class FileJournal : public Journal {
 public:
  int Sync() override { return fsync(fd_); }
 private:
  int fd_ = 3;
};
class MemoryJournal : public Journal {
 public:
  int Sync() override { return 0; }
};

// positive: on a FileJournal& only FileJournal::Sync can run, and it calls fsync.
concur::Task<int> SyncFile(FileJournal& journal) {
  co_return journal.Sync();  // expect: concur-blocking-in-task
}

// negative: on a Journal& the memory journal's Sync may run, which does not block.
concur::Task<int> SyncAny(Journal& journal) {
  co_return journal.Sync();
}

// A local whose destructor blocks: one object, one destruction, reported once
// (the flow graph has its destructor after co_return and at the closing brace).
class SyncOnClose {
 public:
  explicit SyncOnClose(int fd) : fd_(fd) {}
  ~SyncOnClose() { fsync(fd_); }
 private:
  int fd_;
};

// positive: the destructor of `closer` calls fsync when the task returns.
concur::Task<int> SaveAndClose(int fd) {
  SyncOnClose closer(fd);
  co_return 1;  // expect: concur-blocking-in-task
}  // negative: the same destruction, not a second one

// An awaiter whose await_ready () returns true never suspends the coroutine:
// a co_await of it holds the lock no longer than a call would. The fact is
// "the coroutine can suspend here", read from the awaiter itself.
struct AlreadyDone {
  int value;
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  int await_resume() const noexcept { return value; }
};

// An awaiter that asks at run time: it may suspend.
struct MaybeReady {
  const bool* ready;
  bool await_ready() const noexcept { return *ready; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  int await_resume() const noexcept { return 1; }
};

// negative: co_await of an awaiter that is always ready goes on without suspending.
concur::Task<int> ReadCachedLocked() {
  std::lock_guard<std::mutex> lock(g_mu);
  int cached = co_await AlreadyDone{7};
  co_await std::suspend_never{};
  co_return cached;
}

// positive: an awaiter that is ready only sometimes suspends otherwise.
concur::Task<int> ReadMaybeLocked(const bool* ready) {
  std::lock_guard<std::mutex> lock(g_mu);
  int got = co_await MaybeReady{ready};  // expect: concur-lock-across-suspend
  co_return got;
}

// positive: std::getline on standard input blocks the loop until a line is typed.
concur::Task<std::string> AskName() {
  std::string name;
  std::getline(std::cin, name);  // expect: concur-blocking-in-task
  co_return name;
}

// negative: a stream the caller hands in may be a string stream.
concur::Task<std::string> FirstLine(std::istream& in) {
  std::string line;
  std::getline(in, line);
  co_return line;
}

// positive: the suspension is on the branch where try_lock took the lock.
concur::Task<void> FlushIfIdle() {
  if (g_mu.try_lock()) {
    co_await concur::sleep_for(std::chrono::milliseconds(1));  // expect: concur-lock-across-suspend
    g_mu.unlock();
  }
}

// negative: where try_lock failed, nothing is held across the suspension.
concur::Task<void> RetryLater() {
  if (!g_mu.try_lock()) {
    co_await concur::sleep_for(std::chrono::milliseconds(1));
    co_return;
  }
  g_mu.unlock();
}

// positive: a unique_lock made with std::try_to_lock holds the lock past the
// early return on the branch where owns_lock () is false.
concur::Task<void> CompactIfFree() {
  std::unique_lock<std::mutex> attempt(g_mu, std::try_to_lock);
  if (!attempt.owns_lock()) co_return;
  co_await concur::sleep_for(std::chrono::milliseconds(1));  // expect: concur-lock-across-suspend
}

// negative: the guard is tested by its bool conversion, and the suspension is
// on the branch where it holds nothing.
concur::Task<void> BackOffIfBusy() {
  std::unique_lock attempt{g_mu, std::try_to_lock};
  if (attempt) co_return;
  co_await concur::sleep_for(std::chrono::milliseconds(1));
}

sem_t g_jobs;
std::counting_semaphore<4> g_slots{4};

// positive: semaphores wait for another thread's post or release.
concur::Task<void> TakeJob() {
  sem_wait(&g_jobs);  // expect: concur-blocking-in-task
  g_slots.acquire();  // expect: concur-blocking-in-task
  co_await concur::sleep_for(std::chrono::milliseconds(1));
  g_slots.release();  // negative: a release never waits
}

// positive: poll with a timeout waits for the descriptor; with zero it only looks.
concur::Task<bool> Readable(int fd) {
  pollfd watched{fd, POLLIN, 0};
  if (poll(&watched, 1, 0) == 1) co_return true;  // negative: a zero timeout returns at once
  co_return poll(&watched, 1, 500) == 1;  // expect: concur-blocking-in-task
}

void Reindex();
std::future<void> g_reindexing;

// positive: the future std::async returns is dropped at once; its destructor waits for Reindex.
concur::Task<void> KickReindex() {
  std::async(std::launch::async, Reindex);  // expect: concur-blocking-in-task
  co_return;
}

// negative: the future is kept; nothing waits for it here.
concur::Task<void> KickReindexKept() {
  g_reindexing = std::async(std::launch::async, Reindex);
  co_return;
}

// negative: a deferred launch runs nothing until someone waits.
concur::Task<void> KickReindexDeferred() {
  auto later = std::async(std::launch::deferred, Reindex);
  co_return;
}

// negative: the deferred future is handed back; whoever waits for it reads the file, not this task.
concur::Task<std::future<std::string>> PrepareConfigRead(std::string path) {
  co_return std::async(std::launch::deferred, [path] { return ReadWholeFile(path); });
}

// negative: kept in a local that is returned unwaited.
std::future<std::string> PrepareConfigReadLater(std::string path) {
  auto later = std::async(std::launch::deferred, [path] { return ReadWholeFile(path); });
  return later;
}

// positive: waiting for a deferred future runs its work here: the task reads the file.
concur::Task<void> ReadConfigNow(std::string path) {
  auto later = std::async(std::launch::deferred, [path] { return ReadWholeFile(path); });
  std::string text = later.get();  // expect: concur-blocking-in-task
  co_return;
}

// positive: opening a file to append a line waits for the file system, as fopen does.
concur::Task<void> AppendLog(std::string path, std::string line) {
  std::ofstream out(path, std::ios::app);  // expect: concur-blocking-in-task
  out << line << '\n';
  co_return;
}

// positive: open () on a stream made closed; negative: the closed stream's construction.
concur::Task<void> Rotate(std::string path) {
  std::fstream log;
  log.open(path, std::ios::out | std::ios::trunc);  // expect: concur-blocking-in-task
  co_return;
}

// positive: a C file opened in a task.
concur::Task<bool> Exists(const char* path) {
  FILE* f = std::fopen(path, "r");  // expect: concur-blocking-in-task
  if (f) std::fclose(f);
  co_return f != nullptr;
}

// negative: a stream the caller opened and moves in; the move opens nothing.
concur::Task<void> Adopt(std::ofstream opened, std::string line) {
  std::ofstream mine(std::move(opened));
  mine << line;
  co_return;
}

}  // namespace handlers

// scan_code(): the library entry point the gtest matchers build on, on shapes
// that need templates and helpers (the corpus covers the rest).
#include "concur/analyzer.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <gmock/gmock.h>

#include <fstream>
#include <gtest/gtest.h>

namespace {

/// scan_code, failing the test when the snippet does not compile: a test
/// of "no finding" must not pass on code Clang rejected.
concur::ScanResult compiled(concur::ScanResult result) {
  for (const auto& problem : result.compile_errors)
    ADD_FAILURE() << "the snippet does not compile: " << problem.reason;
  for (const auto& problem : result.input_errors)
    ADD_FAILURE() << "the snippet was not analyzed: " << problem.reason;
  return result;
}

concur::ScanResult scan_ok(std::string_view code, const concur::AnalyzerConfig& config = {}) {
  return compiled(concur::scan_code(code, {"-std=c++20"}, config));
}

/// The same for a C snippet: C structs are not C++ classes to Clang.
concur::ScanResult scan_c_ok(std::string_view code, const concur::AnalyzerConfig& config = {}) {
  return compiled(concur::scan_code(code, {"-std=c17"}, config, "input.c"));
}

std::vector<std::pair<std::string, unsigned>> found(const concur::ScanResult& result) {
  std::vector<std::pair<std::string, unsigned>> out;
  for (const auto& f : result.findings) out.emplace_back(f.check, f.where.line);
  return out;
}

/// The messages of a finding's notes, in order.
std::vector<std::string> note_messages(const concur::Finding& finding) {
  std::vector<std::string> out;
  for (const auto& note : finding.notes) out.push_back(note.message);
  return out;
}

TEST(ScanCode, TemplateCallableUnderLockIsReported) {
  auto result = scan_ok(R"cc(#include <mutex>
class Store {
 public:
  template <class F> void synchronize(F&& f) {
    std::lock_guard<std::mutex> g(mu_);
    f();
  }
 private:
  std::mutex mu_;
};
)cc");
  EXPECT_THAT(found(result), ::testing::ElementsAre(std::make_pair("concur-locked-callback", 6u)));
  EXPECT_THAT(result.findings[0].message, ::testing::HasSubstr("template parameter type"));
}

TEST(ScanCode, RecursiveMutexIsANote) {
  auto result = scan_ok(R"cc(#include <mutex>
#include <functional>
struct Bus {
  std::recursive_mutex mu;
  std::function<void()> cb;
  void fire() { std::lock_guard<std::recursive_mutex> g(mu); cb(); }
};
)cc");
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_EQ(result.findings[0].severity, concur::Severity::note);
  EXPECT_THAT(result.findings[0].message, ::testing::HasSubstr("recursive"));
}

// Qt 5's QMutex takes its recursion mode in the constructor: the same class
// is recursive for one object and not for another. The mode is read where
// each object is built: a default member initializer, a constructor's
// initializer list, a global. A QMutex built without it stays plain.
TEST(ScanCode, MutexBuiltWithARecursiveModeIsANote) {
  auto result = scan_ok(R"cc(#include <functional>
class QMutex {
public:
  enum RecursionMode { NonRecursive, Recursive };
  explicit QMutex(RecursionMode mode = NonRecursive);
  void lock();
  void unlock();
};
class QMutexLocker {
public:
  explicit QMutexLocker(QMutex* m);
  ~QMutexLocker();
};
struct InClass {
  QMutex mu{QMutex::Recursive};
  std::function<void()> cb;
  void fire() { QMutexLocker hold(&mu); cb(); }
};
struct InitList {
  InitList() : mu(QMutex::Recursive) {}
  QMutex mu;
  std::function<void()> cb;
  void fire() { mu.lock(); cb(); mu.unlock(); }
};
QMutex g_registry_lock(QMutex::Recursive);
std::function<void()> g_on_change;
void notify() { QMutexLocker hold(&g_registry_lock); g_on_change(); }
struct Plain {
  QMutex mu;
  std::function<void()> cb;
  void fire() { QMutexLocker hold(&mu); cb(); }
};
)cc");
  EXPECT_THAT(found(result), ::testing::ElementsAre(std::make_pair("concur-locked-callback", 17u),
                                                    std::make_pair("concur-locked-callback", 23u),
                                                    std::make_pair("concur-locked-callback", 27u),
                                                    std::make_pair("concur-locked-callback", 31u)));
  ASSERT_EQ(result.findings.size(), 4u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(result.findings[i].severity, concur::Severity::note) << result.findings[i].message;
    EXPECT_THAT(result.findings[i].message, ::testing::HasSubstr("recursive lock"));
  }
  EXPECT_EQ(result.findings[3].severity, concur::Severity::warning);
  EXPECT_THAT(result.findings[3].message, ::testing::Not(::testing::HasSubstr("recursive")));
}

// dbus's DBusRMutex: a factory sets the pthread mutex up as recursive, and an
// init function stores the result through an out-parameter
// (`_dbus_rmutex_new_at_location (&connection->mutex)`): every lock of
// connection->mutex is recursive, taken through a wrapper that tolerates NULL.
TEST(ScanCode, RecursiveLockMadeThroughAnOutParameterIsANote) {
  auto result = scan_ok(R"cc(#include <pthread.h>
#include <stdlib.h>
typedef struct { pthread_mutex_t lock; } rmutex_t;
static rmutex_t* rmutex_new(void) {
  rmutex_t* m = (rmutex_t*)malloc(sizeof *m);
  pthread_mutexattr_t a;
  pthread_mutexattr_init(&a);
  pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&m->lock, &a);
  return m;
}
void rmutex_new_at(rmutex_t** location) { *location = rmutex_new(); }
void rmutex_lock(rmutex_t* m) { if (m == NULL) return; pthread_mutex_lock(&m->lock); }
void rmutex_unlock(rmutex_t* m) { if (m == NULL) return; pthread_mutex_unlock(&m->lock); }
struct conn { rmutex_t* mutex; void (*wakeup)(void*); void* data; };
void conn_init(struct conn* c) { rmutex_new_at(&c->mutex); }
void conn_set_wakeup(struct conn* c, void (*f)(void*), void* d) { c->wakeup = f; c->data = d; }
void conn_send(struct conn* c) {
  rmutex_lock(c->mutex);
  c->wakeup(c->data);
  rmutex_unlock(c->mutex);
}
)cc");
  EXPECT_THAT(found(result), ::testing::ElementsAre(std::make_pair("concur-locked-callback", 20u)));  // c->wakeup
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_EQ(result.findings[0].severity, concur::Severity::note);
  EXPECT_THAT(result.findings[0].message, ::testing::HasSubstr("recursive lock 'c->mutex'"));
}

// glib's GRecMutex in C: a typedef of a plain struct, locked through
// g_rec_mutex_lock (GRecMutex*). The listed name is the typedef's; the lock is
// recursive whether it is taken directly or through the object's own lock
// function, and a GMutex in the same shape stays a plain lock.
constexpr const char* kGlibStyleC = R"c(#include <stddef.h>
typedef struct _GMutex { void* p; unsigned i[2]; } GMutex;
typedef struct _GRecMutex { void* p; unsigned i[2]; } GRecMutex;
void g_mutex_lock(GMutex* m);
void g_mutex_unlock(GMutex* m);
void g_rec_mutex_lock(GRecMutex* m);
void g_rec_mutex_unlock(GRecMutex* m);
typedef void (*Handler)(void* data);
typedef struct { GRecMutex mutex; GMutex plain; Handler handler; void* data; } Group;
void group_set_handler(Group* g, Handler h, void* d) { g->handler = h; g->data = d; }
static void group_lock(Group* g) { g_rec_mutex_lock(&g->mutex); }
static void group_unlock(Group* g) { g_rec_mutex_unlock(&g->mutex); }
void group_notify(Group* g) {
  g_rec_mutex_lock(&g->mutex);
  g->handler(g->data);
  g_rec_mutex_unlock(&g->mutex);
}
void group_notify_wrapped(Group* g) {
  group_lock(g);
  g->handler(g->data);
  group_unlock(g);
}
void group_notify_plain(Group* g) {
  g_mutex_lock(&g->plain);
  g->handler(g->data);
  g_mutex_unlock(&g->plain);
}
)c";

TEST(ScanCode, CRecursiveMutexTypedefIsANote) {
  auto result = scan_c_ok(kGlibStyleC);
  ASSERT_THAT(found(result), ::testing::ElementsAre(std::make_pair("concur-locked-callback", 15u),
                                                    std::make_pair("concur-locked-callback", 20u),
                                                    std::make_pair("concur-locked-callback", 25u)));
  for (int i : {0, 1}) {
    EXPECT_EQ(result.findings[i].severity, concur::Severity::note) << result.findings[i].message;
    EXPECT_THAT(result.findings[i].message, ::testing::HasSubstr("recursive lock"));
  }
  EXPECT_EQ(result.findings[2].severity, concur::Severity::warning) << result.findings[2].message;
  EXPECT_THAT(result.findings[2].message, ::testing::Not(::testing::HasSubstr("recursive")));
}

// A project's own recursive C type, named in recursiveMutexTypes by its struct
// tag or by its typedef, with its own lock function.
// A C struct's mutex set up as recursive by an init function that takes the
// struct by pointer (`pthread_mutex_init (&l->m, &attr)`) is recursive in
// every such struct; a plain one next to it is not.
TEST(ScanCode, ARecursiveMutexFieldSetUpThroughAParameterIsANote) {
  auto result = scan_c_ok(R"c(#define _XOPEN_SOURCE 700
#include <pthread.h>
struct legacy { pthread_mutex_t m; void (*notify)(int); };
struct plain { pthread_mutex_t m; void (*notify)(int); };
void legacy_init(struct legacy* l) {
  pthread_mutexattr_t a;
  pthread_mutexattr_init(&a);
  pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&l->m, &a);
}
void plain_init(struct plain* p) { pthread_mutex_init(&p->m, NULL); }
void legacy_set(struct legacy* l, void (*fn)(int)) { l->notify = fn; }
void plain_set(struct plain* p, void (*fn)(int)) { p->notify = fn; }
void legacy_fire(struct legacy* l, int v) { pthread_mutex_lock(&l->m); l->notify(v); pthread_mutex_unlock(&l->m); }
void plain_fire(struct plain* p, int v) { pthread_mutex_lock(&p->m); p->notify(v); pthread_mutex_unlock(&p->m); }
)c");
  ASSERT_THAT(found(result), ::testing::ElementsAre(std::make_pair("concur-locked-callback", 14u),
                                                    std::make_pair("concur-locked-callback", 15u)));
  EXPECT_EQ(result.findings[0].severity, concur::Severity::note) << result.findings[0].message;
  EXPECT_THAT(result.findings[0].message, ::testing::HasSubstr("recursive lock 'l->m'"));
  EXPECT_EQ(result.findings[1].severity, concur::Severity::warning) << result.findings[1].message;
}

TEST(ScanCode, ConfiguredCRecursiveMutexIsANote) {
  const char* code = R"c(struct rlock { int owner; int depth; };
typedef struct rlock rlock_t;
void rlock_acquire(rlock_t* l);
void rlock_release(rlock_t* l);
struct bus { rlock_t lock; void (*on_event)(int); };
void bus_emit(struct bus* b, int event) {
  rlock_acquire(&b->lock);
  b->on_event(event);
  rlock_release(&b->lock);
}
)c";
  for (const char* name : {"rlock", "rlock_t"}) {
    concur::AnalyzerConfig config;
    config.options["vocabulary.lockFunctions"] = {"rlock_acquire"};
    config.options["vocabulary.unlockFunctions"] = {"rlock_release"};
    auto plain = scan_c_ok(code, config);
    ASSERT_EQ(plain.findings.size(), 1u);
    EXPECT_EQ(plain.findings[0].severity, concur::Severity::warning);
    config.options["vocabulary.recursiveMutexTypes"] = {name};
    auto recursive = scan_c_ok(code, config);
    ASSERT_EQ(recursive.findings.size(), 1u) << name;
    EXPECT_EQ(recursive.findings[0].severity, concur::Severity::note) << name;
    EXPECT_THAT(recursive.findings[0].message, ::testing::HasSubstr("recursive lock 'b->lock'")) << name;
  }
}

// A caller's lambda handed to an accessor that runs it under a recursive
// mutex: the same wording and severity as a callback the holder runs itself.
TEST(ScanCode, CallableHandedToARecursiveLockHolderIsANote) {
  auto result = scan_ok(R"cc(#include <functional>
#include <map>
#include <mutex>
#include <string>
class Store {
 public:
  template <class F> bool with_entry(const std::string& key, F f) const {
    std::lock_guard<std::recursive_mutex> lock(mu_);
    auto it = map_.find(key);
    if (it == map_.end()) return false;
    f(it->second);
    return true;
  }
 private:
  mutable std::recursive_mutex mu_;
  std::map<std::string, int> map_;
};
std::function<void(int)> on_value;
void show(const Store& s) { s.with_entry("k", [&](int v) { on_value(v); }); }
)cc");
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_THAT(found(result), ::testing::ElementsAre(std::make_pair("concur-locked-callback", 19u)));
  EXPECT_EQ(result.findings[0].severity, concur::Severity::note);
  EXPECT_THAT(result.findings[0].message, ::testing::HasSubstr("holds recursive lock 'mu_'"));
}

// zeromq's mutex_t: a class with lock()/unlock() whose constructor sets its
// pthread mutex up with PTHREAD_MUTEX_RECURSIVE. Taken directly, through the
// project's guard and through std::lock_guard, it is a recursive lock; so is a
// wrapper of a std::recursive_mutex. The same class without the set-up stays a
// plain mutex: a self-deadlock.
TEST(ScanCode, AMutexClassMadeRecursiveByItsConstructorIsANote) {
  auto result = scan_ok(R"cc(#include <pthread.h>
#include <functional>
#include <mutex>
class RecursiveMutex {
 public:
  RecursiveMutex() {
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&mutex_, &attr);
  }
  void lock() { pthread_mutex_lock(&mutex_); }
  void unlock() { pthread_mutex_unlock(&mutex_); }
 private:
  pthread_mutex_t mutex_;
};
class PlainMutex {
 public:
  PlainMutex() { pthread_mutex_init(&mutex_, nullptr); }
  void lock() { pthread_mutex_lock(&mutex_); }
  void unlock() { pthread_mutex_unlock(&mutex_); }
 private:
  pthread_mutex_t mutex_;
};
class Reentrant {
 public:
  void lock() { inner_.lock(); }
  void unlock() { inner_.unlock(); }
 private:
  std::recursive_mutex inner_;
};
struct ScopedLock {
  explicit ScopedLock(RecursiveMutex& m) : m_(m) { m_.lock(); }
  ~ScopedLock() { m_.unlock(); }
  RecursiveMutex& m_;
};
struct Bus {
  RecursiveMutex mu; PlainMutex plain; Reentrant reentrant;
  std::function<void()> cb;
  void direct() { mu.lock(); cb(); mu.unlock(); }
  void guarded() { ScopedLock g(mu); cb(); }
  void std_guarded() { std::lock_guard<RecursiveMutex> g(mu); cb(); }
  void wrapped() { std::lock_guard<Reentrant> g(reentrant); cb(); }
  void plain_direct() { plain.lock(); cb(); plain.unlock(); }
};
)cc");
  ASSERT_THAT(found(result), ::testing::ElementsAre(std::make_pair("concur-locked-callback", 40u),
                                                    std::make_pair("concur-locked-callback", 41u),
                                                    std::make_pair("concur-locked-callback", 42u),
                                                    std::make_pair("concur-locked-callback", 43u),
                                                    std::make_pair("concur-locked-callback", 44u)));
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(result.findings[i].severity, concur::Severity::note) << result.findings[i].message;
    EXPECT_THAT(result.findings[i].message, ::testing::HasSubstr("recursive lock"));
  }
  EXPECT_EQ(result.findings[4].severity, concur::Severity::warning);
  EXPECT_THAT(result.findings[4].message, ::testing::Not(::testing::HasSubstr("recursive")));
}

// The same class with its constructor in its own TU: the TU that locks it
// cannot see the set-up, the project can. Locked through methods named
// neither lock nor unlock, it is recognized by what the methods do; locked
// through std::lock_guard, the guard names the class for the project.
TEST(ScanCode, AMutexClassMadeRecursiveInAnotherFileIsANote) {
  auto result = compiled(concur::scan_files({
      {"mutex.h", R"cc(#pragma once
#include <pthread.h>
class RecursiveMutex {
 public:
  RecursiveMutex();
  void lock() { pthread_mutex_lock(&mutex_); }
  void unlock() { pthread_mutex_unlock(&mutex_); }
  void Enter() { pthread_mutex_lock(&mutex_); }
  void Leave() { pthread_mutex_unlock(&mutex_); }
 private:
  pthread_mutex_t mutex_;
};
)cc"},
      {"mutex.cc", R"cc(#include "mutex.h"
RecursiveMutex::RecursiveMutex() {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&mutex_, &attr);
}
)cc"},
      {"bus.cc", R"cc(#include <functional>
#include <mutex>
#include "mutex.h"
struct Bus {
  RecursiveMutex mu;
  std::function<void()> cb;
  void direct() { mu.lock(); cb(); mu.unlock(); }
  void named() { mu.Enter(); cb(); mu.Leave(); }
  void guarded() { std::lock_guard<RecursiveMutex> hold(mu); cb(); }
};
void fire(Bus& b) { b.direct(); b.named(); b.guarded(); }
)cc"}}));
  ASSERT_EQ(result.findings.size(), 3u);
  for (const auto& finding : result.findings) {
    EXPECT_EQ(finding.severity, concur::Severity::note) << finding.message;
    EXPECT_THAT(finding.message, ::testing::HasSubstr("recursive lock 'mu'"));
  }
}

// A container that carries its callbacks per object (glib's GHashTable): the
// tables a store holds are made in another file, by a factory the users'
// file sees only declared, on an opaque struct. A call into a table runs
// what that table was made with: nothing for one made with no destroy
// function, the user's code for one made with what the store's creator
// passed, and the project's own function (followed) for a third.
TEST(ScanCode, AnObjectRunsTheCallbacksItWasMadeWithInAnotherFile) {
  auto result = compiled(concur::scan_files({
      {"table.h", R"cc(#pragma once
struct Table;
typedef void (*Destroy)(void* value);
Table* table_new_full(Destroy key_destroy, Destroy value_destroy);
Table* table_new();
void table_remove(Table* table, void* key);
)cc"},
      {"table.cc", R"cc(#include "table.h"
struct Table {
  Destroy key_destroy;
  Destroy value_destroy;
};
Table* table_new_full(Destroy key_destroy, Destroy value_destroy) {
  Table* table = new Table;
  table->key_destroy = key_destroy;
  table->value_destroy = value_destroy;
  return table;
}
Table* table_new() { return table_new_full(nullptr, nullptr); }
static void table_drop(Table* table, void* key) {
  if (table->value_destroy) table->value_destroy(key);
}
void table_remove(Table* table, void* key) { table_drop(table, key); }
)cc"},
      {"store.cc", R"cc(#include <functional>
#include <mutex>
#include "table.h"
std::function<void(void*)> g_on_evict;
static void evict_and_tell(void* value) { if (g_on_evict) g_on_evict(value); }
struct Store {
  explicit Store(Destroy user_destroy)
      : plain(table_new()), owned(table_new_full(nullptr, user_destroy)),
        watched(table_new_full(nullptr, &evict_and_tell)) {}
  std::mutex mu;
  Table* plain;
  Table* owned;
  Table* watched;
};
void drop_plain(Store* s, void* key) { std::lock_guard<std::mutex> g(s->mu); table_remove(s->plain, key); }
void drop_owned(Store* s, void* key) { std::lock_guard<std::mutex> g(s->mu); table_remove(s->owned, key); }
void drop_watched(Store* s, void* key) { std::lock_guard<std::mutex> g(s->mu); table_remove(s->watched, key); }
)cc"}}));
  ASSERT_THAT(found(result), ::testing::ElementsAre(std::make_pair("concur-locked-callback", 16u),
                                                    std::make_pair("concur-locked-callback", 17u)));
  EXPECT_THAT(result.findings[0].message, ::testing::HasSubstr("'table->value_destroy'"));
  EXPECT_THAT(result.findings[1].message, ::testing::HasSubstr("'g_on_evict'"));
  EXPECT_THAT(note_messages(result.findings[1]), ::testing::Contains(::testing::HasSubstr(
                         "calls 'evict_and_tell' (the object in 's->watched' gets it at store.cc:9)")));
}

// A function the project only stores in its own table of function pointers
// runs where the project calls through the table: here on the worker thread
// of another file (the note names the pointer), and in the plugin table
// walked by a static initializer only at start-up (not reported).
TEST(ScanCode, AFunctionStoredInATableRunsWhereTheTableIsCalled) {
  auto result = compiled(concur::scan_files({
      {"hooks.h", R"cc(#pragma once
#include <string>
struct Hooks {
  void (*on_event)(const std::string&);
  void (*on_load)();
};
extern const Hooks kHooks;
)cc"},
      {"hooks.cc", R"cc(#include "hooks.h"
#include <map>
#include <mutex>
#include <vector>
std::vector<std::string> g_events;
std::map<std::string, int> g_loaded;
std::mutex g_mu;
int loaded(const std::string& name) { std::lock_guard<std::mutex> g(g_mu); return g_loaded.count(name); }
static void record_event(const std::string& event) { g_events.push_back(event); }
static void load_defaults() { g_loaded["defaults"] = 1; }
const Hooks kHooks = {&record_event, &load_defaults};
)cc"},
      {"worker.cc", R"cc(#include "hooks.h"
#include <thread>
static const bool loaded_at_startup = (kHooks.on_load(), true);
void start_worker() {
  std::thread worker([] { kHooks.on_event("tick"); });
  worker.detach();
}
)cc"}}));
  ASSERT_THAT(found(result), ::testing::ElementsAre(std::make_pair("concur-shared-global-cache", 9u)));
  EXPECT_THAT(note_messages(result.findings[0]), ::testing::Contains(::testing::HasSubstr(
                         "calls 'record_event' through the function pointer 'kHooks.on_event' here")));
}

// A worker thread its starter joins before returning runs alongside the code
// between the start and the join only: a test that clears a global, runs the
// worker, joins it and checks the global has no race; one that reads the
// global before joining races with the worker, and the note says where.
TEST(ScanCode, AThreadJoinedByItsStarterRacesOnlyWithTheCodeInBetween) {
  auto result = compiled(concur::scan_files({
      {"worker.h", R"cc(#pragma once
#include <string>
#include <vector>
extern std::vector<std::string> g_lines;
void write_lines();
)cc"},
      {"worker.cc", R"cc(#include "worker.h"
std::vector<std::string> g_lines;
void write_lines() { g_lines.push_back("line"); }
)cc"},
      {"worker_test.cc", R"cc(#include "worker.h"
#include <thread>
int WorkerWritesOneLine() {
  g_lines.clear();
  std::thread worker(write_lines);
  worker.join();
  return static_cast<int>(g_lines.size());
}
int WorkerIsPeekedAtTooEarly() {
  std::thread worker(write_lines);
  const int early = static_cast<int>(g_lines.size());
  worker.join();
  return early;
}
)cc"}}));
  ASSERT_THAT(found(result), ::testing::ElementsAre(std::make_pair("concur-shared-global-cache", 3u)));
  EXPECT_THAT(note_messages(result.findings[0]), ::testing::Contains(::testing::HasSubstr(
                         "'WorkerIsPeekedAtTooEarly' uses it here while that thread runs "
                         "('WorkerIsPeekedAtTooEarly' joins that thread only at worker_test.cc:12)")));
}

// Two threads started on the same function before either is joined run it
// twice at once; the note names the second start, not the starter, as the
// other runner (it used to say the starter "runs it itself meanwhile").
TEST(ScanCode, TwoThreadsOnOneFunctionNameTheSecondStart) {
  auto result = compiled(concur::scan_files({{"audit.cc", R"cc(#include <string>
#include <thread>
#include <vector>
std::vector<std::string> g_audit;
void record() { g_audit.push_back("tick"); }
int main() {
  std::thread first(record), second(record);
  first.join();
  second.join();
}
)cc"}}));
  ASSERT_THAT(found(result), ::testing::ElementsAre(std::make_pair("concur-shared-global-cache", 5u)));
  const auto notes = note_messages(result.findings[0]);
  EXPECT_THAT(notes, ::testing::Contains("'main' starts 'record' again here before it joins the first at "
                                         "audit.cc:8: two run 'record' at once"));
  EXPECT_THAT(notes, ::testing::Not(::testing::Contains(::testing::HasSubstr("itself meanwhile"))));
}

// A thread an object owns (started by a member's constructor, joined by the
// owner's destructor) runs while the object lives: a test that clears a
// global, lets a sink live in a block and reads the global afterwards has no
// race; one that reads it while the sink lives does, and the note says until
// where the thread runs.
TEST(ScanCode, AThreadAnObjectOwnsRunsWhileTheObjectLives) {
  auto result = compiled(concur::scan_files({
      {"sink.h", R"cc(#pragma once
#include <pthread.h>
#include <string>
#include <vector>
extern std::vector<std::string> g_seen;
class Runner {
 public:
  void Launch() { pthread_create(&tid_, nullptr, &Runner::Enter, this); }
  void Await() { pthread_join(tid_, nullptr); }
  virtual ~Runner() = default;
 protected:
  virtual void Work() = 0;
 private:
  static void* Enter(void* self) { static_cast<Runner*>(self)->Work(); return nullptr; }
  pthread_t tid_{};
};
class Recorder : public Runner {
 public:
  Recorder() { Launch(); }
 private:
  void Work() override;
};
class Sink {
 public:
  Sink() {}
  ~Sink() { recorder_.Await(); }
 private:
  Recorder recorder_;
};
)cc"},
      {"sink.cc", R"cc(#include "sink.h"
std::vector<std::string> g_seen;
void Recorder::Work() { g_seen.push_back("line"); }
)cc"},
      {"sink_test.cc", R"cc(#include "sink.h"
int SinkRecordsOneLine() {
  g_seen.clear();
  { Sink sink; }
  return static_cast<int>(g_seen.size());
}
int SinkIsPeekedAtTooEarly() {
  Sink sink;
  const int early = static_cast<int>(g_seen.size());
  return early;
}
)cc"}}));
  ASSERT_THAT(found(result), ::testing::ElementsAre(std::make_pair("concur-shared-global-cache", 3u)));
  EXPECT_THAT(note_messages(result.findings[0]), ::testing::Contains(::testing::HasSubstr(
                         "'SinkIsPeekedAtTooEarly' uses it here while that thread runs "
                         "('SinkIsPeekedAtTooEarly' joins that thread only at sink_test.cc:10)")));
}

// A virtual call on an object made by a factory in another file runs only the
// overrides of the classes that factory makes: not the TwoLevelIterator whose
// Seek runs the application's hook, unless the factory can make one.
TEST(ScanCode, AFactoryInAnotherFileDecidesWhichOverridesRun) {
  auto result = compiled(concur::scan_files({
      {"iterator.h", R"cc(#pragma once
#include <memory>
#include <string>
class Iterator {
public:
  virtual ~Iterator() = default;
  virtual void Seek(const std::string& key) = 0;
};
std::unique_ptr<Iterator> NewBlockIterator(bool ok);
Iterator* NewLevelIterator(bool levels);
)cc"},
      {"iterator.cc", R"cc(#include "iterator.h"
#include <functional>
std::function<void(const std::string&)> g_on_load;
class BlockIterator : public Iterator { public: void Seek(const std::string&) override {} };
class EmptyIterator : public Iterator { public: void Seek(const std::string&) override {} };
class TwoLevelIterator : public Iterator {
public:
  void Seek(const std::string& key) override { if (g_on_load) g_on_load(key); }
};
static Iterator* NewEmptyIterator() { return new EmptyIterator; }
std::unique_ptr<Iterator> NewBlockIterator(bool ok) {
  if (!ok) return std::unique_ptr<Iterator>(NewEmptyIterator());
  return std::make_unique<BlockIterator>();
}
Iterator* NewLevelIterator(bool levels) {
  if (levels) return new TwoLevelIterator;
  return NewEmptyIterator();
}
)cc"},
      {"table.cc", R"cc(#include "iterator.h"
#include <mutex>
std::mutex g_mu;
void SeekBlock(const std::string& key) {
  std::lock_guard<std::mutex> lock(g_mu);
  auto it = NewBlockIterator(true);
  it->Seek(key);
}
void SeekLevel(const std::string& key) {
  std::lock_guard<std::mutex> lock(g_mu);
  Iterator* it = NewLevelIterator(true);
  it->Seek(key);
  delete it;
}
)cc"}}));
  ASSERT_THAT(found(result), ::testing::ElementsAre(std::make_pair("concur-locked-callback", 12u)));
  EXPECT_THAT(result.findings[0].message, ::testing::HasSubstr("overridden by 'TwoLevelIterator::Seek'"));
}

// A cache filled by a helper the library's users cannot call: the finding
// names the public entry point that reaches it and each call on the way, not
// the helper as if it were the entry (glog's LogDestination::hostname, reached
// from the public LogMessage::SendToSyslogAndLog).
TEST(ScanCode, ALibraryHelperNamesTheEntryPointThatReachesIt) {
  auto result = scan_ok(R"cc(#include <map>
#include <mutex>
namespace {
std::map<int, int> g_sizes;
void remember(int key) { g_sizes[key] = key * 2; }
void measure(int key) { remember(key); }
}  // namespace
std::mutex g_stats_mu;
int g_total = 0;
void record(int key) {
  measure(key);
}
void add_total(int n) { std::lock_guard<std::mutex> g(g_stats_mu); g_total += n; }
)cc");
  ASSERT_THAT(found(result), ::testing::ElementsAre(std::make_pair("concur-shared-global-cache", 5u)));
  std::vector<std::string> notes;
  for (const auto& note : result.findings[0].notes)
    notes.push_back(std::to_string(note.where.line) + ": " + note.message);
  EXPECT_THAT(notes, ::testing::IsSupersetOf({
                         "10: 'record' is an entry point of a library that uses locks, and it reaches "
                         "'remember': its users may call it from several threads at once",
                         "11: 'record' calls 'measure' here",
                         "6: 'measure' calls 'remember' here",
                     }));
}

// A helper that runs two callbacks, one for every message and one only on a
// fatal one: the finding names the one control reaches first, whatever order
// the flow graph stores its blocks in (glib's g_logv runs the log handler for
// every message, and its fatal hook only right before it aborts).
TEST(ScanCode, TheChainNamesTheForeignCallThatRunsFirst) {
  auto result = scan_ok(R"cc(#include <functional>
#include <mutex>
struct Logger {
  std::function<void(int)> on_message;
  std::function<void()> on_fatal;
  void log(int level) {
    on_message(level);
    if (level > 3 && on_fatal) on_fatal();
  }
};
class Store {
 public:
  void put(int v) {
    std::lock_guard<std::mutex> g(mu_);
    value_ = v;
    logger_.log(v);
  }
 private:
  std::mutex mu_;
  int value_ = 0;
  Logger logger_;
};
)cc");
  ASSERT_THAT(found(result), ::testing::ElementsAre(std::make_pair("concur-locked-callback", 16u)));
  EXPECT_THAT(result.findings[0].message, ::testing::HasSubstr("'on_message'"));
  EXPECT_THAT(result.findings[0].notes[0].message,
              ::testing::StrEq("'Logger::log' calls the std::function 'on_message' here"));
  EXPECT_EQ(result.findings[0].notes[0].where.line, 7u);
}

// The re-entry note names what a callback would call: the public function
// that takes the held lock, not a static helper defined before it, and not
// one passed over because a type check it makes first (like glib's
// G_IS_BINDING_GROUP) may leave some other lock held on a path the flow
// cannot rule out: that does not make it a lock primitive.
TEST(ScanCode, TheReentryNoteNamesThePublicFunctionThatTakesTheLock) {
  auto result = scan_c_ok(R"c(#include <pthread.h>
#include <stddef.h>
typedef struct group { pthread_mutex_t mu; void *source; void (*transform)(void *); } group;
static pthread_mutex_t type_mu = PTHREAD_MUTEX_INITIALIZER;
static int type_ready;
static int is_group(const group *g) {
  if (!type_ready) {
    pthread_mutex_lock(&type_mu);
    if (!type_ready) {
      type_ready = 1;
      pthread_mutex_unlock(&type_mu);
    }
  }
  return g != NULL;
}
static void forget_source(group *g) {
  pthread_mutex_lock(&g->mu);
  g->source = NULL;
  pthread_mutex_unlock(&g->mu);
}
void group_destroy(group *g) { forget_source(g); }
void *group_dup_source(group *g) {
  void *s;
  if (!is_group(g)) return NULL;
  pthread_mutex_lock(&g->mu);
  s = g->source;
  pthread_mutex_unlock(&g->mu);
  return s;
}
void group_set_transform(group *g, void (*f)(void *)) { g->transform = f; }
void group_set_source(group *g, void *source) {
  if (!is_group(g)) return;
  pthread_mutex_lock(&g->mu);
  g->source = source;
  g->transform(source);
  pthread_mutex_unlock(&g->mu);
}
)c");
  ASSERT_THAT(found(result), ::testing::ElementsAre(std::make_pair("concur-locked-callback", 35u)));
  EXPECT_THAT(note_messages(result.findings[0]),
              ::testing::Contains("'group_dup_source' also locks 'g->mu'; a callback that calls it deadlocks"));
}

TEST(ScanCode, DisabledChecksDoNotRun) {
  const char* code = R"cc(#include <map>
#include <thread>
std::map<int, int> cache;
void put(int k, int v) { cache[k] = v; }
void serve() { std::thread t(put, 1, 2); t.join(); }
)cc";
  EXPECT_EQ(scan_ok(code).findings.size(), 1u);  // enabled, it reports
  concur::AnalyzerConfig config;
  config.checks = "*,-concur-shared-global-cache";
  EXPECT_TRUE(scan_ok(code, config).findings.empty());
}

// Many helpers that reach a re-locking override, each called by a function
// holding the lock: every caller is reported, once. (At this size the
// summaries' table grows while it is read; a build that read it through a
// stale reference crashed on spdlog and re2.)
TEST(ScanCode, ManyHelpersReachingARelockingOverrideAreEachReported) {
  std::string code = R"cc(#include <mutex>
std::mutex g_mu;
struct Formatter { virtual ~Formatter() = default; virtual void Format(int& line) = 0; };
struct Counting : Formatter { void Format(int& line) override { std::lock_guard<std::mutex> g(g_mu); ++line; } };
)cc";
  constexpr int kHelpers = 120;
  for (int i = 0; i < kHelpers; ++i) {
    const std::string n = std::to_string(i);
    code += "void helper" + n + "(Formatter* f, int& line) { f->Format(line); }\n";
    code += "void outer" + n + "(Formatter* f, int& line) { helper" + n + "(f, line); }\n";
    code += "void emit" + n + "(Formatter* f, int line) { std::lock_guard<std::mutex> g(g_mu); outer" + n +
            "(f, line); }\n";
  }
  const auto result = scan_ok(code.c_str());
  EXPECT_EQ(result.findings.size(), static_cast<size_t>(kHelpers));
  for (const auto& finding : result.findings)
    EXPECT_THAT(finding.message, ::testing::HasSubstr("locks 'g_mu' again, while lock 'g_mu' is held"));
}

// A generator that yields while holding a lock is not a task: it runs on no
// event loop and resumes when its caller asks for the next value. The note
// says so, and the fix names its own co_yield.
TEST(ScanCode, AGeneratorHoldingALockAcrossCoYieldIsDescribedAsOne) {
  const char* code = R"cc(#include <coroutine>
#include <mutex>
#include <vector>
template <class T> struct generator {
  struct promise_type {
    T value;
    generator get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(T v) { value = v; return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
struct Inbox {
  std::mutex mu_;
  std::vector<int> items_;
  generator<int> Drain() {
    std::lock_guard<std::mutex> g(mu_);
    for (int v : items_) co_yield v;
  }
};
)cc";
  const auto result = scan_ok(code);
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_EQ(result.findings[0].check, "concur-lock-across-suspend");
  EXPECT_THAT(note_messages(result.findings[0]),
              ::testing::Contains(::testing::HasSubstr("it resumes only when its caller asks for the next value")));
  EXPECT_THAT(result.findings[0].fix, ::testing::HasSubstr("unlock, then co_yield"));
}

/// A coroutine type of the project's own that is not a task (not in taskTypes).
const std::string kEagerJob = R"cc(#include <coroutine>
#include <mutex>
struct Job {
  struct promise_type {
    Job get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
)cc";

TEST(ScanCode, ACoAwaitOutsideATaskResumesWhenItsAwaitCompletes) {
  // A coroutine type of the project's own, not a task: its co_await resumes
  // when the awaited operation completes, not when a caller asks for a value.
  const std::string code = kEagerJob + R"cc(std::mutex g_mu;
Job Step() {
  std::lock_guard<std::mutex> g(g_mu);
  co_await std::suspend_always{};
}
)cc";
  const auto result = scan_ok(code);
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_THAT(note_messages(result.findings[0]),
              ::testing::Contains(::testing::HasSubstr("it resumes when what it awaits completes")));
  EXPECT_THAT(note_messages(result.findings[0]),
              ::testing::Not(::testing::Contains(::testing::HasSubstr("asks for the next value"))));
}

TEST(ScanCode, EveryLockHeldAcrossASuspensionIsNamed) {
  const std::string code = kEagerJob + R"cc(std::mutex g_from, g_to;
Job Transfer() {
  std::scoped_lock both(g_from, g_to);
  co_await std::suspend_always{};
}
)cc";
  const auto result = scan_ok(code);
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_EQ(result.findings[0].message, "co_await while locks 'g_from' and 'g_to' are held");
  EXPECT_THAT(note_messages(result.findings[0]), ::testing::Contains("lock 'g_to' acquired here"));
}

TEST(ScanCode, ConfiguredCallbackTypeIsRecognized) {
  const char* code = R"cc(#include <mutex>
template <class Sig> class Callback;
template <class R, class... A> class Callback<R(A...)> { public: R operator()(A...) const; };
struct Timer {
  std::mutex mu;
  Callback<void(int)> on_tick;
  void tick() { std::lock_guard<std::mutex> g(mu); on_tick(1); }
};
)cc";
  EXPECT_TRUE(scan_ok(code).findings.empty());
  concur::AnalyzerConfig config;
  config.options["vocabulary.callbackTypes"] = {"Callback"};
  EXPECT_EQ(scan_ok(code, config).findings.size(), 1u);
}

// The docs' own example: `blockingFunctions: [my_sync_rpc]` names a function
// of the project (here only declared; its body is in another library), and a
// qualified one defined here; both block in a task once listed, as the
// system functions of the list do.
TEST(ScanCode, ProjectFunctionsListedAsBlockingBlockInTasks) {
  const char* code = R"cc(#include <coroutine>
namespace cppcoro {
template <class T> struct task {
  struct promise_type {
    T value;
    task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_value(T v) { value = v; }
    void unhandled_exception() {}
  };
};
}  // namespace cppcoro
int my_sync_rpc(int method);
namespace rpc { int CallSync(int m) { return m * 2; } }
cppcoro::task<int> Invoke() {
  int r = my_sync_rpc(1);
  r += rpc::CallSync(3);
  co_return r;
}
)cc";
  EXPECT_TRUE(scan_ok(code).findings.empty());
  concur::AnalyzerConfig config;
  config.options["vocabulary.blockingFunctions"] = {"my_sync_rpc", "rpc::CallSync"};
  const auto result = scan_ok(code, config);
  ASSERT_EQ(result.findings.size(), 2u);
  EXPECT_EQ(result.findings[0].message, "blocking call 'my_sync_rpc' in coroutine task 'Invoke'");
  EXPECT_EQ(result.findings[1].message, "blocking call 'rpc::CallSync' in coroutine task 'Invoke'");
}

}  // namespace

namespace {

// Worker threads must not share the process's working directory: ClangTool
// enters each TU's directory, and a chdir() race once put findings under the
// wrong path.
TEST(Scan, ParallelTUsKeepTheirPathsAndTheWorkingDirectory) {
  llvm::SmallString<128> dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("concur-parallel", dir));
  llvm::SmallString<128> before;
  ASSERT_FALSE(llvm::sys::fs::current_path(before));
  ASSERT_FALSE(llvm::sys::fs::set_current_path(dir));
  std::vector<std::string> paths;
  for (int i = 0; i < 6; ++i) {
    const std::string sub = "d" + std::to_string(i);
    llvm::sys::fs::create_directories(sub);
    const std::string file = sub + "/f.cc";
    std::ofstream(file) << "#include <map>\n#include <thread>\nstd::map<int, int> g" << i
                        << ";\nvoid put() { g" << i << "[1] = 2; }\nvoid run() { std::thread(put).join(); }\n";
    paths.push_back(file);
  }
  concur::ScanRequest request;
  request.paths = paths;
  request.jobs = 4;
  const auto result = concur::scan(request);
  llvm::SmallString<128> after;
  ASSERT_FALSE(llvm::sys::fs::current_path(after));
  EXPECT_EQ(std::string(after), std::string(dir));
  ASSERT_EQ(result.findings.size(), 6u);
  for (const auto& finding : result.findings) {
    EXPECT_TRUE(llvm::sys::path::is_absolute(finding.where.file)) << finding.where.file;
    EXPECT_TRUE(llvm::sys::fs::exists(finding.where.file)) << finding.where.file;
    EXPECT_NE(finding.where.line_text.find("[1] = 2"), std::string::npos);
  }
  llvm::sys::fs::set_current_path(before);
  llvm::sys::fs::remove_directories(dir);
}

}  // namespace

// A helper that takes the caller's lock again and only then runs the pool's hook never gets to
// the hook: the call is one self-deadlock, not also a callback under the lock. A callback the
// caller runs itself under the lock is still reported.
TEST(ScanCode, ACallThatTakesTheHeldLockAgainIsReportedOnceAsASelfDeadlock) {
  const auto result = scan_ok(R"cc(
    #include <pthread.h>
    struct pool { pthread_mutex_t lock; int total; void (*close_conn)(void*); void (*on_idle)(void*); };
    void pool_discard(struct pool* p, void* conn) {
      pthread_mutex_lock(&p->lock);
      p->total--;
      pthread_mutex_unlock(&p->lock);
      p->close_conn(conn);
    }
    void pool_release(struct pool* p, void* conn, int broken) {
      pthread_mutex_lock(&p->lock);
      if (broken) pool_discard(p, conn);
      else p->on_idle(conn);
      pthread_mutex_unlock(&p->lock);
    }
  )cc");
  ASSERT_EQ(result.findings.size(), 2u);
  EXPECT_EQ(result.findings[0].check, "concur-self-deadlock");
  EXPECT_EQ(result.findings[0].where.line, 12u);
  EXPECT_EQ(result.findings[1].check, "concur-locked-callback");
  EXPECT_EQ(result.findings[1].where.line, 13u);
  EXPECT_EQ(result.findings[1].message, "calls the function pointer 'p->on_idle' while lock 'p->lock' is held");
}

// A chain of helpers down to a second acquisition of the held lock is found
// whatever order the helpers are defined in (the summaries reach a fixpoint),
// and the notes walk the chain.
TEST(ScanCode, ASelfDeadlockThroughHelpersDoesNotDependOnDefinitionOrder) {
  const std::string head = "#include <mutex>\nstd::mutex g_mu;\nint g_n;\n";
  const std::vector<std::string> helpers = {
      "void Leaf() { std::lock_guard<std::mutex> g(g_mu); ++g_n; }\n",
      "void Middle() { Leaf(); }\n",
      "void Top() { Middle(); }\n",
  };
  const std::string holder = "void Hold() { std::lock_guard<std::mutex> g(g_mu); Top(); }\n";
  std::string forward = head, backward = head + "void Leaf(); void Middle(); void Top();\n";
  for (const auto& helper : helpers) forward += helper;
  for (auto it = helpers.rbegin(); it != helpers.rend(); ++it) backward += *it;
  for (const std::string& code : {forward + holder, backward + holder}) {
    const auto result = scan_ok(code);
    ASSERT_EQ(result.findings.size(), 1u) << code;
    const auto& finding = result.findings.front();
    EXPECT_EQ(finding.check, "concur-self-deadlock");
    EXPECT_THAT(finding.message, ::testing::HasSubstr("calls 'Top', which reaches 'Leaf', which locks 'g_mu' again"));
    EXPECT_THAT(note_messages(finding), ::testing::ElementsAre(::testing::HasSubstr("acquired here"),
                                              ::testing::HasSubstr("'Top' calls 'Middle' here"),
                                              ::testing::HasSubstr("'Middle' calls 'Leaf' here"),
                                              ::testing::HasSubstr("'Leaf' takes 'g_mu' again here")));
  }
}

// A callee that locks only when its caller does not hold the lock (a
// have_lock flag) is no self-deadlock for a caller that says it holds it.
TEST(ScanCode, ACalleeThatLocksOnlyOnSomePathsIsNoSelfDeadlock) {
  const auto result = scan_ok(R"cc(#include <mutex>
std::mutex g_mu;
int g_n;
void Bump(bool have_lock) { if (!have_lock) g_mu.lock(); ++g_n; if (!have_lock) g_mu.unlock(); }
int Early(int v) { if (v < 0) return 0; std::lock_guard<std::mutex> g(g_mu); return g_n; }
void Hold() { std::lock_guard<std::mutex> g(g_mu); Bump(true); Early(-1); }
)cc");
  EXPECT_THAT(found(result), ::testing::IsEmpty());
}

// A range-for over a global walks it; its hidden begin ()/end () look
// nothing up, so an append after it is a plain unlocked change, not a
// check-then-act. A find () before the append is one.
TEST(ScanCode, ARangeForOverAGlobalIsNoLookupOfCheckThenAct) {
  const auto result = scan_ok(R"cc(#include <algorithm>
#include <thread>
#include <vector>
std::vector<int> g_seen;
void Walk(int id) {
  int total = 0;
  for (int v : g_seen) total += v;
  g_seen.push_back(id + total);
}
void Find(int id) {
  if (std::find(g_seen.begin(), g_seen.end(), id) == g_seen.end()) g_seen.push_back(id);
}
int main() {
  std::thread a(Walk, 1), b(Find, 2);
  a.join();
  b.join();
}
)cc");
  ASSERT_EQ(result.findings.size(), 2u);
  EXPECT_THAT(result.findings[0].message, ::testing::HasSubstr("is modified (push_back) without a lock"));
  EXPECT_THAT(result.findings[1].message, ::testing::HasSubstr("check-then-act"));
}

// When callers disagree, the finding names the unlocked path up to where it
// starts: here a dispatcher's callback that a start-up function keeps for
// later (inotify's shape in glib). A caller that may hold some other lock
// on one path (a helper that sometimes returns holding one) still counts as
// unlocked: before, it hid the path and the note named no caller at all.
TEST(ScanCode, TheUnlockedPathIsNamedUpToWhereItStarts) {
  const auto result = scan_c_ok(R"c(#include <pthread.h>
#include <stdlib.h>
typedef struct node { struct node *next; void *data; } node_t;
void list_foreach(node_t *l, void (*fn)(void *, void *), void *user) {
  for (; l; l = l->next) fn(l->data, user);
}
static pthread_mutex_t watch_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static int *path_table;
static int (*stored_cb)(void *event);
void watch_startup(int (*cb)(void *event)) { stored_cb = cb; }
static void count_if(int on) { if (on) pthread_mutex_lock(&stats_lock); }
static void unmap_path(int key) { path_table[key] = 0; }
static void stop_watching(int key) { unmap_path(key); }
int sub_cancel(int key) {
  pthread_mutex_lock(&watch_lock);
  stop_watching(key);
  pthread_mutex_unlock(&watch_lock);
  return 1;
}
static void wd_delete(void *data, void *user) {
  count_if(user != NULL);
  unmap_path(*(int *)data);
}
static int event_callback(void *event) {
  list_foreach((node_t *)event, wd_delete, NULL);
  return 1;
}
int setup(void) {
  pthread_mutex_lock(&watch_lock);
  path_table = calloc(64, sizeof *path_table);
  watch_startup(event_callback);
  pthread_mutex_unlock(&watch_lock);
  return 0;
}
static void *worker(void *arg) { sub_cancel(*(int *)arg); return NULL; }
int start(int *key) {
  pthread_t t;
  return pthread_create(&t, NULL, worker, key);
}
)c");
  ASSERT_THAT(found(result), ::testing::ElementsAre(std::make_pair("concur-shared-global-cache", 13u)));
  const auto notes = note_messages(result.findings[0]);
  EXPECT_THAT(notes, ::testing::Contains("'wd_delete' calls 'unmap_path' without the lock its other callers hold"));
  EXPECT_THAT(notes, ::testing::Contains(
                         "'event_callback' hands 'wd_delete' to 'list_foreach' here, with no lock held, and that "
                         "calls it"));
  EXPECT_THAT(notes, ::testing::Contains(
                         "'setup' hands 'event_callback' to 'watch_startup' here, which keeps it: it runs where "
                         "the project does not show, under no lock its callers are known to hold"));
  EXPECT_THAT(notes, ::testing::Not(::testing::Contains(::testing::HasSubstr("'stop_watching' calls 'unmap_path' "
                                                                            "without"))));
}

// A lambda runs in the frame of the function that wrote it: handed under the
// lock to an algorithm that calls it, it re-locks the caller's own mutex,
// and the message says who calls it. A runner of the project that gives the
// lock back around what it is handed does not deadlock.
TEST(ScanCode, ALambdaHandedToAnAlgorithmUnderTheLockNamesTheAlgorithm) {
  const auto result = scan_ok(R"cc(#include <algorithm>
#include <mutex>
#include <vector>
class Inbox {
 public:
  int Pending() {
    std::lock_guard<std::mutex> g(mu_);
    return static_cast<int>(items_.size());
  }
  void PushAll(const std::vector<int>& vs) {
    std::lock_guard<std::mutex> g(mu_);
    std::for_each(vs.begin(), vs.end(), [this](int v) { items_.push_back(v + Pending()); });
  }
  template <class F>
  void WithoutLock(F f) {
    mu_.unlock();
    f();
    mu_.lock();
  }
  void Refresh() {
    mu_.lock();
    WithoutLock([this] { Pending(); });
    mu_.unlock();
  }
 private:
  std::mutex mu_;
  std::vector<int> items_;
};
)cc");
  ASSERT_THAT(found(result), ::testing::ElementsAre(std::make_pair("concur-self-deadlock", 12u)));
  EXPECT_THAT(result.findings[0].message,
              ::testing::StartsWith("hands the lambda in 'Inbox::PushAll' to 'std::for_each', which calls it; it "
                                    "reaches 'Inbox::Pending', which locks 'mu_' again"));
}

// A method of a global object changes its container at the call. A lock the
// callers of one call site hold for their own reasons (a dialog built under
// its owner's mutex) is no evidence that the lock guards that object: in a
// program whose thread never reaches the object, nothing is reported.
// Called from that thread, the unlocked change is.
TEST(ScanCode, ACallersLockIsNoEvidenceForAGlobalObjectsMethod) {
  constexpr const char* kProgram = R"cc(#include <map>
#include <mutex>
#include <string>
#include <thread>
class Icons {
 public:
  static Icons& instance() {
    static Icons icons;
    return icons;
  }
  int icon(const std::string& name) {
    auto it = cache_.find(name);
    if (it != cache_.end()) return it->second;
    return cache_[name] = static_cast<int>(name.size());
  }
 private:
  std::map<std::string, int> cache_;
};
std::mutex g_dialog_mu;
struct Dialog {
  Dialog() { Icons::instance().icon("help"); }
};
void show_dialog() {
  std::lock_guard<std::mutex> hold(g_dialog_mu);
  Dialog dialog;
}
void paint() { Icons::instance().icon("trash"); }
void background() { WORK }
int main() {
  show_dialog();
  std::thread worker(background);
  paint();
  worker.join();
}
)cc";
  auto program = [&](const std::string& work) {
    std::string code = kProgram;
    code.replace(code.find("WORK"), 4, work);
    return code;
  };
  EXPECT_THAT(found(scan_ok(program("int spin = 0; ++spin;"))), ::testing::IsEmpty());
  EXPECT_THAT(found(scan_ok(program("paint();"))),
              ::testing::Contains(std::make_pair(std::string("concur-shared-global-cache"), 27u)));
}

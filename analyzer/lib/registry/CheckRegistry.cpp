#include "registry/CheckRegistry.h"

#include "registry/CheckOptions.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/GlobPattern.h"

#include <algorithm>

namespace concur::analyzer_internal {

// Each check defines its spec in its own file (checks/<Name>.cpp).
#define CONCUR_CHECK(spec_function) CheckSpec spec_function();
#include "registry/Checks.def"
#undef CONCUR_CHECK

namespace {

struct EmbeddedDoc {
  const char* id;
  const char* page;
};
const EmbeddedDoc kDocs[] = {
#include "CheckDocs.inc"
};

}  // namespace

const std::vector<CheckSpec>& registered_checks() {
  static const std::vector<CheckSpec> checks = {
#define CONCUR_CHECK(spec_function) spec_function(),
#include "registry/Checks.def"
#undef CONCUR_CHECK
  };
  return checks;
}

const CheckSpec* find_check(std::string_view id) {
  for (const auto& check : registered_checks())
    if (check.id == id || (check.id.size() == id.size() + 7 && check.id.substr(7) == id &&
                           check.id.substr(0, 7) == "concur-"))
      return &check;
  return nullptr;
}

const std::vector<OptionSpec>& vocabulary_options() {
  static const std::vector<OptionSpec> options = {
      {"mutexTypes", OptionKind::list,
       {"std::mutex", "std::recursive_mutex", "std::timed_mutex", "std::recursive_timed_mutex",
        "std::shared_mutex", "std::shared_timed_mutex", "pthread_mutex_t", "pthread_rwlock_t",
        "pthread_spinlock_t", "mtx_t", "absl::Mutex", "boost::mutex", "boost::recursive_mutex",
        "boost::shared_mutex", "std::condition_variable_any", "QMutex", "QRecursiveMutex",
        "QReadWriteLock", "GMutex", "GRecMutex", "GRWLock", "uv_mutex_t", "uv_rwlock_t"},
       "Qualified names of mutex types. Classes whose methods lock and unlock a member mutex "
       "(whatever the methods are called) are mutexes without being listed.",
       true},
      {"recursiveMutexTypes", OptionKind::list,
       {"std::recursive_mutex", "std::recursive_timed_mutex", "boost::recursive_mutex",
        "QRecursiveMutex", "GRecMutex"},
       "Mutex types that the owning thread may lock again: a class, a C struct or a typedef "
       "(glib's GRecMutex). A pthread mutex set up with PTHREAD_MUTEX_RECURSIVE is recognized "
       "without being listed.",
       true},
      {"guardTypes", OptionKind::list,
       {"std::lock_guard", "std::unique_lock", "std::scoped_lock", "std::shared_lock",
        "absl::MutexLock", "absl::ReaderMutexLock", "absl::WriterMutexLock", "boost::lock_guard",
        "boost::unique_lock", "boost::shared_lock", "QMutexLocker", "QReadLocker", "QWriteLocker"},
       "RAII lock guards: the constructor's mutex arguments are held until the guard is "
       "destroyed. Classes whose constructor locks and whose destructor unlocks are guards "
       "without being listed, and so are classes derived from a guard and built from a mutex.",
       true},
      {"guardClassSuffixes", OptionKind::list,
       {"Lock", "Guard", "Locker", "Lock_", "Holder"},
       "A class named with one of these suffixes, with a user-written destructor and a "
       "constructor taking a mutex, is a guard even when its bodies are not in the project.",
       true},
      {"lockMethods", OptionKind::list,
       {"lock", "lock_shared", "Lock", "LockShared", "ReaderLock", "WriterLock", "Acquire",
        "acquire", "AcquireShared", "Enter", "WriteLock", "ReadLock", "lockForRead",
        "lockForWrite"},
       "Method names that acquire a mutex when called on a mutex or guard object.", true},
      {"tryLockMethods", OptionKind::list,
       {"try_lock", "try_lock_shared", "TryLock", "try_lock_for", "try_lock_until", "tryLock",
        "tryLockForRead", "tryLockForWrite"},
       "Method names that may acquire a mutex.", true},
      {"unlockMethods", OptionKind::list,
       {"unlock", "unlock_shared", "Unlock", "UnlockShared", "ReaderUnlock", "WriterUnlock",
        "Release", "release_lock", "ReleaseShared", "Leave", "WriteUnlock", "ReadUnlock"},
       "Method names that release a mutex.", true},
      {"sharedLocks", OptionKind::list,
       {"lock_shared", "try_lock_shared", "LockShared", "ReaderLock", "ReadLock", "AcquireShared",
        "lockForRead", "tryLockForRead", "pthread_rwlock_rdlock", "pthread_rwlock_tryrdlock",
        "g_rw_lock_reader_lock", "g_rw_lock_reader_trylock", "std::shared_lock", "boost::shared_lock",
        "absl::ReaderMutexLock", "QReadLocker", "uv_rwlock_rdlock", "uv_rwlock_tryrdlock"},
       "Lock methods, lock functions and guard types (of the lists above) that take the lock in "
       "shared (reader) mode: other threads may hold it at the same time, so it does not protect a "
       "write.",
       true},
      {"lockFunctions", OptionKind::list,
       {"pthread_mutex_lock", "pthread_rwlock_rdlock", "pthread_rwlock_wrlock", "pthread_spin_lock",
        "mtx_lock", "g_mutex_lock", "g_rec_mutex_lock", "g_rw_lock_writer_lock",
        "g_rw_lock_reader_lock", "uv_mutex_lock", "uv_rwlock_rdlock", "uv_rwlock_wrlock"},
       "Free functions that acquire the lock their first argument points to.", true},
      {"tryLockFunctions", OptionKind::list,
       {"pthread_mutex_trylock", "pthread_rwlock_tryrdlock", "pthread_rwlock_trywrlock",
        "pthread_spin_trylock", "mtx_trylock", "pthread_mutex_timedlock", "mtx_timedlock",
        "g_mutex_trylock", "g_rec_mutex_trylock", "g_rw_lock_writer_trylock",
        "g_rw_lock_reader_trylock", "uv_mutex_trylock", "uv_rwlock_tryrdlock", "uv_rwlock_trywrlock"},
       "Free functions that may acquire the lock their first argument points to.", true},
      {"unlockFunctions", OptionKind::list,
       {"pthread_mutex_unlock", "pthread_rwlock_unlock", "pthread_spin_unlock", "mtx_unlock",
        "g_mutex_unlock", "g_rec_mutex_unlock", "g_rw_lock_writer_unlock",
        "g_rw_lock_reader_unlock", "uv_mutex_unlock", "uv_rwlock_rdunlock", "uv_rwlock_wrunlock"},
       "Free functions that release the lock their first argument points to.", true},
      {"lockInitFunctions", OptionKind::list,
       {"pthread_mutex_init", "pthread_rwlock_init", "pthread_spin_init", "mtx_init", "g_mutex_init",
        "g_rec_mutex_init", "g_rw_lock_init", "uv_mutex_init", "uv_mutex_init_recursive", "uv_rwlock_init",
        "InitializeCriticalSection", "InitializeCriticalSectionAndSpinCount", "InitializeSRWLock"},
       "Free functions that set up, in place, the lock their first argument points to. Setting "
       "one up on first use races like creating it (concur-racy-lazy-init).",
       true},
      {"lockDestroyFunctions", OptionKind::list,
       {"pthread_mutex_destroy", "pthread_rwlock_destroy", "pthread_spin_destroy", "mtx_destroy",
        "g_mutex_clear", "g_rec_mutex_clear", "g_rw_lock_clear", "uv_mutex_destroy", "uv_rwlock_destroy"},
       "Free functions that destroy the lock their first argument points to. A lock that a callee "
       "destroys on every path after some foreign code cannot be held by the callee's caller "
       "while that code runs: that path is the last reference, which a holder of the lock does "
       "not own (concur-locked-callback).",
       true},
      {"eventLoopFunctions", OptionKind::list,
       {"QEventLoop::exec", "QCoreApplication::exec", "QCoreApplication::processEvents",
        "QDialog::exec", "QMessageBox::exec", "QMenu::exec", "g_main_loop_run",
        "g_main_context_iteration", "uv_run", "event_base_loop", "event_base_dispatch"},
       "Functions that run an event loop: any handler of the program can run inside them, "
       "as if it were a callback.",
       true},
      {"registrationWords", OptionKind::list,
       {"set", "setcb", "setopt", "add", "new", "assign", "connect", "register", "install",
        "attach", "watch", "start", "init", "create", "hook", "subscribe", "listen", "signal",
        "defer", "schedule", "atexit", "atfork", "on_exit", "at_quick_exit"},
       "Words that name a library function (one whose body is not in the project) as a "
       "registration: it stores its callable argument to run later, not before it returns. A "
       "name matches when one of its words (split at underscores and case changes) or the whole "
       "name is listed: event_set, g_idle_add, uv_timer_start, bufferevent_setcb, "
       "std::set_terminate, atexit. Other library functions run what they are given now "
       "(qsort, std::for_each, g_hash_table_foreach).",
       false},
      {"callbackTypes", OptionKind::list,
       {"std::function", "std::move_only_function", "std::copyable_function",
        "std::function_ref", "llvm::function_ref", "llvm::unique_function", "absl::FunctionRef",
        "absl::AnyInvocable", "boost::function", "folly::Function", "folly::FunctionRef"},
       "Type-erased callables: calling one runs code the caller does not see.", true},
      {"containerTypes", OptionKind::list,
       {"std::map", "std::multimap", "std::unordered_map", "std::unordered_multimap", "std::set",
        "std::multiset", "std::unordered_set", "std::unordered_multiset", "std::vector",
        "std::deque", "std::list", "std::forward_list", "std::basic_string", "std::queue",
        "std::stack", "std::priority_queue", "std::flat_map", "std::flat_set",
        "absl::flat_hash_map", "absl::flat_hash_set", "absl::node_hash_map",
        "absl::node_hash_set", "llvm::DenseMap", "llvm::StringMap", "llvm::SmallVector", "QHash",
        "QMap", "QList", "QVector", "QSet", "QMultiHash", "QMultiMap", "QString",
        "QStringList", "GHashTable", "GPtrArray", "GArray", "GByteArray", "GQueue", "GTree",
        "GSequence", "GString"},
       "Container types whose mutation without a lock corrupts them.", true},
      {"cacheClassSuffixes", OptionKind::list,
       {"Cache", "Registry", "Map", "Table", "Pool", "Store"},
       "A user class named with one of these suffixes and with no mutex member is treated as a "
       "container.",
       true},
      {"threadStartFunctions", OptionKind::list,
       {"std::thread", "std::jthread", "std::async", "pthread_create", "thrd_create",
        "boost::thread", "QThread::create", "QtConcurrent::run", "concur::offload", "g_thread_new",
        "g_thread_try_new", "g_thread_pool_new", "uv_thread_create", "uv_queue_work"},
       "Functions and classes whose callable argument runs on another thread.", true},
      {"threadObjectStartMethods", OptionKind::list,
       {"QThread::start", "wxThread::Run"},
       "Methods of a thread class that run the object's own override of the class's run method "
       "(threadObjectRunMethods) on a new thread: `worker->start ()` runs `Worker::run`.",
       true},
      {"threadObjectRunMethods", OptionKind::list,
       {"QThread::run", "wxThread::Entry"},
       "The virtual method a thread class's start method runs: a subclass's override is the "
       "thread's entry.",
       true},
      {"threadJoinFunctions", OptionKind::list,
       {"std::thread::join", "std::jthread::join", "std::jthread::~jthread", "pthread_join", "thrd_join",
        "boost::thread::join", "std::future::get", "std::future::wait", "std::future::~future",
        "std::shared_future::get", "std::shared_future::wait", "g_thread_join", "uv_thread_join",
        "QThread::wait", "wxThread::Wait"},
       "Functions, methods and destructors that wait for the thread whose handle they are given or "
       "called on: a thread a function starts and joins before it returns runs only alongside the "
       "code in between.",
       true},
      {"taskSubmitMethods", OptionKind::list,
       {"submit", "Submit", "post", "Post", "enqueue", "Enqueue", "Schedule", "schedule",
        "execute", "Execute", "AddTask", "add_task", "spawn", "Spawn", "dispatch", "Dispatch",
        "defer", "run_async", "RunAsync", "PostTask"},
       "Method names that hand a callable argument to a pool, executor or loop: the callable "
       "is a thread or task entry. A method of the project with another name hands it over too "
       "when it keeps it in a member that a thread of its class reads and calls.",
       true},
      {"taskTypes", OptionKind::list,
       {"concur::Task", "boost::asio::awaitable", "asio::awaitable", "folly::coro::Task",
        "cppcoro::task", "cppcoro::shared_task"},
       "Coroutine return types of tasks run by an event loop.", true},
      {"blockingFunctions", OptionKind::list,
       {"std::this_thread::sleep_for", "std::this_thread::sleep_until", "sleep", "usleep",
        "nanosleep", "clock_nanosleep", "getaddrinfo", "gethostbyname", "gethostbyname_r",
        "gethostbyaddr", "getnameinfo", "std::async", "std::future::get", "std::future::wait",
        "std::future::wait_for", "std::future::wait_until", "std::shared_future::get",
        "std::shared_future::wait", "std::thread::join", "std::jthread::join",
        "std::condition_variable::wait", "std::condition_variable::wait_for",
        "std::condition_variable::wait_until", "std::condition_variable_any::wait",
        "std::condition_variable_any::wait_for", "std::condition_variable_any::wait_until",
        "pthread_join", "pthread_cond_wait", "pthread_cond_timedwait", "fread", "fgets", "fgetc",
        "getc", "getchar", "fscanf", "scanf", "std::getline", "read", "write", "pread", "pwrite",
        "readv", "writev", "recv", "recvfrom", "recvmsg", "send", "sendto", "sendmsg", "connect",
        "accept", "accept4", "fsync", "fdatasync", "system", "popen", "pclose", "waitpid",
        "wait", "flock", "lockf", "std::shared_future::wait_for", "std::shared_future::wait_until",
        "std::counting_semaphore::acquire", "std::counting_semaphore::try_acquire_for",
        "std::counting_semaphore::try_acquire_until", "std::latch::wait", "std::latch::arrive_and_wait",
        "std::barrier::wait", "std::barrier::arrive_and_wait", "sem_wait", "sem_timedwait",
        "sem_clockwait", "pthread_cond_clockwait", "thrd_join", "thrd_sleep", "cnd_wait",
        "cnd_timedwait", "g_thread_join", "g_cond_wait", "g_cond_wait_until", "g_usleep",
        "uv_thread_join", "uv_cond_wait", "uv_cond_timedwait", "uv_sleep", "sigwait", "sigwaitinfo",
        "sigtimedwait", "pause", "msgrcv", "msgsnd", "mq_receive", "mq_send", "mq_timedreceive",
        "mq_timedsend", "getline", "getdelim", "poll", "epoll_wait", "epoll_pwait", "fopen",
        "freopen", "open", "openat", "creat", "std::basic_ifstream::basic_ifstream",
        "std::basic_ofstream::basic_ofstream", "std::basic_fstream::basic_fstream",
        "std::basic_ifstream::open", "std::basic_ofstream::open", "std::basic_fstream::open",
        "std::basic_filebuf::open"},
       "Functions that block the calling thread (sleeps, name resolution, waits, opening files "
       "and blocking file and socket I/O, processes; a file stream's constructor that opens a "
       "file is named `std::basic_ofstream::basic_ofstream`). Calls of them are kept as facts; concur-blocking-in-task "
       "reports them in coroutine tasks.",
       true},
      {"internalNamespacePattern", OptionKind::text,
       {"(^|::)(detail|internal|impl|[A-Za-z0-9_]+_internal|__[A-Za-z0-9_]+)::|^_[A-Za-z]"},
       "Regex on qualified function names: functions of the project's internal namespaces, and "
       "C functions whose names start with an underscore (reserved names, which libraries such "
       "as dbus and glib keep for their own code), are its own plumbing, never "
       "entry points through which outside code arrives.",
       false, OptionFormat::regex},
      {"exportedFunctions", OptionKind::list,
       {},
       "Globs on qualified names of the functions the project's libraries export, for a build "
       "that limits its exports with an export list or a linker version script (libtool's "
       "-export-symbols, `{ global: ub_*; local: *; };`) rather than visibility attributes, "
       "which the compile database shows. When set, a function it does not name is the "
       "project's own plumbing: code outside the project cannot call it or set what it stores. "
       "Empty: every function with external linkage that is not hidden is exported.",
       false, OptionFormat::globs},
      {"pluginHostFiles", OptionKind::list,
       {},
       "Path globs of sources of executables that load code at run time (dlopen, plugins). "
       "A plugin may hand the project's libraries functions of its own through their public "
       "setters, so such an executable is judged like any program that links the libraries. "
       "Empty: an executable runs only the project's code, its libraries' and the system's.",
       false, OptionFormat::globs},
      {"testFilePatterns", OptionKind::list,
       {"*/test/*", "*/tests/*", "*/testing/*", "*_test.*", "*_tests.*", "*_unittest.*",
        "*/test_*", "*Test.cpp", "*Tests.cpp", "*_test_*", "*_testing.*"},
       "Path globs of test code (also: any TU that includes gtest, Catch2, doctest or "
       "Boost.Test). Test code that starts no thread is serial.",
       true, OptionFormat::globs},
  };
  return options;
}

const OptionSpec* find_option(std::string_view owner, std::string_view name) {
  const std::vector<OptionSpec>* options = nullptr;
  if (owner == "vocabulary") {
    options = &vocabulary_options();
  } else if (const CheckSpec* check = find_check(owner)) {
    options = &check->options;
  }
  if (!options) return nullptr;
  for (const auto& option : *options)
    if (option.name == name) return &option;
  return nullptr;
}

std::string_view check_doc(std::string_view id) {
  for (const auto& doc : kDocs)
    if (id == doc.id) return doc.page;
  return {};
}

}  // namespace concur::analyzer_internal

namespace concur {

namespace {

CheckOptionInfo info_of(const analyzer_internal::OptionSpec& option) {
  CheckOptionInfo info;
  info.name = std::string(option.name);
  info.is_list = option.kind == analyzer_internal::OptionKind::list;
  for (auto entry : option.defaults) info.defaults.emplace_back(entry);
  info.description = std::string(option.description);
  return info;
}

}  // namespace

std::string_view severity_name(Severity severity) {
  switch (severity) {
    case Severity::note: return "note";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
  }
  return "warning";
}

std::string_view version() { return CONCUR_VERSION; }

const std::vector<CheckInfo>& all_checks() {
  static const std::vector<CheckInfo> checks = [] {
    std::vector<CheckInfo> out;
    for (const auto& spec : analyzer_internal::registered_checks()) {
      CheckInfo info;
      info.id = std::string(spec.id);
      info.summary = std::string(spec.summary);
      info.default_severity = spec.default_severity;
      info.doc = analyzer_internal::check_doc(spec.id);
      for (const auto& option : spec.options) info.options.push_back(info_of(option));
      out.push_back(std::move(info));
    }
    return out;
  }();
  return checks;
}

const std::vector<CheckOptionInfo>& vocabulary_options() {
  static const std::vector<CheckOptionInfo> options = [] {
    std::vector<CheckOptionInfo> out;
    for (const auto& option : analyzer_internal::vocabulary_options()) out.push_back(info_of(option));
    return out;
  }();
  return options;
}

bool is_check_enabled(std::string_view glob_list, std::string_view check) {
  // clang-tidy semantics: comma-separated globs, a leading '-' removes, the
  // last glob that matches decides.
  bool enabled = false;
  llvm::SmallVector<llvm::StringRef, 8> globs;
  llvm::StringRef(glob_list.data(), glob_list.size()).split(globs, ',', -1, false);
  for (llvm::StringRef glob : globs) {
    glob = glob.trim();
    const bool negative = glob.consume_front("-");
    glob = glob.trim();
    if (glob.empty()) continue;
    auto pattern = llvm::GlobPattern::create(glob);
    if (!pattern) {
      llvm::consumeError(pattern.takeError());
      continue;
    }
    if (pattern->match(llvm::StringRef(check.data(), check.size()))) enabled = !negative;
  }
  return enabled;
}

}  // namespace concur

// pthread_create, interposed: every thread made through it (std::thread and
// std::jthread included) gets its creating call stack recorded, keyed by its
// tid while it runs. Linked whole into each executable that uses
// concur::runtime, so this definition is the one the program and its shared
// libraries (libstdc++) call.
//
// The real pthread_create is found like every interposed function's
// (detail/libc_next.h): the sanitizer runtime's interceptor when one is linked
// in statically (TSan, ASan: their `pthread_create` is a weak alias that this
// strong definition replaces, and __interceptor_pthread_create stays
// callable), else dlsym(RTLD_NEXT), which finds libc's or a shared sanitizer
// runtime's.
//
// ThreadSanitizer must not see the table: a lock taken by every thread at
// start and exit would order the threads' work for TSan and hide the very
// races HasNoDataRaces() looks for. Its accesses are not instrumented and its
// synchronization (a spin lock, the lazy set-up) runs with TSan told to ignore
// synchronization (AnnotateIgnoreSyncBegin/End).
#include "detail/thread_registry.h"

#include "detail/call_stack.h"
#include "detail/libc_next.h"
#include "detail/sanitizer.h"
#include "detail/tsan_ignores_sync.h"

#include "concur_thread_safety.h"

#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <new>
#include <sched.h>

extern "C" int __interceptor_pthread_create(pthread_t*, const pthread_attr_t*, void* (*)(void*), void*)
    __attribute__((weak));

#define CONCUR_NOT_SEEN_BY_TSAN __attribute__((no_sanitize("thread")))


namespace concur::runtime_internal {
namespace {

using PthreadCreate = int (*)(pthread_t*, const pthread_attr_t*, void* (*)(void*), void*);


constexpr int kMaxFrames = 32;
constexpr std::size_t kSlots = 4096;  // threads alive at once that get a stack

enum class SlotState { free, claimed, running };

struct ThreadSlot {
  SlotState state;
  pid_t tid;
  int depth;
  void* (*start)(void*);
  void* arg;
  void* frames[kMaxFrames];
};

// One mapping, outside .data/.bss (the globals diff must not see it, and
// writer naming write-protects those segments).
// The table's spin lock: a word taken and given back with __atomic builtins only
// (TableLock), a capability for the thread-safety analysis.
struct CONCUR_CAPABILITY("spin lock") SpinLock {
  int locked = 0;
};

struct ThreadTable {
  SpinLock lock;
  std::size_t next_free CONCUR_GUARDED_BY(lock) = 0;  // where the search for a free slot starts
  ThreadSlot slots[kSlots] CONCUR_GUARDED_BY(lock);
};

class CONCUR_SCOPED_CAPABILITY TableLock {
 public:
  CONCUR_NOT_SEEN_BY_TSAN explicit TableLock(ThreadTable& t) CONCUR_ACQUIRE(t.lock) : t_(t) {
    TsanIgnoresSync ignored;
    while (__atomic_exchange_n(&t_.lock.locked, 1, __ATOMIC_ACQUIRE) != 0) sched_yield();
  }
  CONCUR_NOT_SEEN_BY_TSAN ~TableLock() CONCUR_RELEASE() {
    TsanIgnoresSync ignored;
    __atomic_store_n(&t_.lock.locked, 0, __ATOMIC_RELEASE);
  }
  TableLock(const TableLock&) = delete;
  TableLock& operator=(const TableLock&) = delete;

 private:
  ThreadTable& t_;
};

ThreadTable* g_table = nullptr;              // set once, with __atomic builtins
PthreadCreate g_next_pthread_create = nullptr;  // likewise

// The table, mapped on first use; nullptr if the mapping failed. (Not a
// function-local static: its guard would be synchronization TSan sees.)
CONCUR_NOT_SEEN_BY_TSAN ThreadTable* table() {
  TsanIgnoresSync ignored;
  if (ThreadTable* t = __atomic_load_n(&g_table, __ATOMIC_ACQUIRE)) return t;
  void* mem = mmap(nullptr, sizeof(ThreadTable), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) return nullptr;
  ThreadTable* fresh = new (mem) ThreadTable();
  ThreadTable* existing = nullptr;
  if (__atomic_compare_exchange_n(&g_table, &existing, fresh, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) return fresh;
  munmap(mem, sizeof(ThreadTable));  // another thread won the race
  return existing;
}

CONCUR_NOT_SEEN_BY_TSAN PthreadCreate next_pthread_create() {
  TsanIgnoresSync ignored;
  if (PthreadCreate next = __atomic_load_n(&g_next_pthread_create, __ATOMIC_ACQUIRE)) return next;
  auto next = reinterpret_cast<PthreadCreate>(
      concur_next_function("pthread_create", reinterpret_cast<void*>(&__interceptor_pthread_create)));
  __atomic_store_n(&g_next_pthread_create, next, __ATOMIC_RELEASE);
  return next;
}

CONCUR_NOT_SEEN_BY_TSAN ThreadSlot* claim_slot(void* (*start)(void*), void* arg, void* const* frames, int depth) {
  ThreadTable* t = table();
  if (t == nullptr) return nullptr;
  TableLock lock(*t);
  for (std::size_t i = 0; i < kSlots; ++i) {
    ThreadSlot& slot = t->slots[(t->next_free + i) % kSlots];
    if (slot.state != SlotState::free) continue;
    t->next_free = (t->next_free + i + 1) % kSlots;
    slot.state = SlotState::claimed;
    slot.tid = 0;
    slot.start = start;
    slot.arg = arg;
    slot.depth = depth;
    for (int i = 0; i < depth; ++i) slot.frames[i] = frames[i];
    return &slot;
  }
  return nullptr;  // more threads alive than slots: this one goes unexplained
}

// Only for slots handed out by claim_slot: the table exists.
CONCUR_NOT_SEEN_BY_TSAN void release_slot(ThreadSlot* slot) {
  TableLock lock(*table());
  slot->state = SlotState::free;
  slot->tid = 0;
}

struct StartRoutine {
  void* (*start)(void*);
  void* arg;
};

CONCUR_NOT_SEEN_BY_TSAN StartRoutine mark_running(ThreadSlot* slot) {
  TableLock lock(*table());
  slot->tid = gettid();
  slot->state = SlotState::running;
  return {slot->start, slot->arg};
}

void* start_recorded_thread(void* raw) {
  auto* slot = static_cast<ThreadSlot*>(raw);
  const StartRoutine routine = mark_running(slot);
  // Runs on return, pthread_exit and cancellation alike (forced unwinding).
  struct ReleaseAtExit {
    ThreadSlot* slot;
    ~ReleaseAtExit() { release_slot(slot); }
  } release_at_exit{slot};
  return routine.start(routine.arg);
}

}  // namespace

namespace {
CONCUR_NOT_SEEN_BY_TSAN int copy_creation_stack(pid_t tid, void** frames) {
  ThreadTable* t = table();
  if (t == nullptr) return 0;
  TableLock lock(*t);
  for (const ThreadSlot& slot : t->slots) {
    if (slot.state != SlotState::running || slot.tid != tid) continue;
    for (int i = 0; i < slot.depth; ++i) frames[i] = slot.frames[i];
    return slot.depth;
  }
  return 0;
}
}  // namespace

std::vector<void*> recorded_creation_stack(pid_t tid) {
  void* frames[kMaxFrames];
  const int depth = copy_creation_stack(tid, frames);
  return std::vector<void*>(frames, frames + depth);  // not {}: that would hold the two pointers
}

}  // namespace concur::runtime_internal

extern "C" __attribute__((visibility("hidden"))) int concur_hooked_pthread_create(
    pthread_t* thread, const pthread_attr_t* attr, void* (*start)(void*), void* arg) noexcept {
  using namespace concur::runtime_internal;
  const PthreadCreate next = next_pthread_create();
  if (next == nullptr) return EAGAIN;
  // From the caller of pthread_create (this function has C linkage: the
  // symbolizer could not tell it is concur's by its namespace).
  void* frames[kMaxFrames];
  const int depth = capture_call_stack(frames, kMaxFrames, 0);
  ThreadSlot* slot = claim_slot(start, arg, frames, depth);
  if (slot == nullptr) return next(thread, attr, start, arg);
  const int rc = next(thread, attr, start_recorded_thread, slot);
  if (rc != 0) release_slot(slot);
  return rc;
}

extern "C" int pthread_create(pthread_t* thread, const pthread_attr_t* attr, void* (*start)(void*),
                              void* arg) noexcept __attribute__((alias("concur_hooked_pthread_create")));

bool concur::runtime_internal::creation_hook_is_pthread_create() {
  return dlsym(RTLD_DEFAULT, "pthread_create") == reinterpret_cast<void*>(&concur_hooked_pthread_create);
}

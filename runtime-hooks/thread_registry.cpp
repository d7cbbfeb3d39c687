// pthread_create, interposed: every thread made through it (std::thread and
// std::jthread included) gets its creating call stack recorded, keyed by its
// tid while it runs. Linked whole into each executable that uses
// concur::runtime, so this definition is the one the program and its shared
// libraries (libstdc++) call.
//
// The real pthread_create is reached through the sanitizer runtime's
// interceptor when one is linked in statically (TSan, ASan: their
// `pthread_create` is a weak alias that this strong definition replaces, and
// __interceptor_pthread_create stays callable), else through
// dlsym(RTLD_NEXT), which finds libc's or a shared sanitizer runtime's.
#include "detail/thread_registry.h"

#include <dlfcn.h>
#include <execinfo.h>
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <new>

extern "C" int __interceptor_pthread_create(pthread_t*, const pthread_attr_t*, void* (*)(void*), void*)
    __attribute__((weak));

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
struct ThreadTable {
  std::mutex mu;
  std::size_t next_free = 0;  // where the search for a free slot starts
  ThreadSlot slots[kSlots];
};

ThreadTable& table() {
  static ThreadTable* const t = [] {
    void* mem = mmap(nullptr, sizeof(ThreadTable), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED) return static_cast<ThreadTable*>(nullptr);
    return new (mem) ThreadTable();
  }();
  return *t;
}

PthreadCreate next_pthread_create() {
  static const PthreadCreate next = [] {
    if (&__interceptor_pthread_create != nullptr) return static_cast<PthreadCreate>(&__interceptor_pthread_create);
    return reinterpret_cast<PthreadCreate>(dlsym(RTLD_NEXT, "pthread_create"));
  }();
  return next;
}

ThreadSlot* claim_slot(void* (*start)(void*), void* arg, void* const* frames, int depth) {
  ThreadTable* t = &table();
  if (t == nullptr) return nullptr;
  std::lock_guard lock(t->mu);
  for (std::size_t i = 0; i < kSlots; ++i) {
    ThreadSlot& slot = t->slots[(t->next_free + i) % kSlots];
    if (slot.state != SlotState::free) continue;
    t->next_free = (t->next_free + i + 1) % kSlots;
    slot.state = SlotState::claimed;
    slot.tid = 0;
    slot.start = start;
    slot.arg = arg;
    slot.depth = depth;
    std::copy(frames, frames + depth, slot.frames);
    return &slot;
  }
  return nullptr;  // more threads alive than slots: this one goes unexplained
}

void release_slot(ThreadSlot* slot) {
  std::lock_guard lock(table().mu);
  slot->state = SlotState::free;
  slot->tid = 0;
}

void* start_recorded_thread(void* raw) {
  auto* slot = static_cast<ThreadSlot*>(raw);
  void* (*start)(void*);
  void* arg;
  {
    std::lock_guard lock(table().mu);
    start = slot->start;
    arg = slot->arg;
    slot->tid = gettid();
    slot->state = SlotState::running;
  }
  // Runs on return, pthread_exit and cancellation alike (forced unwinding).
  struct ReleaseAtExit {
    ThreadSlot* slot;
    ~ReleaseAtExit() { release_slot(slot); }
  } release_at_exit{slot};
  return start(arg);
}

}  // namespace

std::vector<void*> recorded_creation_stack(pid_t tid) {
  ThreadTable* t = &table();
  if (t == nullptr) return {};
  std::lock_guard lock(t->mu);
  for (const ThreadSlot& slot : t->slots)
    if (slot.state == SlotState::running && slot.tid == tid) return {slot.frames, slot.frames + slot.depth};
  return {};
}

}  // namespace concur::runtime_internal

extern "C" __attribute__((visibility("hidden"))) int concur_hooked_pthread_create(
    pthread_t* thread, const pthread_attr_t* attr, void* (*start)(void*), void* arg) noexcept {
  using namespace concur::runtime_internal;
  const PthreadCreate next = next_pthread_create();
  if (next == nullptr) return EAGAIN;
  void* frames[kMaxFrames];
  const int depth = backtrace(frames, kMaxFrames);
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

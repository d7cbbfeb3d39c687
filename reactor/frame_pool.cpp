// The coroutine frame pool (see allocate_frame in concur/reactor/task.h).
//
// malloc gives a 128-byte frame a 144-byte chunk (an 8-byte size header, rounded
// to 16): at a million sleeping tasks that is 16 MB of headers. Here a frame takes
// exactly its size rounded up to 16 bytes. Each thread keeps a free list per size
// class (16-byte steps up to 1 KiB; larger frames go to operator new) and carves
// new chunks from 256 KiB slabs. A freed chunk joins the list of the thread that
// frees it, so a frame may be destroyed on any thread, and after its reactor.
// Slabs are never returned to the system: memory a burst of tasks used stays in
// the pool for the next burst. When a thread exits, its free chunks and the rest of
// its slab go to a process-wide depot that the next thread short of chunks draws
// from, so threads that come and go do not leak.
//
// Sanitizer builds use operator new and delete for every frame: a pooled chunk
// would hide a use after free from AddressSanitizer, and a chunk handed between
// threads through the pool from ThreadSanitizer's view of malloc.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <new>
#include <vector>

#include "concur/reactor/task.h"

#if defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define CONCUR_REACTOR_FRAMES_FROM_MALLOC 1
#endif
#endif
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
#define CONCUR_REACTOR_FRAMES_FROM_MALLOC 1
#endif

namespace concur::reactor_internal {

#if defined(CONCUR_REACTOR_FRAMES_FROM_MALLOC)

void* allocate_frame(std::size_t size) { return ::operator new(size); }
void free_frame(void* frame, std::size_t size) noexcept { ::operator delete(frame, size); }
bool frame_pool_enabled() noexcept { return false; }
std::size_t frame_pool_slab_bytes() noexcept { return 0; }

#else

namespace {

constexpr std::size_t kGranule = 16;
constexpr std::size_t kLargestPooled = 1024;
constexpr std::size_t kClasses = kLargestPooled / kGranule;
constexpr std::size_t kSlabBytes = 256 * 1024;

struct FreeChunk {
  FreeChunk* next;
};

constexpr std::size_t class_of(std::size_t size) noexcept { return (size + kGranule - 1) / kGranule - 1; }

// Trivially destructible, so it outlives the thread's other thread_local
// destructors: a frame freed from one of them still finds it.
enum class PoolState : unsigned char {
  fresh,    // the exit hand-over is not registered yet
  armed,    // it is: chunks go to the free lists
  exited,   // handed to the depot: frees go there directly
};
struct ThreadFrames {
  FreeChunk* free[kClasses] = {};
  std::byte* carve = nullptr;  // the unused rest of this thread's slab
  std::byte* carve_end = nullptr;
  PoolState state = PoolState::fresh;
};
constinit thread_local ThreadFrames t_frames;

// What exited threads left behind: whole free lists and slab tails. Never
// destroyed (frames may be freed during static destruction).
struct Depot {
  std::mutex mutex;
  std::vector<FreeChunk*> lists[kClasses];
  std::vector<std::pair<std::byte*, std::byte*>> tails;
};
Depot& depot() {
  static Depot* d = new Depot;
  return *d;
}

std::atomic<std::size_t> slab_bytes{0};

void give_to_depot(ThreadFrames& frames) noexcept {
  Depot& d = depot();
  std::lock_guard lock(d.mutex);
  try {
    for (std::size_t c = 0; c < kClasses; ++c) {
      if (frames.free[c]) d.lists[c].push_back(frames.free[c]);
      frames.free[c] = nullptr;
    }
    if (frames.carve != frames.carve_end) d.tails.emplace_back(frames.carve, frames.carve_end);
  } catch (...) {  // out of memory for the depot's bookkeeping: those chunks stay unused
  }
  frames.carve = frames.carve_end = nullptr;
}

// Hands the thread's chunks to the depot when it exits (registered with the
// thread's first slab or first freed chunk, so threads that never touch a frame
// pay nothing).
struct ExitHandOver {
  bool registered = false;
  ~ExitHandOver() {
    give_to_depot(t_frames);
    t_frames.state = PoolState::exited;
  }
};
thread_local ExitHandOver t_exit_hand_over;

void arm_exit_hand_over(ThreadFrames& frames) noexcept {
  if (frames.state != PoolState::fresh) return;
  frames.state = PoolState::armed;
  t_exit_hand_over.registered = true;  // its first use registers its destructor
}

[[gnu::noinline]] void free_slow(FreeChunk* chunk, std::size_t c) noexcept {
  ThreadFrames& frames = t_frames;
  if (frames.state == PoolState::fresh) {
    arm_exit_hand_over(frames);
    chunk->next = frames.free[c];
    frames.free[c] = chunk;
    return;
  }
  Depot& d = depot();  // during this thread's exit
  std::lock_guard lock(d.mutex);
  chunk->next = nullptr;
  try {
    d.lists[c].push_back(chunk);
  } catch (...) {  // out of memory for the depot's bookkeeping: the chunk stays unused
  }
}

[[gnu::noinline]] void* refill_and_allocate(std::size_t c) {
  ThreadFrames& frames = t_frames;
  const std::size_t bytes = (c + 1) * kGranule;
  if (static_cast<std::size_t>(frames.carve_end - frames.carve) < bytes) {
    Depot& d = depot();
    {
      std::lock_guard lock(d.mutex);
      if (!d.lists[c].empty()) {  // a whole list an exited thread left
        FreeChunk* list = d.lists[c].back();
        d.lists[c].pop_back();
        frames.free[c] = list->next;
        return list;
      }
      if (!d.tails.empty()) {
        auto [begin, end] = d.tails.back();
        d.tails.pop_back();
        frames.carve = begin;
        frames.carve_end = end;
      }
    }
    if (static_cast<std::size_t>(frames.carve_end - frames.carve) < bytes) {
      // The old slab's tail (under 1 KiB) is left unused.
      frames.carve = static_cast<std::byte*>(::operator new(kSlabBytes));  // 16-aligned, like every new
      frames.carve_end = frames.carve + kSlabBytes;
      slab_bytes.fetch_add(kSlabBytes, std::memory_order_relaxed);
    }
    arm_exit_hand_over(frames);
  }
  void* chunk = frames.carve;
  frames.carve += bytes;
  return chunk;
}

}  // namespace

void* allocate_frame(std::size_t size) {
  if (size > kLargestPooled) [[unlikely]]
    return ::operator new(size);
  const std::size_t c = class_of(size);
  ThreadFrames& frames = t_frames;
  if (FreeChunk* chunk = frames.free[c]) [[likely]] {
    frames.free[c] = chunk->next;
    return chunk;
  }
  return refill_and_allocate(c);
}

void free_frame(void* frame, std::size_t size) noexcept {
  if (size > kLargestPooled) [[unlikely]] {
    ::operator delete(frame, size);
    return;
  }
  const std::size_t c = class_of(size);
  ThreadFrames& frames = t_frames;
  auto* chunk = static_cast<FreeChunk*>(frame);
  if (frames.state != PoolState::armed) [[unlikely]] {
    free_slow(chunk, c);
    return;
  }
  chunk->next = frames.free[c];
  frames.free[c] = chunk;
}

bool frame_pool_enabled() noexcept { return true; }

std::size_t frame_pool_slab_bytes() noexcept { return slab_bytes.load(std::memory_order_relaxed); }

#endif

}  // namespace concur::reactor_internal

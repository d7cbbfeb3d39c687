// The coroutine frame pool: size classes, reuse, frames freed on other threads and
// after their reactor, threads that exit, and many tasks at once.
#include <gtest/gtest.h>

#include <chrono>
#include <coroutine>
#include <set>
#include <thread>
#include <vector>

#include "concur/reactor.h"

using namespace std::chrono_literals;

namespace concur {
namespace {

namespace internal = reactor_internal;

// Resumes at once, noting the address of the awaiting coroutine's frame.
struct FrameAddress {
  void** out;
  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> h) const noexcept {
    *out = h.address();
    return false;
  }
  void await_resume() const noexcept {}
};

// Not inlined into the caller, where the compiler could elide the frame's allocation.
[[gnu::noinline]] Task<int> small_frame(void** where) {
  co_await FrameAddress{where};
  co_return 1;
}

[[gnu::noinline]] Task<int> large_frame(void** where, int seed) {
  volatile char buffer[300];  // lives across the suspension: in the frame
  for (int i = 0; i < 300; ++i) buffer[i] = static_cast<char>(seed + i);
  co_await FrameAddress{where};
  int sum = 0;
  for (int i = 0; i < 300; ++i) sum += buffer[i];
  co_return sum;
}

TEST(FramePool, SizesInOneClassShareChunks) {
  if (!internal::frame_pool_enabled()) GTEST_SKIP() << "sanitizer build: frames come from operator new";
  void* a = internal::allocate_frame(100);
  internal::free_frame(a, 100);
  void* b = internal::allocate_frame(112);  // the same 16-byte class
  EXPECT_EQ(a, b);
  void* c = internal::allocate_frame(113);  // the next class: not b's chunk
  EXPECT_NE(b, c);
  internal::free_frame(b, 112);
  internal::free_frame(c, 113);
  void* big = internal::allocate_frame(4096);  // beyond the pool: operator new
  internal::free_frame(big, 4096);
}

TEST(FramePool, FramesOfDifferentSizesReuseMemory) {
  Reactor reactor;
  reactor.run([]() -> Task<void> {
    void* small1 = nullptr;
    void* small2 = nullptr;
    void* large1 = nullptr;
    void* large2 = nullptr;
    EXPECT_EQ(co_await small_frame(&small1), 1);
    EXPECT_EQ(co_await large_frame(&large1, 1), co_await large_frame(&large2, 1));
    EXPECT_EQ(co_await small_frame(&small2), 1);
    EXPECT_NE(small1, large1);
    if (internal::frame_pool_enabled()) {
      EXPECT_EQ(small1, small2) << "a freed frame's chunk serves the next frame of its size";
      EXPECT_NE(large1, large2) << "both large frames were alive at once";
    }
  }());
}

TEST(FramePool, AFrameMayBeDestroyedAfterItsReactorAndOnAnotherThread) {
  void* where = nullptr;
  Task<int> unstarted = small_frame(&where);
  Task<int> later = large_frame(&where, 3);
  {
    Reactor reactor;
    int got = reactor.run([](Task<int>& t) -> Task<int> { co_return co_await t; }(later));
    EXPECT_GT(got, 0);
  }
  later = Task<int>();  // a finished frame, freed after its reactor is gone
  std::thread([t = std::move(unstarted)]() mutable { t = Task<int>(); }).join();

  if (!internal::frame_pool_enabled()) return;
  // A chunk joins the free list of the thread that frees it.
  void* chunk = internal::allocate_frame(64);
  void* reused = nullptr;
  std::thread([&] {
    internal::free_frame(chunk, 64);
    reused = internal::allocate_frame(64);
    internal::free_frame(reused, 64);
  }).join();
  EXPECT_EQ(reused, chunk);
}

TEST(FramePool, AnExitedThreadsChunksServeOtherThreads) {
  if (!internal::frame_pool_enabled()) GTEST_SKIP() << "sanitizer build: frames come from operator new";
  constexpr std::size_t kSize = 720, kCount = 2000;  // a class no other test uses; > 1 slab
  std::set<void*> first;
  std::thread([&] {
    std::vector<void*> chunks;
    for (std::size_t i = 0; i < kCount; ++i) chunks.push_back(internal::allocate_frame(kSize));
    first.insert(chunks.begin(), chunks.end());
    for (void* c : chunks) internal::free_frame(c, kSize);
  }).join();
  const std::size_t slabs = internal::frame_pool_slab_bytes();
  std::size_t reused = 0;
  std::thread([&] {
    std::vector<void*> chunks;
    for (std::size_t i = 0; i < kCount; ++i) chunks.push_back(internal::allocate_frame(kSize));
    for (void* c : chunks) reused += first.count(c);
    for (void* c : chunks) internal::free_frame(c, kSize);
  }).join();
  EXPECT_EQ(reused, kCount) << "the second thread drew the first one's chunks from the depot";
  EXPECT_EQ(internal::frame_pool_slab_bytes(), slabs);
}

Task<void> nap(std::chrono::milliseconds d) { co_await sleep_for(d); }

TEST(FramePool, ManySpawnedTasksAndTheNextBurstReusesTheirMemory) {
  constexpr int kTasks = 100'000;
  auto burst = [] {
    Reactor reactor;
    reactor.run([]() -> Task<void> {
      TaskGroup group;
      for (int i = 0; i < kTasks; ++i) group.spawn(nap(std::chrono::milliseconds(1 + i % 20)));
      EXPECT_EQ(group.running(), static_cast<std::size_t>(kTasks));
      co_await group.join();
    }());
  };
  burst();
  const std::size_t slabs = internal::frame_pool_slab_bytes();
  burst();
  EXPECT_EQ(internal::frame_pool_slab_bytes(), slabs) << "the second burst took no new slab";
}

}  // namespace
}  // namespace concur

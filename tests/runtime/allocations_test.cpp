#include <concur/testing.h>

#include <gtest/gtest-spi.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

using concur::AllocationScope;
using concur::AllocationThreads;
using namespace concur::testing;

// Keeps allocations observable: the optimizer deletes new/delete pairs whose
// pointer does not escape.
void* volatile g_sink;
template <class T>
void Escape(T* p) { g_sink = p; }

// One observable allocation of `n` bytes, freed again (LeakSanitizer stays quiet).
void AllocateAndFree(std::size_t n) {
  char* p = new char[n];
  Escape(p);
  delete[] p;
}

TEST(Allocations, OperatorNewReplacementIsLinkedIntoThisExecutable) {
  ASSERT_TRUE(concur::allocation_counting_installed());
  AllocationScope scope;
  auto p = std::make_unique<int>(7);
  Escape(p.get());
  EXPECT_EQ(scope.stats().count, 1u);
  EXPECT_EQ(scope.stats().bytes, sizeof(int));
}

TEST(Allocations, ScopeCountsBytesLargestAndPeak) {
  AllocationScope scope;
  {
    auto a = std::make_unique<char[]>(100);
    Escape(a.get());
    auto b = std::make_unique<char[]>(300);
    Escape(b.get());
  }
  auto c = std::make_unique<char[]>(50);
  Escape(c.get());
  concur::AllocationStats s = scope.stats();
  EXPECT_EQ(s.count, 3u);
  EXPECT_EQ(s.bytes, 450u);
  EXPECT_EQ(s.largest, 300u);
  EXPECT_EQ(s.frees, 2u);
  EXPECT_GE(s.peak_outstanding_bytes, 400);
  EXPECT_LT(s.peak_outstanding_bytes, 450 + 64);
}

TEST(Allocations, AlignedAndArrayFormsAreCounted) {
  struct alignas(64) Wide { char bytes[64]; };
  AllocationScope scope;
  auto* w = new Wide;
  Escape(w);
  delete w;
  auto* arr = new int[10];
  Escape(arr);
  delete[] arr;
  auto* nt = new (std::nothrow) int(1);
  Escape(nt);
  delete nt;
  EXPECT_EQ(scope.stats().count, 3u);
  EXPECT_EQ(scope.stats().frees, 3u);
}

TEST(Allocations, NestedScopesEachSeeTheirOwnPart) {
  AllocationScope outer;
  AllocateAndFree(4);
  {
    AllocationScope inner;
    AllocateAndFree(4);
    EXPECT_EQ(inner.stats().count, 1u);
  }
  EXPECT_EQ(outer.stats().count, 2u);
}

TEST(AllocatesAtMost, PassesOnCodeThatDoesNotAllocate) {
  int x = 0;
  EXPECT_THAT(Block([&] { x += 1; }), DoesNotAllocate());
  std::vector<int> reserved;
  reserved.reserve(16);
  EXPECT_THAT(Block([&] { for (int i = 0; i < 16; ++i) reserved.push_back(i); }), DoesNotAllocate());
  EXPECT_THAT(Block([&] { AllocateAndFree(4); }), AllocatesAtMost(1));
}

TEST(AllocatesAtMost, FailsOnABlockThatAllocatesAndSaysHowMuch) {
  EXPECT_NONFATAL_FAILURE(
      EXPECT_THAT(Block([] {
                    AllocateAndFree(32);
                    AllocateAndFree(64);
                    AllocateAndFree(4);
                  }),
                  DoesNotAllocate()),
      "allocated 3 times, 100 bytes, largest 64");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([] { AllocateAndFree(64); }), AllocatesAtMost(0)),
                          "(limit 0)");
}

TEST(AllocatesBytesAtMost, ComparesRequestedBytes) {
  EXPECT_THAT(Block([] { AllocateAndFree(64); }), AllocatesBytesAtMost(64));
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([] { AllocateAndFree(65); }), AllocatesBytesAtMost(64)),
                          "allocated 1 time, 65 bytes, largest 65");
}

TEST(AllocatesAtMost, OtherThreadsAllocatingDuringTheBlockAreNotCounted) {
  std::atomic<bool> stop{false};
  std::atomic<long> allocated{0};
  std::thread noisy([&] {
    while (!stop.load()) {
      auto s = std::make_unique<std::string>(100, 'x');
      Escape(s.get());
      allocated.fetch_add(1);
    }
  });
  while (allocated.load() == 0) std::this_thread::yield();
  EXPECT_THAT(Block([] {
                for (int i = 0; i < 1000; ++i) std::this_thread::yield();
              }),
              DoesNotAllocate());
  stop = true;
  noisy.join();
}

TEST(AllocatesAtMost, AllThreadsScopeSeesOtherThreads) {
  EXPECT_NONFATAL_FAILURE(
      EXPECT_THAT(Block([] {
                    std::thread t([] { AllocateAndFree(4); });
                    t.join();
                  }),
                  DoesNotAllocate(AllocationThreads::all_threads)),
      "does not allocate (all threads)");
}

}  // namespace

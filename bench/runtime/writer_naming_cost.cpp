// Cost of writer naming per fault: a block that makes kWrites writes, each to
// a word of its own spread over kPages pages of .bss, checked with and without
// NamingWriters (each write then costs a SIGSEGV, a single step and a SIGTRAP).
// Both in one run, alternating; medians.
#include <concur/globals.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {
constexpr int kPages = 16;
constexpr int kWrites = 2000;  // 125 a page: under the per-page limit (256)
constexpr std::size_t kPage = 4096;
alignas(4096) long g_words[kPages * kPage / sizeof(long)];

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Returns the block's own time in µs, and how many changes were named.
double timed_block(bool name_writers, long round, std::size_t& named) {
  concur::GlobalsOptions options;
  options.name_writers = name_writers;
  auto snapshot = concur::GlobalsSnapshot::take(options);
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < kWrites; ++i) {
    const std::size_t word = (i % kPages) * (kPage / sizeof(long)) + (i / kPages) * 2;
    *static_cast<volatile long*>(&g_words[word]) = round;
  }
  const auto t1 = std::chrono::steady_clock::now();
  concur::GlobalsReport report = snapshot.changes();
  named = 0;
  for (const concur::GlobalChange& c : report.changes) named += c.writers.empty() ? 0 : 1;
  return std::chrono::duration<double, std::micro>(t1 - t0).count();
}
}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::atoi(argv[1]) : 11;
  std::size_t named = 0;
  timed_block(false, 1, named);  // warm-up: symbolizer, tracking, handlers
  timed_block(true, 2, named);
  std::vector<double> plain, naming;
  for (int r = 0; r < rounds; ++r) {
    plain.push_back(timed_block(false, 3 + 2 * r, named));
    naming.push_back(timed_block(true, 4 + 2 * r, named));
  }
  const double per_fault = (median(naming) - median(plain)) / kWrites;
  std::printf("block of %d writes over %d pages of .bss, median of %d: without naming %.1f us, naming writers "
              "%.1f us: %.2f us per fault (SIGSEGV + single step + SIGTRAP); the global was named: %s\n",
              kWrites, kPages, rounds, median(plain), median(naming), per_fault, named == 1 ? "yes" : "no");
  return named == 1 ? 0 : 1;
}

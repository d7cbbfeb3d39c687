// Cost of checking one block that writes one page of a 64 MiB .bss:
// GlobalsSnapshot::take() before it and changes() after it, in both modes,
// alternating, in one run. Target: <= 1 ms per block in written_pages mode.
#include <concur/globals.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {
char g_big[64 << 20];  // .bss

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// One checked block; returns its cost in ms (block excluded) and checks that
// exactly the one change was found.
double checked_block(concur::GlobalsMode mode, int round, bool& found) {
  concur::GlobalsOptions options;
  options.mode = mode;
  const auto t0 = std::chrono::steady_clock::now();
  auto snapshot = concur::GlobalsSnapshot::take(options);
  const auto t1 = std::chrono::steady_clock::now();
  g_big[(round * 4096 * 7 + 17) % sizeof g_big] ^= 1;  // the block: one page written
  const auto t2 = std::chrono::steady_clock::now();
  concur::GlobalsReport report = snapshot.changes();
  const auto t3 = std::chrono::steady_clock::now();
  found = report.changes.size() == 1 && report.mode == mode;
  return std::chrono::duration<double, std::milli>((t1 - t0) + (t3 - t2)).count();
}
}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::atoi(argv[1]) : 21;
  std::memset(g_big, 1, sizeof g_big);  // resident, like a used cache
  const bool have_written_pages = concur::globals_mode() == concur::GlobalsMode::written_pages;
  if (!have_written_pages)
    std::printf("written pages unavailable here: %s (only full copy measured)\n", concur::globals_mode_reason().c_str());
  bool found = true, ok = true;
  checked_block(concur::GlobalsMode::full_copy, 0, found);  // warm-up: symbolizer, libc, spare mapping
  if (have_written_pages) checked_block(concur::GlobalsMode::written_pages, 0, found);  // and the first copy
  std::vector<double> full, written;
  for (int r = 1; r <= rounds; ++r) {
    full.push_back(checked_block(concur::GlobalsMode::full_copy, r, found));
    ok = ok && found;
    if (have_written_pages) {
      written.push_back(checked_block(concur::GlobalsMode::written_pages, r, found));
      ok = ok && found;
    }
  }
  std::printf("block writing one page of a %zu MiB .bss, median of %d: full copy %.3f ms", sizeof g_big >> 20,
              rounds, median(full));
  if (have_written_pages)
    std::printf(", written pages %.3f ms (%.1fx less; target <= 1 ms)", median(written),
                median(full) / median(written));
  std::printf("\n");
  if (!ok) std::printf("a round did not find exactly its one change\n");
  return ok ? 0 : 1;
}

// What concur's interposed libc functions (runtime-hooks/libc_hooks.c: the
// reactor's thread-local task context and writer naming's flag, read inline,
// then a tail call) add to a call made outside any reactor task while no naming runs: the
// interposed function against libc's own, called alternately in the same process. Rounds alternate the two so that drift
// on the shared machine hits both; the figure is the median of the per-round
// differences, with the spread.
//
//   blocking_call_cost [--rounds R] [--calls N]
//
// fread and fgets read one byte from a memory stream (no system call: the hook's
// cost is not hidden under the kernel's); read takes one byte from /dev/zero.
#include <dlfcn.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include <concur/loop_checks.h>

namespace {

using Clock = std::chrono::steady_clock;

template <class F>
double ns_per_call(std::size_t calls, F&& call) {
  const auto start = Clock::now();
  for (std::size_t i = 0; i < calls; ++i) call();
  return std::chrono::duration<double, std::nano>(Clock::now() - start).count() / static_cast<double>(calls);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

void compare(const char* what, int rounds, std::size_t calls, const std::function<void()>& hooked,
             const std::function<void()>& plain) {
  std::vector<double> with, without, added;
  ns_per_call(calls / 10, hooked);  // warm up (and resolve the next definition)
  ns_per_call(calls / 10, plain);
  for (int r = 0; r < rounds; ++r) {
    const double a = ns_per_call(calls, hooked);
    const double b = ns_per_call(calls, plain);
    with.push_back(a);
    without.push_back(b);
    added.push_back(a - b);
  }
  std::sort(added.begin(), added.end());
  std::printf("%-24s hooked %6.1f ns  libc %6.1f ns  added %5.1f ns per call (median of %d rounds; spread %.1f .. %.1f)\n",
              what, median(with), median(without), median(added), rounds, added.front(), added.back());
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 21;
  std::size_t calls = 2'000'000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--rounds")) rounds = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--calls")) calls = std::strtoull(argv[i + 1], nullptr, 10);
  }
  concur::LoopWatch watch;  // links the hooks in and tells whether they are active
  if (!watch.sees_blocking_calls()) {
    std::fprintf(stderr, "blocking_call_cost: the hooks are not the functions this program calls\n");
    return 1;
  }
  using Fread = std::size_t (*)(void*, std::size_t, std::size_t, FILE*);
  using Fgets = char* (*)(char*, int, FILE*);
  using Read = ssize_t (*)(int, void*, std::size_t);
  auto libc_fread = reinterpret_cast<Fread>(dlsym(RTLD_NEXT, "fread"));
  auto libc_fgets = reinterpret_cast<Fgets>(dlsym(RTLD_NEXT, "fgets"));
  auto libc_read = reinterpret_cast<Read>(dlsym(RTLD_NEXT, "read"));
  if (!libc_fread || !libc_fgets || !libc_read) {
    std::fprintf(stderr, "blocking_call_cost: libc's functions not found\n");
    return 1;
  }

  std::string text(1 << 20, 'x');
  for (std::size_t i = 63; i < text.size(); i += 64) text[i] = '\n';
  FILE* memory = fmemopen(text.data(), text.size(), "r");
  char byte[80];
  auto fread_one = [&](Fread f) {
    if (f(byte, 1, 1, memory) != 1) std::rewind(memory);
  };
  auto fgets_one = [&](Fgets f) {
    if (f(byte, 2, memory) == nullptr) std::rewind(memory);
  };
  int zero = ::open("/dev/zero", O_RDONLY | O_CLOEXEC);

  std::printf("blocking-call hooks outside any task: %zu calls per measurement\n", calls);
  compare("fread (memory stream)", rounds, calls, [&] { fread_one(&::fread); }, [&] { fread_one(libc_fread); });
  compare("fgets (memory stream)", rounds, calls, [&] { fgets_one(&::fgets); }, [&] { fgets_one(libc_fgets); });
  compare("read (/dev/zero)", rounds, calls / 4, [&] { (void)::read(zero, byte, 1); },
          [&] { (void)libc_read(zero, byte, 1); });
  std::fclose(memory);
  ::close(zero);
}

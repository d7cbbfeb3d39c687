// concur-locked-callback: the same in C++: a hook table whose members default
// to the C library's functions (an arena's allocator, a writer that defaults to
// fwrite) stands in for them; a std::function member set by a public setter is
// the program's code.
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <utility>

namespace defaults {

using WriteFn = size_t (*)(const void* data, size_t size, size_t count, std::FILE* out);

WriteFn g_write = std::fwrite;

void SetWriter(WriteFn write) { g_write = write; }

class Journal {
 public:
  void Append(const char* line, size_t size) {
    std::lock_guard<std::mutex> lock(mu_);
    // negative: g_write stands in for fwrite, its default.
    Flush(line, size);
    ++lines_;
  }

  void OnAppend(std::function<void(size_t)> hook) {
    std::lock_guard<std::mutex> lock(mu_);
    on_append_ = std::move(hook);
  }

  void AppendNotified(const char* line, size_t size) {
    std::lock_guard<std::mutex> lock(mu_);
    Flush(line, size);
    // positive: on_append_ is whatever a user set through OnAppend.
    if (on_append_) on_append_(++lines_);  // expect: concur-locked-callback
  }

 private:
  static void Flush(const char* line, size_t size) { g_write(line, 1, size, stdout); }

  std::mutex mu_;
  size_t lines_ = 0;
  std::function<void(size_t)> on_append_;
};

}  // namespace defaults

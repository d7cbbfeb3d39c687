// concur-locked-callback through a table a function returns, in C++: an
// accessor that returns the address of a function-local static table of the
// library's own operations, beside a function-local static whose hook the
// application sets.
#include <functional>
#include <mutex>
#include <utility>

namespace store {

struct FileOps {
  void (*flush)(int fd);
  void (*close)(int fd);
};

static void flush_file(int fd) { (void)fd; }
static void close_file(int fd) { (void)fd; }

const FileOps* file_ops() {
  static const FileOps ops = {&flush_file, &close_file};
  return &ops;
}

struct Hooks {
  std::function<void()> on_close;
};

Hooks& hooks() {
  static Hooks instance;
  return instance;
}

void SetOnClose(std::function<void()> hook) { hooks().on_close = std::move(hook); }

class File {
 public:
  void Flush() {
    std::lock_guard<std::mutex> guard(mu_);
    // negative: file_ops()->flush is flush_file, from the table's initializer.
    file_ops()->flush(fd_);
  }

  void Close() {
    std::lock_guard<std::mutex> guard(mu_);
    // negative: file_ops()->close is close_file.
    file_ops()->close(fd_);
    // positive: the hook is whatever the application passed to SetOnClose.
    if (hooks().on_close) hooks().on_close();  // expect: concur-locked-callback
  }

 private:
  std::mutex mu_;
  int fd_ = 0;
};

}  // namespace store

// A std::thread member started in the constructor's initializer, joined by
// the destructor on every path on which it holds a thread.
#include "owned.h"

#include <utility>

namespace owned {

std::vector<std::string> g_flushed;

static void flush_pending(const std::string& path) {
  // negative: flush_all reads the list only after the flusher is destroyed.
  g_flushed.push_back(path);
}

Flusher::Flusher(std::string path) : path_(std::move(path)), worker_([this] { flush_pending(path_); }) {}

Flusher::~Flusher() {
  if (worker_.joinable()) worker_.join();
}

size_t flush_all() {
  g_flushed.clear();
  {
    Flusher flusher("/tmp/out");
  }
  return g_flushed.size();
}

}  // namespace owned

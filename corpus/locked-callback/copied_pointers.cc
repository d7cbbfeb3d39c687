// concur-locked-callback through function pointers copied from another
// pointer, in C++: a copy constructor that copies the other object's member
// (nothing new), beside a cache that takes its eviction hook from options
// the application fills in.
#include <mutex>

namespace pool {
namespace internal {

void recycle_buffer(int id) { (void)id; }
void recycle_socket(int id) { (void)id; }

class Slot {
 public:
  explicit Slot(void (*recycle)(int)) : recycle_(recycle) {}
  Slot(const Slot& other) : recycle_(other.recycle_), id_(other.id_) {}
  Slot& operator=(const Slot& other) {
    recycle_ = other.recycle_;
    id_ = other.id_;
    return *this;
  }
  void Recycle() { recycle_(id_); }

 private:
  void (*recycle_)(int);
  int id_ = 0;
};

}  // namespace internal

class Pool {
 public:
  Pool() : buffers_(internal::recycle_buffer), sockets_(internal::recycle_socket), spare_(buffers_) {}

  void Swap() {
    std::lock_guard<std::mutex> guard(mu_);
    spare_ = sockets_;
  }

  void Release() {
    std::lock_guard<std::mutex> guard(mu_);
    // negative: recycle_ is recycle_buffer or recycle_socket; copies of a Slot copy another Slot's recycle_.
    spare_.Recycle();
  }

 private:
  std::mutex mu_;
  internal::Slot buffers_;
  internal::Slot sockets_;
  internal::Slot spare_;
};

}  // namespace pool

namespace cache {

struct Options {
  void (*on_evict)(int key) = nullptr;
};

class Cache {
 public:
  explicit Cache(const Options& options) : on_evict_(options.on_evict) {}

  void Evict(int key) {
    std::lock_guard<std::mutex> guard(mu_);
    // positive: on_evict_ is copied from the application's Options, which the project never fills.
    if (on_evict_) on_evict_(key);  // expect: concur-locked-callback
  }

 private:
  std::mutex mu_;
  void (*on_evict_)(int);
};

}  // namespace cache

// concur-locked-callback: a local function pointer in C++ (`auto hook =
// close_hook_;`) holds what the member it copies holds.
#include <mutex>

namespace lpc {

using CloseHook = void (*)(int fd);

void close_quietly(int fd) { (void)fd; }
void close_logged(int fd) { (void)fd; }

// Only the constructor sets the hook, to one of two functions of the project.
class Pool {
 public:
  explicit Pool(bool quiet) : close_hook_(quiet ? close_quietly : close_logged) {}

  // negative: hook is close_quietly or close_logged; neither runs foreign code or locks mu_.
  void Close(int fd) {
    std::lock_guard<std::mutex> lock(mu_);
    auto hook = close_hook_;
    hook(fd);
    --open_;
  }

  // negative: the copy is taken under the lock and called after it is released.
  void CloseLater(int fd) {
    CloseHook hook = nullptr;
    {
      std::lock_guard<std::mutex> lock(mu_);
      hook = close_hook_;
      --open_;
    }
    hook(fd);
  }

 private:
  std::mutex mu_;
  CloseHook close_hook_;
  int open_ = 0;
};

// A public setter: users pass any function.
class Registry {
 public:
  void SetCloseHook(CloseHook hook) { close_hook_ = hook; }

  // positive: the copy holds whatever a user passed to SetCloseHook.
  void Close(int fd) {
    std::lock_guard<std::mutex> lock(mu_);
    CloseHook hook = close_hook_;
    if (hook) hook(fd);  // expect: concur-locked-callback
  }

 private:
  std::mutex mu_;
  CloseHook close_hook_ = nullptr;
};

void Use() {
  Pool quiet(true), logged(false);
  quiet.Close(1);
  logged.CloseLater(2);
  Registry registry;
  registry.SetCloseHook(close_logged);
  registry.Close(3);
}

}  // namespace lpc

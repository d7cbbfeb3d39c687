// A std::function in a nested struct the class keeps private, held in a
// private member: only the class can assign it, like a private member. What
// the class stores there decides: its own lambdas run no foreign code; a
// public setter's argument is whatever users pass.
#include <functional>
#include <mutex>
#include <utility>

namespace private_nested_hooks {

class Door {
public:
  Door() { hooks_.on_open = [this] { ++opened_; }; }

  // negative: the only store is the constructor's own lambda.
  void Open() {
    std::lock_guard<std::mutex> hold(mu_);
    if (hooks_.on_open) hooks_.on_open();
  }

private:
  struct Hooks {
    std::function<void()> on_open;
  };
  std::mutex mu_;
  Hooks hooks_;
  int opened_ = 0;
};

class Gate {
public:
  void OnClose(std::function<void()> hook) {
    std::lock_guard<std::mutex> hold(mu_);
    hooks_.on_close = std::move(hook);
  }

  // positive: a public setter stores what its callers pass.
  void Close() {
    std::lock_guard<std::mutex> hold(mu_);
    if (hooks_.on_close) hooks_.on_close();  // expect: concur-locked-callback
  }

private:
  struct Hooks {
    std::function<void()> on_close;
  };
  std::mutex mu_;
  Hooks hooks_;
};

}  // namespace private_nested_hooks

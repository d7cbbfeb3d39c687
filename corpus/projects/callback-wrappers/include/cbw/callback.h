// A callback wrapper in the style of Chromium's base::OnceCallback: a class
// template whose member template constructor keeps whatever callable it is
// given in a type-erased member. Code outside the project makes its own
// instantiations of that constructor, with its own callables.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <utility>

namespace cbw {

template <class Signature>
class OnceCallback;

template <class R, class... Args>
class OnceCallback<R(Args...)> {
 public:
  OnceCallback() = default;
  template <class F>
  OnceCallback(F&& f) : fn_(std::forward<F>(f)) {}
  explicit operator bool() const { return static_cast<bool>(fn_); }
  R Run(Args... args) && { return fn_(std::forward<Args>(args)...); }

 private:
  std::function<R(Args...)> fn_;
};

class Loader {
 public:
  void Start(std::string url, OnceCallback<void(int)> done);
  void Complete(int result);
  void CompleteUnlocked(int result);
  bool Pending();

 private:
  std::mutex mu_;
  std::string url_;
  OnceCallback<void(int)> done_;
};

// A plain class with a member template setter.
class Button {
 public:
  template <class F>
  void OnClick(F f) {
    std::lock_guard<std::mutex> hold(mu_);
    handler_ = std::move(f);
  }
  void Click();

 private:
  std::mutex mu_;
  std::function<void()> handler_;
};

}  // namespace cbw

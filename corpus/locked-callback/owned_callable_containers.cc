// A container of callables that only its class can name (a private member):
// what its elements hold is what the class puts in. A state machine's table of
// its own lambdas runs no foreign code; a table a public method fills with
// what its callers pass does.
#include <functional>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

namespace owned_callable_containers {

class Door {
public:
  Door() {
    actions_[0] = [this] { ++opened_; };
    actions_.emplace(1, [this] { --opened_; });
    steps_.push_back([this] { opened_ = 0; });
  }

  // negative: every element is one of the constructor's lambdas, however it is reached.
  void Fire(int event) {
    std::lock_guard<std::mutex> hold(mu_);
    auto it = actions_.find(event);
    if (it != actions_.end()) it->second();
    actions_.at(event)();
    for (auto& step : steps_) step();
    for (auto& [key, action] : actions_) action();
  }

private:
  std::mutex mu_;
  std::map<int, std::function<void()>> actions_;
  std::vector<std::function<void()>> steps_;
  int opened_ = 0;
};

class Router {
public:
  void Route(int code, std::function<void()> handler) {
    std::lock_guard<std::mutex> hold(mu_);
    handlers_[code] = std::move(handler);
  }

  // positive: a public method stores what its callers pass.
  void Dispatch(int code) {
    std::lock_guard<std::mutex> hold(mu_);
    auto it = handlers_.find(code);
    if (it != handlers_.end()) it->second();  // expect: concur-locked-callback
  }

  // positive: the same elements, walked.
  void DispatchAll() {
    std::lock_guard<std::mutex> hold(mu_);
    for (auto& entry : handlers_) entry.second();  // expect: concur-locked-callback
  }

private:
  std::mutex mu_;
  std::map<int, std::function<void()>> handlers_;
};

}  // namespace owned_callable_containers

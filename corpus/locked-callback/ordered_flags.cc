// A helper runs the listeners or skips them by an ordered setting: a verbosity level
// (`if (o.verbosity > 0)`), a listener budget from a `std::optional` (`if (*o.max_listeners
// <= 0) return;`). The caller's constant decides which side runs.
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

struct FanoutOptions {
  int verbosity = 1;
  std::optional<int> max_listeners;
};

class Channel {
public:
  using Listener = std::function<void(const std::string&)>;

  void Subscribe(Listener l) {
    std::lock_guard<std::mutex> guard(mu_);
    listeners_.push_back(std::move(l));
  }

  // positive: the default verbosity 1 is above 0.
  void Say(const std::string& text) {
    std::lock_guard<std::mutex> guard(mu_);
    Log(text, FanoutOptions{});  // expect: concur-locked-callback
  }

  // negative: verbosity 0 logs nothing.
  void Whisper(const std::string& text) {
    std::lock_guard<std::mutex> guard(mu_);
    Log(text, {.verbosity = 0});
  }

  // negative: a budget of 0 listeners returns before any runs.
  void Mute(const std::string& text) {
    FanoutOptions o;
    o.max_listeners = 0;
    std::lock_guard<std::mutex> guard(mu_);
    Fanout(text, o);
  }

  // positive: a budget of 2 runs two listeners under the lock.
  void Tell(const std::string& text) {
    FanoutOptions o;
    o.max_listeners = 2;
    std::lock_guard<std::mutex> guard(mu_);
    Fanout(text, o);  // expect: concur-locked-callback
  }

  // negative: the listeners run on a copy after the lock is released.
  void Broadcast(const std::string& text) {
    std::vector<Listener> copy;
    {
      std::lock_guard<std::mutex> guard(mu_);
      copy = listeners_;
    }
    for (const auto& l : copy) l(text);
  }

private:
  void Log(const std::string& text, const FanoutOptions& o) {
    if (o.verbosity > 0)
      for (const auto& l : listeners_) l(text);
  }

  void Fanout(const std::string& text, const FanoutOptions& o) {
    if (!o.max_listeners.has_value()) return;
    if (*o.max_listeners <= 0) return;
    for (int i = 0; i < *o.max_listeners && i < static_cast<int>(listeners_.size()); ++i) listeners_[i](text);
  }

  std::mutex mu_;
  std::vector<Listener> listeners_;
};

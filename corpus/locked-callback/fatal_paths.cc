// Listeners and callables that run only on the way to std::abort() or a [[noreturn]] fatal
// handler, next to the same calls on paths that throw or go on (reported: an exception unwinds
// and the program keeps running).
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>

namespace fatal_paths {

class ErrorListener {
public:
  virtual ~ErrorListener() = default;
  virtual void on_error(const std::string& what) = 0;
};

[[noreturn]] void crash(const char* why);

class Registry {
public:
  void set_listener(ErrorListener* listener) { listener_ = listener; }
  void set_fatal_handler(std::function<void(const std::string&)> handler) { fatal_ = std::move(handler); }

  // negative: a failed check tells the user's fatal handler, then aborts.
  void add_checked(int id) {
    std::lock_guard<std::mutex> lock(mu_);
    if (id < 0) {
      fatal_("negative id");
      std::abort();
    }
    ids_ += id;
  }

  // negative: the listener hears about the error only right before crash(), declared [[noreturn]].
  void add_or_crash(int id) {
    std::lock_guard<std::mutex> lock(mu_);
    if (id < 0) {
      listener_->on_error("negative id");
      crash("negative id");
    }
    ids_ += id;
  }

  // negative: the same through a member template that always aborts.
  template <typename Message>
  [[noreturn]] void die_with(const Message& message) {
    fatal_(std::string(message));
    std::abort();
  }
  void add_or_die(int id) {
    std::unique_lock<std::mutex> lock(mu_);
    if (id < 0) die_with("negative id");
    ids_ += id;
  }

  // positive: throwing is not dying: the exception unwinds, the caller catches it, the program
  // goes on, and the listener ran under mu_.
  void add_or_throw(int id) {
    std::lock_guard<std::mutex> lock(mu_);
    if (id < 0) {
      listener_->on_error("negative id");  // expect: concur-locked-callback
      throw std::invalid_argument("negative id");
    }
    ids_ += id;
  }

  // positive: an error that is only logged; the program goes on.
  void add_or_warn(int id) {
    std::lock_guard<std::mutex> lock(mu_);
    if (id < 0) fatal_("negative id (ignored)");  // expect: concur-locked-callback
    ids_ += id;
  }

private:
  std::mutex mu_;
  ErrorListener* listener_ = nullptr;
  std::function<void(const std::string&)> fatal_;
  int ids_ = 0;
};

void crash(const char* why) {
  std::fputs(why, stderr);
  std::abort();
}

}  // namespace fatal_paths

// Faraday's `@middleware_mutex ||= Monitor.new`, in C++: the mutex that is
// supposed to serialize building the middleware stack is itself created
// lazily, without synchronization.
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace faraday {

class RackBuilder {
 public:
  using Handler = std::function<std::string(const std::string&)>;

  // positive: two threads see middleware_mutex_ null, each creates one, and
  // each locks its own mutex; the handlers_ vector is then built twice at once.
  void Use(Handler handler) {
    if (!middleware_mutex_) {
      middleware_mutex_ = std::make_unique<std::mutex>();  // expect: concur-racy-lazy-init
    }
    std::lock_guard<std::mutex> lock(*middleware_mutex_);
    handlers_.push_back(std::move(handler));
  }

 private:
  std::unique_ptr<std::mutex> middleware_mutex_;
  std::vector<Handler> handlers_;
};

class FixedRackBuilder {
 public:
  using Handler = std::function<std::string(const std::string&)>;

  // negative: the mutex is a plain member, constructed with the object.
  void Use(Handler handler) {
    std::lock_guard<std::mutex> lock(middleware_mutex_);
    handlers_.push_back(std::move(handler));
  }

 private:
  std::mutex middleware_mutex_;
  std::vector<Handler> handlers_;
};

class OnceRackBuilder {
 public:
  // negative: the lazy creation runs inside std::call_once.
  std::mutex& Mutex() {
    std::call_once(created_, [this] {
      if (!middleware_mutex_) middleware_mutex_ = std::make_unique<std::mutex>();
    });
    return *middleware_mutex_;
  }

 private:
  std::once_flag created_;
  std::unique_ptr<std::mutex> middleware_mutex_;
};

}  // namespace faraday

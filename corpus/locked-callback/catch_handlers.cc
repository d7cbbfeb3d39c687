// A `catch` handler inside a critical section runs with the locks held when
// its `try` began: a guard made before the `try` is still held there, one
// made inside the `try` body is destroyed by the unwinding before the handler
// runs. (Clang's CFG leaves handlers unreachable without exception edges.)
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace catch_handlers {

int Parse(const std::string& line) {
  if (line.empty()) throw std::invalid_argument("empty line");
  return static_cast<int>(line.size());
}

class Importer {
 public:
  void SetOnError(std::function<void(const std::string&, const char*)> f) {
    std::lock_guard<std::mutex> hold(mu_);
    on_error_ = std::move(f);
  }

  int Count() {
    std::lock_guard<std::mutex> hold(mu_);
    return total_;
  }

  // positive: the handler runs inside the guard's scope, under mu_.
  void Import(const std::vector<std::string>& lines) {
    std::lock_guard<std::mutex> hold(mu_);
    for (const std::string& line : lines) {
      try {
        total_ += Parse(line);
      } catch (const std::invalid_argument& e) {
        if (on_error_) on_error_(line, e.what());  // expect: concur-locked-callback
      }
    }
  }

  // positive: a handler that calls this object's locking accessor under the same guard.
  int ImportCounted(const std::string& line) {
    std::lock_guard<std::mutex> hold(mu_);
    try {
      total_ += Parse(line);
    } catch (...) {
      return Count();  // expect: concur-self-deadlock
    }
    return total_;
  }

  // negative: the guard lives inside the try body; the unwinding releases it first.
  void ImportOne(const std::string& line) {
    try {
      std::lock_guard<std::mutex> hold(mu_);
      total_ += Parse(line);
    } catch (const std::invalid_argument& e) {
      if (on_error_) on_error_(line, e.what());
    }
  }

  // negative: the try is outside any lock; the lock is taken after it.
  void ImportThenAdd(const std::string& line) {
    int add = 0;
    try {
      add = Parse(line);
    } catch (const std::invalid_argument& e) {
      if (on_error_) on_error_(line, e.what());
      return;
    }
    std::lock_guard<std::mutex> hold(mu_);
    total_ += add;
  }

  // negative: the unique_lock is given back before the try.
  void ImportUnlocked(const std::string& line) {
    std::unique_lock<std::mutex> lock(mu_);
    auto sink = on_error_;
    lock.unlock();
    try {
      const int add = Parse(line);
      lock.lock();
      total_ += add;
      lock.unlock();
    } catch (const std::invalid_argument& e) {
      if (sink) sink(line, e.what());
    }
  }

 private:
  std::mutex mu_;
  std::function<void(const std::string&, const char*)> on_error_;
  int total_ = 0;
};

// A connection loop (poco's HTTPServerConnection::run): a guard inside an
// outer try, a handler call inside an inner try. An exception that leaves the
// inner try skips the guard's end, and the next round's guard must still take
// the lock.
struct RequestHandler {
  virtual ~RequestHandler() = default;
  virtual void Handle(int request) = 0;
};

class Connection {
 public:
  void SetHandler(RequestHandler* handler) {
    std::lock_guard<std::mutex> hold(mu_);
    handler_ = handler;
  }
  void Stop() {
    std::lock_guard<std::mutex> hold(mu_);
    stopped_ = true;
  }

  // positive: the handler runs under mu_ in every round of the loop.
  void Run(int rounds) {
    for (int request = 0; request < rounds && !stopped_; ++request) {
      try {
        std::lock_guard<std::mutex> lock(mu_);
        if (stopped_ || !handler_) continue;
        try {
          handler_->Handle(request);  // expect: concur-locked-callback
        } catch (const std::runtime_error&) {
          ++failures_;
        }
      } catch (const std::exception&) {
        ++failures_;
      }
    }
  }

 private:
  std::mutex mu_;
  RequestHandler* handler_ = nullptr;
  bool stopped_ = false;
  int failures_ = 0;
};

}  // namespace catch_handlers

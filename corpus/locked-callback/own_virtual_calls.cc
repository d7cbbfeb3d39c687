// A class that calls its own virtual method (`close ()` in its own `Terminate`) notifies no
// listener, even when its name says "listener" (a socket listener, zeromq's
// stream_listener_base_t): the overrides it reaches are the project's own code, followed like any
// other. Notifying another object named like a listener, and a template method whose hook no class
// of the project implements (the users do), stay callbacks.
#include <mutex>
#include <vector>

namespace own_virtual_calls {

class StreamListenerBase {
 public:
  virtual ~StreamListenerBase() = default;
  void Terminate() { close(); }
  void TerminateExplicitly() { this->close(); }
  virtual void close() = 0;
};

class TcpListener : public StreamListenerBase {
 public:
  void close() override {
    std::lock_guard<std::mutex> lock(fd_mu_);
    fd_ = -1;
  }

 private:
  std::mutex fd_mu_;
  int fd_ = 0;
};

class Acceptor {
 public:
  // negative: Terminate calls the listener's own close(); TcpListener::close takes only its own lock.
  void Shutdown() {
    std::lock_guard<std::mutex> lock(mu_);
    for (StreamListenerBase* listener : listeners_) listener->Terminate();
  }

  // negative: the same through `this->close ()`.
  void ShutdownExplicitly() {
    std::lock_guard<std::mutex> lock(mu_);
    for (StreamListenerBase* listener : listeners_) listener->TerminateExplicitly();
  }

  // positive: the acceptor itself calls each listener's virtual close(), whose override takes a lock.
  void CloseAll() {
    std::lock_guard<std::mutex> lock(mu_);
    for (StreamListenerBase* listener : listeners_) listener->close();  // expect: concur-locked-callback
  }

  void Add(StreamListenerBase* listener) {
    std::lock_guard<std::mutex> lock(mu_);
    listeners_.push_back(listener);
  }

 private:
  std::mutex mu_;
  std::vector<StreamListenerBase*> listeners_;
};

// A hook the library's users implement: no class of the project overrides OnEvent.
class EventListener {
 public:
  virtual ~EventListener() = default;
  void Dispatch(int event) { OnEvent(event); }
  virtual void OnEvent(int event) = 0;
};

class Bus {
 public:
  // positive: Dispatch runs the user's OnEvent, a call on the listener's own `this`, under mu_.
  void Publish(int event) {
    std::lock_guard<std::mutex> lock(mu_);
    if (listener_) listener_->Dispatch(event);  // expect: concur-locked-callback
  }

  void Attach(EventListener* listener) {
    std::lock_guard<std::mutex> lock(mu_);
    listener_ = listener;
  }

 private:
  std::mutex mu_;
  EventListener* listener_ = nullptr;
};

}  // namespace own_virtual_calls

// A pointer to member of a class can only point to a method of that class (or of its bases) with
// the pointer's type. When the project defines the class, those methods are all a call through it
// can run: a message that picks its own send method (glog's LogMessage::send_method_) runs its
// own code, while a method that calls the program's hook is foreign, and is named in the chain.
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace member_pointers {

std::function<void()> user_hook;  // the program's hook: any code

class Message {
 public:
  explicit Message(bool to_sink) : send_(to_sink ? &Message::SendToSink : &Message::SendToLog) {}
  Message(int, void (Message::*send)()) : send_(send) {}
  // negative: send_ is SendToLog or SendToSink, the class's own methods.
  void Flush() {
    std::lock_guard<std::mutex> lock(mu_);
    (this->*send_)();
  }
  void SendToLog() { ++lines_; }
  void SendToSink() { ++lines_; }

 private:
  void (Message::*send_)();
  std::mutex mu_;
  int lines_ = 0;
};

class Notifier {
 public:
  explicit Notifier(void (Notifier::*on_fire)()) : on_fire_(on_fire) {}
  // positive: on_fire_ may be Tell, which runs the program's hook under mu_.
  void Fire() {
    std::lock_guard<std::mutex> lock(mu_);
    (this->*on_fire_)();  // expect: concur-locked-callback
  }
  void Quiet() {}
  void Tell() {
    if (user_hook) user_hook();
  }

 private:
  void (Notifier::*on_fire_)();
  std::mutex mu_;
};

// A pointer to member handed in by the caller: whoever calls, it points to one of the class's
// own methods of that type, so those methods decide, also when the caller is outside the project.
class Tally {
 public:
  // negative: `which` is one of Tally's `void ()` methods, and each only counts.
  void Record(void (Tally::*which)()) {
    std::lock_guard<std::mutex> lock(mu_);
    (this->*which)();
  }
  void Sent() { ++sent_; }
  void Dropped() { ++dropped_; }

 private:
  std::mutex mu_;
  long sent_ = 0;
  long dropped_ = 0;
};

class Relay {
 public:
  void SetSink(std::function<void()> sink) { sink_ = std::move(sink); }
  // positive: `step` may be Forward, which runs the sink a public setter stored, under mu_.
  void Apply(void (Relay::*step)()) {
    std::lock_guard<std::mutex> lock(mu_);
    (this->*step)();  // expect: concur-locked-callback
  }
  void Forward() {
    if (sink_) sink_();
  }
  void Skip() { ++skipped_; }

 private:
  std::function<void()> sink_;
  std::mutex mu_;
  int skipped_ = 0;
};

template <class T>
class Gauge {
 public:
  // negative: in each instantiation `pick` is one of Gauge<T>'s own `void (T)` methods.
  void Update(void (Gauge::*pick)(T), T value) {
    std::lock_guard<std::mutex> lock(mu_);
    (this->*pick)(value);
  }
  void Set(T value) { value_ = value; }
  void Add(T value) { value_ += value; }

 private:
  std::mutex mu_;
  T value_{};
};

void UpdateGauges(Gauge<int>& g, Gauge<double>& h) {
  g.Update(&Gauge<int>::Add, 1);
  h.Update(&Gauge<double>::Set, 2.5);
}

// poco's AbstractSessionImpl<C>: a table of pointers to the derived class's getters, called under
// the table's lock. Their type also matches the abstract base's own `Get`, which is pure virtual:
// a pointer to it runs one of its overrides, the table's own `Get`.
class Settings {
 public:
  virtual ~Settings() = default;
  virtual int Get(const std::string& name) = 0;
};

template <class C>
class PropertyTable : public Settings {
 public:
  using Getter = int (C::*)(const std::string&);
  // negative: every getter is one of Limits' own methods (or Get itself).
  int Get(const std::string& name) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = getters_.find(name);
    return it == getters_.end() ? 0 : (static_cast<C*>(this)->*it->second)(name);
  }

 protected:
  void Add(const std::string& name, Getter getter) { getters_[name] = getter; }

 private:
  std::mutex mu_;
  std::map<std::string, Getter> getters_;
};

class Limits : public PropertyTable<Limits> {
 public:
  Limits() {
    Add("max", &Limits::Max);
    Add("min", &Limits::Min);
  }
  int Max(const std::string&) { return max_; }
  int Min(const std::string&) { return 0; }

 private:
  int max_ = 10;
};

// absl::Condition's shape: a const method kept as a pointer to a non-const one, cast back and
// called by a template instantiated for the class. The class's methods with that signature,
// whatever their const qualifier, are what it can run.
class Condition {
 public:
  template <class T>
  Condition(const T* object, bool (T::*method)() const)
      : eval_(&CallMethod<T>), method_(reinterpret_cast<Method>(method)), object_(object) {}
  bool Eval() const { return eval_(this); }

 private:
  using Method = bool (Condition::*)();
  template <class T>
  static bool CallMethod(const Condition* c) {
    using Typed = bool (T::*)();
    Typed typed = reinterpret_cast<Typed>(c->method_);
    return (const_cast<T*>(static_cast<const T*>(c->object_))->*typed)();
  }
  bool (*eval_)(const Condition*);
  Method method_;
  const void* object_;
};

class WorkQueue {
 public:
  // negative: the condition runs WorkQueue::HasWork, the queue's own const method.
  void WaitForWork() {
    std::lock_guard<std::mutex> lock(mu_);
    Condition ready(this, &WorkQueue::HasWork);
    while (!ready.Eval()) {
    }
  }

 private:
  bool HasWork() const { return pending_ > 0; }
  std::mutex mu_;
  int pending_ = 0;
};

// A pointer to member of a template parameter (zeromq's CRTP decoders): in the template as
// written its class is not known yet. concur 0.1's v7 build crashed on this shape.
template <class T>
class Stepper {
 protected:
  typedef int (T::*Step)(int);
  // negative: no lock is held.
  int Advance(int input) { return (static_cast<T*>(this)->*next_)(input); }
  Step next_ = nullptr;
};

class Parser : public Stepper<Parser> {
 public:
  Parser() { next_ = &Parser::Header; }
  int Feed(int input) { return Advance(input); }

 private:
  int Header(int input) { return input; }
};

}  // namespace member_pointers

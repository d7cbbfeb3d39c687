// A class template whose specialization the project constructs only inside
// the standard library (`std::make_unique<Forwarding<Msg>> (...)`): its
// virtual methods run all the same, and a call through the base under a
// lock reaches them.
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace made_by_library {

template <class M>
class Behavior {
 public:
  virtual ~Behavior() = default;
  virtual void Receive(M& message) = 0;
};

// Hands every message to a function its users give the public constructor.
template <class M>
class Forwarding : public Behavior<M> {
 public:
  explicit Forwarding(std::function<void(M&)> fn) : fn_(std::move(fn)) {}
  void Receive(M& message) override { fn_(message); }

 private:
  std::function<void(M&)> fn_;
};

// Only counts.
template <class M>
class Counting : public Behavior<M> {
 public:
  void Receive(M&) override { ++count_; }

 private:
  int count_ = 0;
};

template <class M>
class Actor {
 public:
  explicit Actor(std::unique_ptr<Behavior<M>> behavior) : behavior_(std::move(behavior)) {}

  // positive: an override made by make_unique runs the users' function under mu_.
  void Deliver(M& message) {
    std::lock_guard<std::mutex> hold(mu_);
    behavior_->Receive(message);  // expect: concur-locked-callback
  }

  // negative: the same call after the lock is released.
  void DeliverUnlocked(M& message) {
    {
      std::lock_guard<std::mutex> hold(mu_);
      ++delivered_;
    }
    behavior_->Receive(message);
  }

 private:
  std::mutex mu_;
  int delivered_ = 0;
  std::unique_ptr<Behavior<M>> behavior_;
};

// negative: a tally whose only override counts, also made by make_shared.
template <class M>
class Tally {
 public:
  void Add(M& message) {
    std::lock_guard<std::mutex> hold(mu_);
    counter_->Receive(message);
  }

 private:
  std::mutex mu_;
  std::shared_ptr<Counting<M>> counter_ = std::make_shared<Counting<M>>();
};

struct Msg {
  int id = 0;
};

void run() {
  Actor<Msg> actor(std::make_unique<Forwarding<Msg>>([](Msg& m) { ++m.id; }));
  Msg m;
  actor.Deliver(m);
  actor.DeliverUnlocked(m);
  Tally<Msg> tally;
  tally.Add(m);
}

}  // namespace made_by_library

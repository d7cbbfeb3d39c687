// Containers of records that hold a callable (a transition table of structs
// with an action, a command list of {name, handler}) in a container the class
// keeps private: what the elements' callable fields hold is what the class
// puts in, field by field, whether it builds the record with braces, a
// constructor call or a field assignment.
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace callable_records {

class Machine {
public:
  Machine() {
    table_[0] = {1, [this] { ++entered_; }};
    table_.emplace(1, Transition{0, [this] { entered_ = 0; }});
    table_.insert({2, Transition{0, [this] { --entered_; }}});
    table_[3].action = [this] { entered_ += 2; };
  }

  // negative: every action in the table is one of the constructor's lambdas.
  void Fire() {
    std::lock_guard<std::mutex> hold(mu_);
    auto it = table_.find(state_);
    if (it == table_.end()) return;
    state_ = it->second.next;
    it->second.action();
  }

  // negative: the same table reached with at() and a range-for.
  void Replay() {
    std::lock_guard<std::mutex> hold(mu_);
    table_.at(state_).action();
    for (auto& [state, transition] : table_) transition.action();
  }

private:
  struct Transition {
    int next = 0;
    std::function<void()> action;
  };
  std::mutex mu_;
  std::map<int, Transition> table_;
  int state_ = 0;
  int entered_ = 0;
};

class Console {
public:
  Console() {
    commands_.push_back({"help", [this] { ++shown_; }});
    commands_.emplace_back(Command{"quit", [this] { quit_ = true; }});
  }

  // positive: a public method puts its caller's handler into the record.
  void Add(std::string name, std::function<void()> handler) {
    std::lock_guard<std::mutex> hold(mu_);
    commands_.push_back({std::move(name), std::move(handler)});
  }

  void Run(const std::string& line) {
    std::lock_guard<std::mutex> hold(mu_);
    for (const Command& command : commands_)
      if (command.name == line) command.run();  // expect: concur-locked-callback
  }

private:
  struct Command {
    std::string name;
    std::function<void()> run;
  };
  std::mutex mu_;
  std::vector<Command> commands_;
  int shown_ = 0;
  bool quit_ = false;
};

class Router {
public:
  Router() { routes_["/"] = Route{200, [this](int code) { last_ = code; }}; }

  // positive: a public method assigns a field of a record in place.
  void On(const std::string& path, std::function<void(int)> handler) {
    std::lock_guard<std::mutex> hold(mu_);
    routes_[path].reply = std::move(handler);
  }

  void Serve(const std::string& path) {
    std::lock_guard<std::mutex> hold(mu_);
    auto found = routes_.find(path);
    if (found != routes_.end()) found->second.reply(found->second.status);  // expect: concur-locked-callback
  }

private:
  struct Route {
    int status = 200;
    std::function<void(int)> reply;
  };
  std::mutex mu_;
  std::unordered_map<std::string, Route> routes_;
  int last_ = 0;
};

// A record type anyone can name: users build the records, so what they hold is
// not the class's to say.
struct Step {
  const char* name;
  std::function<void()> run;
};

class Pipeline {
public:
  explicit Pipeline(std::vector<Step> steps) : steps_(std::move(steps)) {}

  // positive: the steps came from the public constructor's caller.
  void RunAll() {
    std::lock_guard<std::mutex> hold(mu_);
    for (Step& step : steps_) step.run();  // expect: concur-locked-callback
  }

private:
  std::mutex mu_;
  std::vector<Step> steps_;
};

class Scheduler {
public:
  Scheduler() {
    jobs_.emplace_back([this] { ++ran_; });
    jobs_.push_back(Job([this] { ran_ = 0; }));
  }

  // negative: the record's own constructor stores its argument, and the
  // class only ever passes its own lambdas (also through emplace_back).
  void Tick() {
    std::lock_guard<std::mutex> hold(mu_);
    for (Job& job : jobs_) job.work();
  }

private:
  struct Job {
    explicit Job(std::function<void()> w) : work(std::move(w)) {}
    std::function<void()> work;
  };
  std::mutex mu_;
  std::vector<Job> jobs_;
  int ran_ = 0;
};

class Queue {
public:
  // positive: the record is built from the caller's callable by its constructor.
  void Post(std::function<void()> w) {
    std::lock_guard<std::mutex> hold(mu_);
    jobs_.emplace_back(std::move(w));
  }

  void Drain() {
    std::lock_guard<std::mutex> hold(mu_);
    for (Job& job : jobs_) job.work();  // expect: concur-locked-callback
  }

private:
  struct Job {
    explicit Job(std::function<void()> w) : work(std::move(w)) {}
    std::function<void()> work;
  };
  std::mutex mu_;
  std::vector<Job> jobs_;
};

class Opcodes {
public:
  Opcodes() {
    ops_.push_back({"inc", &Inc});
    Op dec{"dec", &Dec};
    ops_.push_back(dec);
  }

  // negative: a table of function pointers in records only the class builds.
  void Apply(int& value) {
    std::lock_guard<std::mutex> hold(mu_);
    for (const Op& op : ops_) op.fn(value);
  }

private:
  static void Inc(int& v) { ++v; }
  static void Dec(int& v) { --v; }
  struct Op {
    const char* name;
    void (*fn)(int&);
  };
  std::mutex mu_;
  std::vector<Op> ops_;
};

class Filters {
public:
  // positive: a local record filled field by field from the caller's callable.
  void Add(std::function<void(int&)> apply) {
    Filter filter;
    filter.apply = std::move(apply);
    std::lock_guard<std::mutex> hold(mu_);
    filters_.push_back(std::move(filter));
  }

  void Apply(std::vector<int>& values) {
    std::lock_guard<std::mutex> hold(mu_);
    for (Filter& filter : filters_)
      for (int& value : values) filter.apply(value);  // expect: concur-locked-callback
  }

private:
  struct Filter {
    int hits = 0;
    std::function<void(int&)> apply;
  };
  std::mutex mu_;
  std::vector<Filter> filters_;
};

class Mailbox {
public:
  void Post(std::function<void()> w) {
    std::lock_guard<std::mutex> hold(mu_);
    letters_.push_back({++sent_, std::move(w)});
  }

  // negative: the record is taken out under the lock and run after it.
  void DeliverOne() {
    Letter letter;
    {
      std::lock_guard<std::mutex> hold(mu_);
      if (letters_.empty()) return;
      letter = std::move(letters_.front());
      letters_.erase(letters_.begin());
    }
    letter.deliver();
  }

private:
  struct Letter {
    int id = 0;
    std::function<void()> deliver;
  };
  std::mutex mu_;
  std::vector<Letter> letters_;
  int sent_ = 0;
};

}  // namespace callable_records

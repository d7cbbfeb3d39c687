// concur-locked-callback: a lambda handed to a standard algorithm runs inside
// the call, with values the algorithm takes from the range. The fact: "a
// callable parameter of a function the project hands to a library function is
// filled by that library", so calling it runs whatever the range holds; a
// generic lambda is judged by the instantiation the call makes. A stored
// callable handed to the algorithm is called there, unless it only answers
// (a comparator).
#include <algorithm>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace algorithms {

class Topic {
 public:
  using Subscriber = std::function<void(const std::string&)>;

  void Subscribe(Subscriber subscriber) {
    std::lock_guard<std::mutex> lock(mu_);
    subscribers_.push_back(std::move(subscriber));
  }

  // positive: a generic lambda handed to std::for_each calls each stored subscriber under mu_.
  void Publish(const std::string& message) {
    std::lock_guard<std::mutex> lock(mu_);
    std::for_each(subscribers_.begin(), subscribers_.end(), [&](auto& deliver) { deliver(message); });  // expect: concur-locked-callback
  }

  // positive: the same with a lambda whose parameter is the std::function itself.
  void Broadcast(const std::string& message) {
    std::unique_lock<std::mutex> lock(mu_);
    std::for_each(subscribers_.cbegin(), subscribers_.cend(), [&message](const Subscriber& s) { s(message); });  // expect: concur-locked-callback
  }

  // positive: a local lambda called with each element calls it under mu_.
  void Replay(const std::string& message) {
    std::lock_guard<std::mutex> lock(mu_);
    auto send = [&message](const Subscriber& to) { to(message); };
    for (const Subscriber& subscriber : subscribers_) send(subscriber);  // expect: concur-locked-callback
  }

  void OnEach(std::function<void(std::string&)> visit) {
    std::lock_guard<std::mutex> lock(mu_);
    visit_ = std::move(visit);
  }

  // positive: the stored visitor, a copy of which std::for_each calls on each entry under mu_.
  void VisitHistory() {
    std::lock_guard<std::mutex> lock(mu_);
    std::for_each(history_.begin(), history_.end(), visit_);  // expect: concur-locked-callback
  }

  void OrderBy(std::function<bool(const std::string&, const std::string&)> less) {
    std::lock_guard<std::mutex> lock(mu_);
    less_ = std::move(less);
  }

  // negative: a stored comparator only answers; std::sort runs it under the lock by contract.
  void Order() {
    std::lock_guard<std::mutex> lock(mu_);
    std::sort(history_.begin(), history_.end(), less_);
  }

  // negative: the algorithm's lambda takes strings, not callables.
  size_t Longest() {
    std::lock_guard<std::mutex> lock(mu_);
    size_t longest = 0;
    std::for_each(history_.begin(), history_.end(), [&](const std::string& m) { longest = std::max(longest, m.size()); });
    return longest;
  }

  // negative: the subscribers are copied under the lock and called after it.
  void PublishLater(const std::string& message) {
    std::vector<Subscriber> copy;
    {
      std::lock_guard<std::mutex> lock(mu_);
      copy = subscribers_;
    }
    std::for_each(copy.begin(), copy.end(), [&](auto& deliver) { deliver(message); });
  }

  // negative: a comparator only answers a question.
  void SortHistory() {
    std::lock_guard<std::mutex> lock(mu_);
    std::sort(history_.begin(), history_.end(), [](const std::string& a, const std::string& b) { return a.size() < b.size(); });
  }

  // negative: the local lambda is called with the class's own function.
  void Audit() {
    std::lock_guard<std::mutex> lock(mu_);
    auto run = [this](void (*step)(std::vector<std::string>&)) { step(history_); };
    run(&Topic::Trim);
  }

 private:
  static void Trim(std::vector<std::string>& history) {
    if (history.size() > 100) history.erase(history.begin());
  }

  std::mutex mu_;
  std::vector<Subscriber> subscribers_;
  std::vector<std::string> history_;
  std::function<void(std::string&)> visit_;
  std::function<bool(const std::string&, const std::string&)> less_;
};

}  // namespace algorithms

// std::make_unique, std::make_shared and emplace_back run the project's
// constructor with the arguments they forward: a constructor that calls the
// callable it is given runs it under the caller's lock, as `new Job (fn)` does.
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace forwarded {

class Job {
public:
  // Starts right away: the callable runs inside the constructor.
  explicit Job(std::function<void()> start) { start(); }
};

class Scheduler {
public:
  // positive: make_unique runs Job's constructor, which runs the user's start under mu_.
  void Add(std::function<void()> start) {
    std::lock_guard<std::mutex> lock(mu_);
    jobs_.push_back(std::make_unique<Job>(std::move(start)));  // expect: concur-locked-callback
  }

  // positive: the same through make_shared.
  void Share(std::function<void()> start) {
    std::lock_guard<std::mutex> lock(mu_);
    shared_.push_back(std::make_shared<Job>(std::move(start)));  // expect: concur-locked-callback
  }

  // positive: emplace_back constructs the Job in place, with the user's start.
  void Emplace(std::function<void()> start) {
    std::lock_guard<std::mutex> lock(mu_);
    inline_.emplace_back(std::move(start));  // expect: concur-locked-callback
  }

  // negative: the Scheduler's own lambda is what Job's constructor runs.
  void AddHeartbeat() {
    std::lock_guard<std::mutex> lock(mu_);
    jobs_.push_back(std::make_unique<Job>([] {}));
  }

  // negative: made before the lock is taken.
  void AddLater(std::function<void()> start) {
    auto job = std::make_unique<Job>(std::move(start));
    std::lock_guard<std::mutex> lock(mu_);
    jobs_.push_back(std::move(job));
  }

private:
  std::mutex mu_;
  std::vector<std::unique_ptr<Job>> jobs_;
  std::vector<std::shared_ptr<Job>> shared_;
  std::vector<Job> inline_;
};

}  // namespace forwarded

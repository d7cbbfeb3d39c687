// concur-locked-callback: a private callable member set by its in-class
// initializer (`std::function<void (long)> on_tick_ = [this] (long n) { ... };`)
// holds what that initializer stores, in every constructor that does not
// set it itself, the ones the compiler writes too.
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace ici {

void CountTicks(long n);

// Only the class's own lambda, through the constructor the compiler writes.
class TickSource {
 public:
  void Tick();

 private:
  std::mutex mu_;
  long ticks_ = 0;
  long last_ = 0;
  std::function<void(long)> on_tick_ = [this](long n) { last_ = n; };
};

// negative: on_tick_ is the class's own lambda, which only stores a number.
void TickSource::Tick() {
  std::lock_guard<std::mutex> hold(mu_);
  ++ticks_;
  if (on_tick_) on_tick_(ticks_);
}

// A written constructor that leaves the member to its in-class initializer.
class Meter {
 public:
  explicit Meter(std::string name) : name_(std::move(name)) {}
  void Record(long value);

 private:
  std::mutex mu_;
  std::string name_;
  long total_ = 0;
  void (*report_)(long) = &CountTicks;
};

// negative: report_ is CountTicks, a function of the project that takes no lock.
void Meter::Record(long value) {
  std::lock_guard<std::mutex> hold(mu_);
  total_ += value;
  report_(total_);
}

// The in-class initializer is a default; the public constructor replaces it.
class Sampler {
 public:
  Sampler() = default;
  explicit Sampler(std::function<void(long)> on_sample) : on_sample_(std::move(on_sample)) {}
  void Sample(long value);

 private:
  std::mutex mu_;
  long count_ = 0;
  std::function<void(long)> on_sample_ = [](long) {};
};

// positive: a user of the public constructor passes any code.
void Sampler::Sample(long value) {
  std::lock_guard<std::mutex> hold(mu_);
  count_ += value;
  on_sample_(count_);  // expect: concur-locked-callback
}

// The in-class initializer is a default; a public setter replaces it.
class Listeners {
 public:
  void SetOnEmpty(std::function<void()> on_empty) {
    std::lock_guard<std::mutex> hold(mu_);
    on_empty_ = std::move(on_empty);
  }
  void Remove(int id);

 private:
  std::mutex mu_;
  std::vector<int> ids_;
  std::function<void()> on_empty_ = [] {};
};

// positive: SetOnEmpty is public, so on_empty_ may hold any code.
void Listeners::Remove(int id) {
  std::lock_guard<std::mutex> hold(mu_);
  std::erase(ids_, id);
  if (ids_.empty()) on_empty_();  // expect: concur-locked-callback
}

long g_counted = 0;
void CountTicks(long n) { g_counted += n; }

void UseAll() {
  TickSource source;
  source.Tick();
  Meter meter("requests");
  meter.Record(1);
  Sampler sampler;
  sampler.Sample(2);
  Listeners listeners;
  listeners.Remove(3);
}

}  // namespace ici

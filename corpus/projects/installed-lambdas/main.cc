// A program installs its own lambdas as an object's callbacks; the object runs them under its
// lock. A lambda that reaches the object through what it captures (`[&self]`, `[&cache]`)
// and calls a method taking the same lock deadlocks there, directly or through a helper of
// the class; one that takes no lock, or only another class's, does not.
#include <cstdio>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>

class Fetcher {
public:
  using Progress = std::function<void(const std::string&, int)>;

  explicit Fetcher(Progress progress) : progress_(std::move(progress)) {}

  int InFlight() const {
    std::lock_guard<std::mutex> guard(mu_);
    return in_flight_;
  }

  // positive: progress_ holds main's lambda, which calls InFlight on this fetcher.
  void Start(const std::string& url) {
    std::lock_guard<std::mutex> guard(mu_);
    ++in_flight_;
    progress_(url, 0);  // expect: concur-locked-callback
  }

  // positive: through a helper of the class.
  void Finish(const std::string& url) {
    std::lock_guard<std::mutex> guard(mu_);
    --in_flight_;
    Report(url, 100);  // expect: concur-locked-callback
  }

  // negative: the progress callback runs after the lock is released.
  void Retry(const std::string& url) {
    {
      std::lock_guard<std::mutex> guard(mu_);
      ++retries_;
    }
    progress_(url, -1);
  }

private:
  void Report(const std::string& url, int percent) { progress_(url, percent); }

  mutable std::mutex mu_;
  int in_flight_ = 0;
  int retries_ = 0;
  Progress progress_;
};

class Cache {
public:
  using Loaded = std::function<void(const std::string&)>;

  void OnLoaded(Loaded loaded) {
    std::lock_guard<std::mutex> guard(mu_);
    loaded_ = std::move(loaded);
  }

  // negative: the lambda installed here only prints.
  void Put(const std::string& key, int value) {
    std::lock_guard<std::mutex> guard(mu_);
    entries_[key] = value;
    if (loaded_) loaded_(key);
  }

private:
  std::mutex mu_;
  std::map<std::string, int> entries_;
  Loaded loaded_;
};

class Journal {
public:
  using Hook = std::function<void(int)>;

  explicit Journal(Hook hook) : hook_(std::move(hook)) {}

  // negative: the lambda locks the fetcher, a lock of another class.
  void Append(int entry) {
    std::lock_guard<std::mutex> guard(mu_);
    last_ = entry;
    hook_(entry);
  }

private:
  std::mutex mu_;
  int last_ = 0;
  Hook hook_;
};

int main() {
  Fetcher* self = nullptr;
  Fetcher fetcher([&self](const std::string& url, int percent) {
    std::printf("%s %d%% (%d in flight)\n", url.c_str(), percent, self->InFlight());
  });
  self = &fetcher;

  Cache cache;
  cache.OnLoaded([](const std::string& key) { std::printf("loaded %s\n", key.c_str()); });

  Journal journal([&fetcher](int entry) { std::printf("%d: %d\n", entry, fetcher.InFlight()); });

  fetcher.Start("https://example.org/");
  fetcher.Finish("https://example.org/");
  fetcher.Retry("https://example.org/");
  cache.Put("a", 1);
  journal.Append(1);
  return 0;
}

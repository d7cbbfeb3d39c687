// A guard made with std::defer_lock takes its mutex where its own lock () runs: on every path
// of the callee, or on the paths a flag of the callee's caller decides.
#include <map>
#include <mutex>
#include <string>

class Gauges {
public:
  double Read(const std::string& name) {
    std::unique_lock<std::mutex> lk(mu_, std::defer_lock);
    lk.lock();
    auto it = values_.find(name);
    return it == values_.end() ? 0.0 : it->second;
  }

  double Get(const std::string& name, bool have_lock = false) {
    std::unique_lock<std::mutex> lk(mu_, std::defer_lock);
    if (!have_lock) lk.lock();
    auto it = values_.find(name);
    return it == values_.end() ? 0.0 : it->second;
  }

  double Peek(const std::string& name) {
    std::unique_lock<std::mutex> lk(mu_, std::defer_lock);
    if (!lk.try_lock()) return -1.0;
    auto it = values_.find(name);
    return it == values_.end() ? 0.0 : it->second;
  }

  // positive: Read's deferred guard locks mu_ on every path.
  double Sum(const std::string& a, const std::string& b) {
    std::lock_guard<std::mutex> guard(mu_);
    return values_[a] + Read(b);  // expect: concur-self-deadlock
  }

  // negative: have_lock = true: Get does not lock mu_ again.
  double Ratio(const std::string& num, const std::string& den) {
    std::lock_guard<std::mutex> guard(mu_);
    double n = Get(num, true);
    double d = Get(den, true);
    return d == 0.0 ? 0.0 : n / d;
  }

  // positive: the default have_lock = false makes Get lock mu_ again.
  double Delta(const std::string& a, const std::string& b) {
    std::lock_guard<std::mutex> guard(mu_);
    return values_[a] - Get(b);  // expect: concur-self-deadlock
  }

  // negative: a try-lock gives up instead of waiting.
  double Probe(const std::string& name) {
    std::lock_guard<std::mutex> guard(mu_);
    return Peek(name);
  }

  // negative: nothing held; Get and Read take the lock themselves.
  double Both(const std::string& name) { return Get(name) + Read(name); }

private:
  std::mutex mu_;
  std::map<std::string, double> values_;
};

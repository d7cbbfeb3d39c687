// The money gem's bank rate store: a process-wide table of exchange rates
// written from request threads without a lock.
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace money {

std::map<std::string, double> g_rates;

// positive: operator[] on a shared std::map from any thread corrupts the tree.
void add_rate(const std::string& from, const std::string& to, double rate) {
  g_rates[from + "_TO_" + to] = rate;  // expect: concur-shared-global-cache
}

// positive: check-then-act; two threads can both miss and both insert.
double get_rate(const std::string& from, const std::string& to) {
  const std::string key = from + "_TO_" + to;
  auto it = g_rates.find(key);
  if (it != g_rates.end()) return it->second;
  g_rates.emplace(key, 1.0);  // expect: concur-shared-global-cache
  return 1.0;
}

// negative: reads only.
std::optional<double> peek_rate(const std::string& key) {
  auto it = g_rates.find(key);
  if (it == g_rates.end()) return std::nullopt;
  return it->second;
}

class SafeBank {
 public:
  // negative: the store has its own mutex, held for every access.
  void add_rate(const std::string& key, double rate) {
    std::lock_guard<std::mutex> lock(mutex_);
    rates_[key] = rate;
  }
  double get_rate(const std::string& key) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto [it, inserted] = rates_.try_emplace(key, 1.0);
    return it->second;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, double> rates_;
};

}  // namespace money

// A map whose entries are read through a callable run under the lock: an
// accessor, not a callback site, as long as every caller passes its own
// harmless lambda. Callers whose lambda runs foreign code or locks again
// are reported where they call.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace store {

class Store {
 public:
  template <class F>
  bool with_entry(const std::string& key, F f) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return false;
    f(it->second);
    return true;
  }
  void Put(const std::string& key, int value) {
    std::lock_guard<std::mutex> lock(mu_);
    entries_[key] = value;
  }

 private:
  mutable std::mutex mu_;
  std::map<std::string, int> entries_;
};

}  // namespace store

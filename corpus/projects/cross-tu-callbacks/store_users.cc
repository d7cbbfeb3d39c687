#include "store.h"

namespace store {

// negative: the caller's lambda only reads the entry.
int ValueOf(const Store& s, const std::string& key) {
  int out = -1;
  s.with_entry(key, [&](int v) { out = v; });
  return out;
}

// negative: another caller, another harmless lambda.
bool IsPositive(const Store& s, const std::string& key) {
  bool positive = false;
  s.with_entry(key, [&](int v) { positive = v > 0; });
  return positive;
}

// positive: this caller's lambda runs a std::function the Store's lock is held around.
void Observe(const Store& s, const std::string& key, const std::function<void(int)>& on_value) {
  s.with_entry(key, [&](int v) { on_value(v); });  // expect: concur-locked-callback
}

// positive: this caller's lambda takes the lock with_entry already holds: a deadlock.
void Bump(Store& s, const std::string& key) {
  s.with_entry(key, [&](int v) { s.Put(key, v + 1); });  // expect: concur-locked-callback
}

}  // namespace store

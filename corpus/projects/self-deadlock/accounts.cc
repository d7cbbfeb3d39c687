#include "accounts.h"

namespace ledger {

// positive: Audit (audit.cc) takes monitor_ again through Balance.
void Accounts::Deposit(const std::string& who, long amount) {
  Hold hold(monitor_);
  balances_[who] += amount;
  Audit(who);  // expect: concur-self-deadlock
}

// negative: the balance is read with the helper for holders of the lock.
void Accounts::Withdraw(const std::string& who, long amount) {
  Hold hold(monitor_);
  if (BalanceLocked(who) >= amount) balances_[who] -= amount;
}

// negative: the other ledger's monitor, not this one.
void Accounts::Transfer(Accounts& to, const std::string& who, long amount) {
  monitor_.Enter();
  balances_[who] -= amount;
  to.Deposit(who, amount);
  monitor_.Leave();
}

long Accounts::Balance(const std::string& who) {
  Hold hold(monitor_);
  return BalanceLocked(who);
}

long Accounts::BalanceLocked(const std::string& who) const {
  auto it = balances_.find(who);
  return it == balances_.end() ? 0 : it->second;
}

// positive: the manual Enter holds monitor_ when Balance takes it again.
long Accounts::Total() {
  monitor_.Enter();
  long total = 0;
  for (const auto& [who, balance] : balances_) total += Balance(who);  // expect: concur-self-deadlock
  monitor_.Leave();
  return total;
}

}  // namespace ledger

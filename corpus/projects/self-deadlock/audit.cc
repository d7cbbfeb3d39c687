#include "accounts.h"

namespace ledger {

// Reads through the public accessor, which takes the monitor.
void Accounts::Audit(const std::string& who) {
  ++audits_;
  if (Balance(who) < 0) balances_[who] = 0;
}

}  // namespace ledger

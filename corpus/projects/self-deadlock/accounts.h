#pragma once

#include <map>
#include <string>

#include "monitor.h"

namespace ledger {

class Accounts {
public:
  void Deposit(const std::string& who, long amount);
  void Withdraw(const std::string& who, long amount);
  void Transfer(Accounts& to, const std::string& who, long amount);
  long Balance(const std::string& who);
  long Total();

private:
  void Audit(const std::string& who);  // in audit.cc
  long BalanceLocked(const std::string& who) const;

  Monitor monitor_;
  std::map<std::string, long> balances_;
  long audits_ = 0;
};

}  // namespace ledger

#include "monitor.h"

namespace ledger {

void Monitor::Enter() { mutex_.lock(); }
void Monitor::Leave() { mutex_.unlock(); }

Hold::Hold(Monitor& monitor) : monitor_(monitor) { monitor_.Enter(); }
Hold::~Hold() { monitor_.Leave(); }

}  // namespace ledger

// Deprecated: this header is now concur/reactor_checks.h (what the runtime hooks
// check in reactors: task allocation budgets, reactors destroyed with leftovers).
// It forwards there for one release and is removed after concur 0.1; include the
// new name.
#pragma once

#include "concur/reactor_checks.h"

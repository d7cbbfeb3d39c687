// Deprecated: this header is now concur/reactor/observer.h (the reactor's observer
// interface: ReactorObserver, TaskInfo, SocketEvent). It forwards there for one
// release and is removed after concur 0.1; include the new name.
#pragma once

#include "concur/reactor/observer.h"

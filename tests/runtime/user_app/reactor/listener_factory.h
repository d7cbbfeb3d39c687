// A user's code that happens to live in a directory, and a namespace, called
// "reactor": the hooks must still name it as the place a socket was made.
#pragma once

#include <concur/reactor/tcp.h>

namespace user_app::reactor {

/// Binds a listener on 127.0.0.1 (ephemeral port); `line` is set to the line
/// that made the socket.
concur::TcpListener open_listener(int& line);

}  // namespace user_app::reactor

// An echo server on the concur reactor: one task per connection, all in one group.
#pragma once

#include "concur/reactor.h"

namespace concur::examples {

/// Echoes every byte back until the peer ends its side, then closes.
Task<void> echo_connection(TcpStream stream);

/// Accepts connections until cancelled; each one is echoed by its own task. When
/// cancelled, cancels the open connections and returns once they are closed.
Task<void> serve_echo(TcpListener& listener);

}  // namespace concur::examples

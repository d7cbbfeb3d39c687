#include "echo_server.h"

#include <array>

namespace concur::examples {

Task<void> echo_connection(TcpStream stream) {
  std::array<std::byte, 16 * 1024> buffer;
  for (;;) {
    std::size_t n = co_await stream.read_some(buffer);
    if (n == 0) break;
    co_await stream.write_all(std::span(buffer).first(n));
  }
}

Task<void> serve_echo(TcpListener& listener) {
  TaskGroup connections;
  try {
    for (;;) connections.spawn(echo_connection(co_await listener.accept()), "echo-connection");
  } catch (const Cancelled&) {
  }
  connections.cancel();
  co_await connections.join();
}

}  // namespace concur::examples

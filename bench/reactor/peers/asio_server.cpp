// Boost.Asio (1.74) echo with C++20 coroutines: co_spawn per connection,
// async_read_some + async_write with use_awaitable.
#include <utility>  // Asio 1.74 uses std::exchange without including it

#include <boost/asio.hpp>

#include <cstdint>
#include <cstdlib>
#include <unistd.h>

#include "peers.h"

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

asio::awaitable<void> echo(tcp::socket socket) {
  char data[4096];
  try {
    for (;;) {
      std::size_t n = co_await socket.async_read_some(asio::buffer(data), asio::use_awaitable);
      co_await asio::async_write(socket, asio::buffer(data, n), asio::use_awaitable);
    }
  } catch (const std::exception&) {
  }
}

asio::awaitable<void> listen(tcp::acceptor& acceptor) {
  for (;;) {
    tcp::socket socket = co_await acceptor.async_accept(asio::use_awaitable);
    socket.set_option(tcp::no_delay(true));
    asio::co_spawn(acceptor.get_executor(), echo(std::move(socket)), asio::detached);
  }
}

}  // namespace

void run_asio_server(int port_pipe) {
  asio::io_context io(1);
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  acceptor.listen(4096);
  std::uint16_t port = acceptor.local_endpoint().port();
  if (write(port_pipe, &port, sizeof port) != sizeof port) std::exit(3);
  asio::co_spawn(io, listen(acceptor), asio::detached);
  io.run();
}

// Uses the installed concur::reactor alone: an echo round trip on loopback.
#include <concur/reactor.h>

#include <cstdio>
#include <cstring>
#include <string>

int main() {
  using namespace concur;
  std::string echoed;
  Reactor reactor;
  reactor.run([&]() -> Task<void> {
    TcpListener listener = TcpListener::bind("127.0.0.1", 0);
    TcpStream client = co_await TcpStream::connect("127.0.0.1", listener.local_port());
    TcpStream server = co_await listener.accept();
    co_await client.write_all("ping");
    client.shutdown_write();
    std::byte buffer[16];
    while (std::size_t n = co_await server.read_some(buffer)) co_await server.write_all(std::span(buffer).first(n));
    server.shutdown_write();
    while (std::size_t n = co_await client.read_some(buffer)) echoed.append(reinterpret_cast<const char*>(buffer), n);
  }());
  if (echoed != "ping") {
    std::fprintf(stderr, "reactor_client: echoed '%s', expected 'ping'\n", echoed.c_str());
    return 1;
  }
  return 0;
}

// libevent echo: evconnlistener + bufferevent, input moved to output (the idiomatic way).
#include <arpa/inet.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>

#include "peers.h"

namespace {

void on_read(bufferevent* bev, void*) { evbuffer_add_buffer(bufferevent_get_output(bev), bufferevent_get_input(bev)); }

void on_event(bufferevent* bev, short events, void*) {
  if (events & (BEV_EVENT_EOF | BEV_EVENT_ERROR)) bufferevent_free(bev);
}

void on_accept(evconnlistener* listener, evutil_socket_t fd, sockaddr*, int, void*) {
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  bufferevent* bev = bufferevent_socket_new(evconnlistener_get_base(listener), fd, BEV_OPT_CLOSE_ON_FREE);
  bufferevent_setcb(bev, on_read, nullptr, on_event, nullptr);
  bufferevent_enable(bev, EV_READ | EV_WRITE);
}

}  // namespace

void run_libevent_server(int port_pipe) {
  event_base* base = event_base_new();
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  evconnlistener* listener = evconnlistener_new_bind(base, on_accept, nullptr, LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE,
                                                     4096, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  if (!listener) std::exit(3);
  socklen_t len = sizeof addr;
  getsockname(evconnlistener_get_fd(listener), reinterpret_cast<sockaddr*>(&addr), &len);
  std::uint16_t port = ntohs(addr.sin_port);
  if (write(port_pipe, &port, sizeof port) != sizeof port) std::exit(3);
  event_base_dispatch(base);
}

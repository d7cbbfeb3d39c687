// libuv echo: uv_read_start into one shared buffer (no buffer per idle connection),
// uv_try_write, and a copied, queued write on a partial write.
#include <uv.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

#include "peers.h"

namespace {

struct Conn {
  uv_tcp_t tcp;
};

char shared_buffer[64 * 1024];  // read_cb consumes it before returning

struct PendingWrite {
  uv_write_t req;
  uv_buf_t buf;
};

void on_close(uv_handle_t* h) { delete reinterpret_cast<Conn*>(h); }

void on_write(uv_write_t* req, int) {
  auto* w = reinterpret_cast<PendingWrite*>(req);
  std::free(w->buf.base);
  delete w;
}

void on_alloc(uv_handle_t*, size_t, uv_buf_t* buf) { *buf = uv_buf_init(shared_buffer, sizeof shared_buffer); }

void on_read(uv_stream_t* s, ssize_t n, const uv_buf_t* buf) {
  if (n < 0) {
    uv_close(reinterpret_cast<uv_handle_t*>(s), on_close);
    return;
  }
  if (n == 0) return;
  uv_buf_t out = uv_buf_init(buf->base, static_cast<unsigned>(n));
  int written = uv_try_write(s, &out, 1);
  if (written < 0) written = 0;
  if (written < n) {
    auto* w = new PendingWrite;
    size_t rest = static_cast<size_t>(n - written);
    w->buf = uv_buf_init(static_cast<char*>(std::malloc(rest)), static_cast<unsigned>(rest));
    std::memcpy(w->buf.base, buf->base + written, rest);
    uv_write(&w->req, s, &w->buf, 1, on_write);
  }
}

void on_connection(uv_stream_t* server, int status) {
  if (status < 0) return;
  auto* c = new Conn;
  uv_tcp_init(server->loop, &c->tcp);
  if (uv_accept(server, reinterpret_cast<uv_stream_t*>(&c->tcp)) == 0) {
    uv_tcp_nodelay(&c->tcp, 1);
    uv_read_start(reinterpret_cast<uv_stream_t*>(&c->tcp), on_alloc, on_read);
  } else {
    uv_close(reinterpret_cast<uv_handle_t*>(&c->tcp), on_close);
  }
}

}  // namespace

void run_libuv_server(int port_pipe) {
  uv_loop_t* loop = uv_default_loop();
  uv_tcp_t server;
  uv_tcp_init(loop, &server);
  sockaddr_in addr;
  uv_ip4_addr("127.0.0.1", 0, &addr);
  uv_tcp_bind(&server, reinterpret_cast<const sockaddr*>(&addr), 0);
  if (uv_listen(reinterpret_cast<uv_stream_t*>(&server), 4096, on_connection) != 0) std::exit(3);
  int len = sizeof addr;
  uv_tcp_getsockname(&server, reinterpret_cast<sockaddr*>(&addr), &len);
  std::uint16_t port = ntohs(addr.sin_port);
  if (write(port_pipe, &port, sizeof port) != sizeof port) std::exit(3);
  uv_run(loop, UV_RUN_DEFAULT);
}

// Helpers for the loopback tests.
#pragma once

#include <dirent.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "concur/reactor.h"

namespace concur::testing {

inline std::size_t open_fd_count() {
  std::size_t n = 0;
  if (DIR* d = ::opendir("/proc/self/fd")) {
    while (::readdir(d)) ++n;
    ::closedir(d);
  }
  return n;
}

inline std::uint64_t fnv1a(std::span<const std::byte> data, std::uint64_t h = 1469598103934665603ull) {
  for (std::byte b : data) h = (h ^ static_cast<std::uint8_t>(b)) * 1099511628211ull;
  return h;
}

/// Deterministic bytes for message `seq` of connection `conn`.
inline std::vector<std::byte> make_message(std::size_t conn, std::size_t seq, std::size_t size) {
  std::vector<std::byte> m(size);
  std::uint64_t x = conn * 1'000'003 + seq * 7919 + 1;
  for (auto& b : m) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    b = static_cast<std::byte>(x);
  }
  return m;
}

/// Reads exactly buffer.size() bytes; false on a clean end of stream first.
inline Task<bool> read_exactly(TcpStream& s, std::span<std::byte> buffer) {
  std::size_t got = 0;
  while (got < buffer.size()) {
    std::size_t n = co_await s.read_some(buffer.subspan(got));
    if (n == 0) co_return false;
    got += n;
  }
  co_return true;
}

/// Echoes everything back until the peer ends its side, then closes.
inline Task<void> echo_connection(TcpStream s) {
  std::vector<std::byte> buffer(16 * 1024);
  for (;;) {
    std::size_t n = co_await s.read_some(buffer);
    if (n == 0) break;
    co_await s.write_all(std::span(buffer).first(n));
  }
  s.close();
}

/// Accepts until cancelled; every connection is echoed in a child task.
inline Task<void> echo_server(TcpListener& listener) {
  TaskGroup connections;
  try {
    for (;;) connections.spawn(echo_connection(co_await listener.accept()), "echo");
  } catch (const Cancelled&) {
  }
  connections.cancel();
  co_await connections.join();
}

}  // namespace concur::testing

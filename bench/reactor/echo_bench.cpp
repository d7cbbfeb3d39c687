// Echo ping-pong over loopback: concur's reactor against a raw epoll server.
//
//   echo_bench [--server all|LIST] [--repeat R] [--connections N] [--size B] [--depth D]
//              [--seconds S] [--warmup-ms W] [--no-pin] [--idle N]
//
// LIST is servers separated by commas, out of concur, concur-nostall, concur-buffer,
// concur-shared, epoll, libuv, libevent, asio. --repeat R runs the list R times in
// alternation and ends with medians (and spreads) of each server's figures and of
// its per-round ratios to the first server of the list.
//
// concur: the natural loop, read_chunk (a buffer borrowed from the reactor thread's
// pool only once data is there) + write_all; concur-nostall: the same with the
// reactor's stall detection off (threshold 0); concur-buffer: read_some/write_all with a
// 4 KB buffer in each connection's frame; concur-shared: wait_readable +
// try_read/try_write on one shared buffer (no buffer per idle connection). --idle N: open N connections, echo once on each, report the
// server's RSS growth per idle connection instead of the ping-pong figures.
//
// Peers (libuv, libevent, Asio with C++20 coroutines) are compiled in when their
// Debian -dev packages were installed at configure time; `all` runs what is built.
// The server runs in a forked child; the client (raw epoll, one thread) keeps D
// messages of B bytes in flight per connection and measures, over the window after
// the warm-up: messages per second, latency percentiles, and the server's CPU time per
// message from /proc/PID/stat (utime+stime, and utime alone). By default client and
// server share CPU 0, which repeats within a few percent on this machine; across
// cores the numbers swing by 2x between runs.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "concur/reactor.h"
#include "peers/peers.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string server = "all";
  int connections = 100;
  std::size_t size = 64;
  int depth = 1;
  double seconds = 3;
  int warmup_ms = 500;
  bool pin = true;
  int idle = 0;  // > 0: idle-memory mode with this many connections
  int repeat = 1;
};

[[noreturn]] void die(const char* what) {
  std::perror(what);
  std::exit(2);
}

void pin_to_cpu0() {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(0, &set);
  sched_setaffinity(0, sizeof set, &set);
}

// ------------------------------------------------------------------ servers

concur::Task<void> concur_echo(concur::TcpStream s) {
  while (concur::Chunk chunk = co_await s.read_chunk()) co_await s.write_all(chunk.bytes());
}

concur::Task<void> concur_buffer_echo(concur::TcpStream s) {
  std::array<std::byte, 4096> buffer;
  for (;;) {
    std::size_t n = co_await s.read_some(buffer);
    if (n == 0) break;
    co_await s.write_all(std::span(buffer).first(n));
  }
}

template <concur::Task<void> (*Echo)(concur::TcpStream)>
concur::Task<void> concur_server(concur::TcpListener& listener) {
  concur::TaskGroup group;
  try {
    for (;;) group.spawn(Echo(co_await listener.accept()));
  } catch (const concur::Cancelled&) {
  }
  group.cancel();
  co_await group.join();
}

/// Idle-friendly variant: no buffer while waiting; one buffer shared by all connections,
/// copied only when a write cannot complete at once.
concur::Task<void> concur_shared_echo(concur::TcpStream s, std::span<std::byte> shared) {
  for (;;) {
    co_await s.wait_readable();
    std::optional<std::size_t> n = s.try_read(shared);
    if (!n) continue;
    if (*n == 0) break;
    std::size_t sent = s.try_write(shared.first(*n));
    if (sent < *n) {
      std::vector<std::byte> rest(shared.begin() + static_cast<std::ptrdiff_t>(sent),
                                  shared.begin() + static_cast<std::ptrdiff_t>(*n));
      co_await s.write_all(rest);
    }
  }
}

concur::Task<void> concur_shared_server(concur::TcpListener& listener) {
  std::vector<std::byte> shared(64 * 1024);
  concur::TaskGroup group;
  try {
    for (;;) group.spawn(concur_shared_echo(co_await listener.accept(), shared));
  } catch (const concur::Cancelled&) {
  }
  group.cancel();
  co_await group.join();
}

enum class ConcurServer { chunk, buffer, shared };

void run_concur_server(int port_pipe, ConcurServer kind, bool stall_detection = true) {
  auto listener = concur::TcpListener::bind("127.0.0.1", 0, 4096);
  std::uint16_t port = listener.local_port();
  if (write(port_pipe, &port, sizeof port) != sizeof port) die("write port");
  concur::Reactor reactor;
  if (!stall_detection) reactor.set_stall_threshold(std::chrono::milliseconds(0));
  switch (kind) {
    case ConcurServer::chunk: reactor.run(concur_server<concur_echo>(listener)); break;
    case ConcurServer::buffer: reactor.run(concur_server<concur_buffer_echo>(listener)); break;
    case ConcurServer::shared: reactor.run(concur_shared_server(listener)); break;
  }
}

/// The baseline: level-triggered epoll, read then write in place, per-fd pending bytes.
void run_epoll_server(int port_pipe) {
  int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  int one = 1;
  setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(lfd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0 || listen(lfd, 4096) < 0) die("bind");
  socklen_t len = sizeof addr;
  getsockname(lfd, reinterpret_cast<sockaddr*>(&addr), &len);
  std::uint16_t port = ntohs(addr.sin_port);
  if (write(port_pipe, &port, sizeof port) != sizeof port) die("write port");
  int ep = epoll_create1(EPOLL_CLOEXEC);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = lfd;
  epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
  std::vector<std::string> pending(65536);
  std::array<epoll_event, 256> events;
  char buffer[4096];
  for (;;) {
    int n = epoll_wait(ep, events.data(), static_cast<int>(events.size()), -1);
    for (int i = 0; i < n; ++i) {
      int fd = events[i].data.fd;
      if (fd == lfd) {
        int c;
        while ((c = accept4(lfd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
          setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          epoll_event cev{};
          cev.events = EPOLLIN;
          cev.data.fd = c;
          epoll_ctl(ep, EPOLL_CTL_ADD, c, &cev);
        }
        continue;
      }
      if (events[i].events & EPOLLOUT) {
        std::string& p = pending[static_cast<std::size_t>(fd)];
        ssize_t w = send(fd, p.data(), p.size(), MSG_NOSIGNAL);
        if (w > 0) p.erase(0, static_cast<std::size_t>(w));
        if (p.empty()) {
          epoll_event cev{};
          cev.events = EPOLLIN;
          cev.data.fd = fd;
          epoll_ctl(ep, EPOLL_CTL_MOD, fd, &cev);
        }
        continue;
      }
      ssize_t r = recv(fd, buffer, sizeof buffer, 0);
      if (r <= 0) {
        if (r == 0 || (errno != EAGAIN && errno != EINTR)) close(fd);
        continue;
      }
      ssize_t w = send(fd, buffer, static_cast<std::size_t>(r), MSG_NOSIGNAL);
      if (w < r) {
        pending[static_cast<std::size_t>(fd)].append(buffer + std::max<ssize_t>(w, 0), buffer + r);
        epoll_event cev{};
        cev.events = EPOLLOUT;
        cev.data.fd = fd;
        epoll_ctl(ep, EPOLL_CTL_MOD, fd, &cev);
      }
    }
  }
}

// ------------------------------------------------------------------ client

struct CpuTimes {
  double utime = 0, stime = 0;  // seconds
};

CpuTimes read_cpu(pid_t pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(f, line);
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
  std::istringstream rest(line.substr(line.rfind(')') + 2));
  std::string field;
  CpuTimes t;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14) t.utime = std::stod(field) / static_cast<double>(sysconf(_SC_CLK_TCK));
    if (i == 15) t.stime = std::stod(field) / static_cast<double>(sysconf(_SC_CLK_TCK));
  }
  return t;
}

struct Result {
  double msgs_per_s = 0, server_us_per_msg = 0, server_user_ns_per_msg = 0;
  double p50_us = 0, p99_us = 0, p999_us = 0;
  std::uint64_t messages = 0;
  std::uint64_t all_messages = 0;  // warm-up included: for per-message profiles of the server
  double idle_bytes_per_conn = 0;
};

struct Conn {
  int fd = -1;
  std::size_t received = 0;  // bytes of the current round
  std::vector<Clock::time_point> sent_at;  // per message in flight (FIFO)
  std::size_t head = 0;
};

Result run_client(std::uint16_t port, pid_t server, const Options& o) {
  int ep = epoll_create1(EPOLL_CLOEXEC);
  std::vector<Conn> conns(static_cast<std::size_t>(o.connections));
  std::vector<char> message(o.size, 'x');
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int one = 1;
  for (std::size_t i = 0; i < conns.size(); ++i) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0) die("connect");
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    fcntl(fd, F_SETFL, O_NONBLOCK);
    conns[i].fd = fd;
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = i;
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
  }
  auto send_one = [&](Conn& c) {
    if (send(c.fd, message.data(), message.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(message.size())) die("send");
    c.sent_at.push_back(Clock::now());
  };
  for (auto& c : conns)
    for (int d = 0; d < o.depth; ++d) send_one(c);

  const auto start = Clock::now();
  const auto window_start = start + std::chrono::milliseconds(o.warmup_ms);
  const auto window_end = window_start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
  bool measuring = false;
  CpuTimes cpu_start{};
  std::uint64_t messages = 0, all_messages = 0;
  std::vector<float> latencies_us;
  latencies_us.reserve(4'000'000);
  std::array<epoll_event, 512> events;
  char buffer[65536];
  for (;;) {
    auto now = Clock::now();
    if (!measuring && now >= window_start) {
      measuring = true;
      cpu_start = read_cpu(server);
      messages = 0;
    }
    if (now >= window_end) break;
    int n = epoll_wait(ep, events.data(), static_cast<int>(events.size()), 100);
    for (int i = 0; i < n; ++i) {
      Conn& c = conns[events[i].data.u64];
      ssize_t r = recv(c.fd, buffer, sizeof buffer, 0);
      if (r <= 0) die("server closed");
      c.received += static_cast<std::size_t>(r);
      while (c.received >= o.size) {
        c.received -= o.size;
        auto t = Clock::now();
        if (measuring && latencies_us.size() < latencies_us.capacity())
          latencies_us.push_back(std::chrono::duration<float, std::micro>(t - c.sent_at[c.head]).count());
        ++c.head;
        if (c.head == c.sent_at.size()) {
          c.sent_at.clear();
          c.head = 0;
        }
        ++messages;
        ++all_messages;
        send_one(c);
      }
    }
  }
  CpuTimes cpu_end = read_cpu(server);
  for (auto& c : conns) close(c.fd);
  close(ep);

  Result res;
  res.messages = messages;
  res.all_messages = all_messages;
  res.msgs_per_s = static_cast<double>(messages) / o.seconds;
  double msgs = std::max<double>(1, static_cast<double>(messages));
  res.server_us_per_msg = ((cpu_end.utime - cpu_start.utime) + (cpu_end.stime - cpu_start.stime)) * 1e6 / msgs;
  res.server_user_ns_per_msg = (cpu_end.utime - cpu_start.utime) * 1e9 / msgs;
  std::sort(latencies_us.begin(), latencies_us.end());
  auto pct = [&](double p) {
    return latencies_us.empty() ? 0.0 : static_cast<double>(latencies_us[static_cast<std::size_t>(p * static_cast<double>(latencies_us.size() - 1))]);
  };
  res.p50_us = pct(0.50);
  res.p99_us = pct(0.99);
  res.p999_us = pct(0.999);
  return res;
}

long rss_kib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string key;
  while (status >> key) {
    if (key == "VmRSS:") {
      long v = 0;
      status >> v;
      return v;
    }
    status.ignore(4096, '\n');
  }
  return 0;
}

/// Opens `n` connections, echoes one message on each, and reports the server's RSS
/// growth per (now idle) connection.
Result run_idle(std::uint16_t port, pid_t server, const Options& o) {
  usleep(100'000);
  const long before = rss_kib(server);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::vector<int> fds;
  std::vector<char> message(o.size, 'x'), reply(o.size);
  for (int i = 0; i < o.idle; ++i) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0) die("connect");
    if (send(fd, message.data(), message.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(message.size())) die("send");
    std::size_t got = 0;
    while (got < reply.size()) {
      ssize_t r = recv(fd, reply.data() + got, reply.size() - got, 0);
      if (r <= 0) die("recv");
      got += static_cast<std::size_t>(r);
    }
    fds.push_back(fd);
  }
  usleep(200'000);
  const long after = rss_kib(server);
  for (int fd : fds) close(fd);
  Result r;
  r.idle_bytes_per_conn = static_cast<double>(after - before) * 1024.0 / static_cast<double>(o.idle);
  return r;
}

Result bench(const std::string& impl, const Options& o) {
  int fds[2];
  if (pipe(fds) < 0) die("pipe");
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    if (o.pin) pin_to_cpu0();
    if (impl == "concur") run_concur_server(fds[1], ConcurServer::chunk);
    else if (impl == "concur-nostall") run_concur_server(fds[1], ConcurServer::chunk, false);
    else if (impl == "concur-buffer") run_concur_server(fds[1], ConcurServer::buffer);
    else if (impl == "concur-shared") run_concur_server(fds[1], ConcurServer::shared);
    else if (impl == "epoll") run_epoll_server(fds[1]);
#ifdef CONCUR_BENCH_LIBUV
    else if (impl == "libuv") run_libuv_server(fds[1]);
#endif
#ifdef CONCUR_BENCH_LIBEVENT
    else if (impl == "libevent") run_libevent_server(fds[1]);
#endif
#ifdef CONCUR_BENCH_ASIO
    else if (impl == "asio") run_asio_server(fds[1]);
#endif
    else {
      std::fprintf(stderr, "server '%s' is not built in\n", impl.c_str());
      _exit(2);
    }
    _exit(0);
  }
  close(fds[1]);
  std::uint16_t port = 0;
  if (read(fds[0], &port, sizeof port) != sizeof port) die("read port");
  close(fds[0]);
  Result r = o.idle > 0 ? run_idle(port, pid, o) : run_client(port, pid, o);
  // SIGTERM first, so that a server run under valgrind can write its profile.
  kill(pid, SIGTERM);
  for (int waited_ms = 0; waited_ms < 5000; ++waited_ms) {
    if (waitpid(pid, nullptr, WNOHANG) == pid) return r;
    usleep(1000);
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  return r;
}

void print(const std::string& impl, const Result& r, const Options& o) {
  if (o.idle > 0) {
    std::printf("%-13s %d idle connections: server RSS %+.0f bytes per connection\n", impl.c_str(), o.idle,
                r.idle_bytes_per_conn);
    return;
  }
  std::printf("%-13s %10.0f msgs/s  server %6.2f us/msg (user %5.0f ns)  latency p50 %6.1f p99 %6.1f p99.9 %7.1f us"
              "  (%llu echoed in all)\n",
              impl.c_str(), r.msgs_per_s, r.server_us_per_msg, r.server_user_ns_per_msg, r.p50_us, r.p99_us, r.p999_us,
              static_cast<unsigned long long>(r.all_messages));
}

}  // namespace

#if defined(CONCUR_BENCH_WITH_HOOKS)
#include <concur/reactor_checks.h>
#endif

int main(int argc, char** argv) {
#if defined(CONCUR_BENCH_WITH_HOOKS)
  // Calling into the hooks links their reactor observer in: every socket is
  // then registered with its creation stack and every task switch is observed.
  (void)concur::take_destroyed_reactor_reports();
#endif
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--server") o.server = next();
    else if (a == "--repeat") o.repeat = std::max(1, std::atoi(next()));
    else if (a == "--connections") o.connections = std::atoi(next());
    else if (a == "--size") o.size = static_cast<std::size_t>(std::atol(next()));
    else if (a == "--depth") o.depth = std::atoi(next());
    else if (a == "--seconds") o.seconds = std::atof(next());
    else if (a == "--warmup-ms") o.warmup_ms = std::atoi(next());
    else if (a == "--no-pin") o.pin = false;
    else if (a == "--idle") o.idle = std::atoi(next());
    else {
      std::fprintf(stderr, "usage: echo_bench [--server all|LIST] [--repeat R] [--connections N] [--size B] [--depth D] "
                           "[--seconds S] [--warmup-ms W] [--no-pin] [--idle N]\n"
                           "  LIST: comma-separated, of concur concur-nostall concur-buffer concur-shared epoll libuv "
                           "libevent asio\n");
      return 2;
    }
  }
  if (o.pin) pin_to_cpu0();
  std::printf("echo ping-pong: %d connections, %zu-byte messages, %d in flight each, %.1f s window%s\n", o.connections,
              o.size, o.depth, o.seconds, o.pin ? ", client and server on CPU 0" : "");
  std::vector<std::string> impls;
  if (o.server == "all") {
    impls = {"epoll", "concur", "concur-buffer", "concur-shared"};
#ifdef CONCUR_BENCH_LIBUV
    impls.push_back("libuv");
#endif
#ifdef CONCUR_BENCH_LIBEVENT
    impls.push_back("libevent");
#endif
#ifdef CONCUR_BENCH_ASIO
    impls.push_back("asio");
#endif
  } else {
    std::stringstream list(o.server);
    for (std::string name; std::getline(list, name, ',');)
      if (!name.empty()) impls.push_back(name);
  }
  std::vector<std::vector<Result>> results(impls.size());
  for (int round = 0; round < o.repeat; ++round) {
    if (o.repeat > 1) std::printf("round %d\n", round + 1);
    for (std::size_t i = 0; i < impls.size(); ++i) {
      results[i].push_back(bench(impls[i], o));
      print(impls[i], results[i].back(), o);
      std::fflush(stdout);
    }
  }
  if (o.idle > 0 || impls.size() < 2) return 0;
  if (o.repeat == 1) {
    std::printf("ratios to %s (msgs/s, server CPU/msg, user CPU/msg):\n", impls[0].c_str());
    const Result& base = results[0][0];
    for (std::size_t i = 1; i < impls.size(); ++i)
      std::printf("  %-14s %.3f  %.3f  %.3f\n", impls[i].c_str(), results[i][0].msgs_per_s / base.msgs_per_s,
                  results[i][0].server_us_per_msg / base.server_us_per_msg,
                  results[i][0].server_user_ns_per_msg / base.server_user_ns_per_msg);
    return 0;
  }
  // Medians over the rounds, and medians of the per-round ratios to the first server.
  auto median_spread = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return std::array<double, 3>{v[v.size() / 2], v.front(), v.back()};
  };
  std::printf("medians of %d rounds [min .. max]:\n", o.repeat);
  for (std::size_t i = 0; i < impls.size(); ++i) {
    std::vector<double> rate, cpu, user;
    for (const Result& r : results[i]) {
      rate.push_back(r.msgs_per_s);
      cpu.push_back(r.server_us_per_msg);
      user.push_back(r.server_user_ns_per_msg);
    }
    auto [rm, rl, rh] = median_spread(rate);
    auto [cm, cl, ch] = median_spread(cpu);
    auto [um, ul, uh] = median_spread(user);
    std::printf("  %-14s %9.0f msgs/s [%.0f .. %.0f]  server %.3f us/msg [%.3f .. %.3f]  user %.0f ns/msg [%.0f .. %.0f]\n",
                impls[i].c_str(), rm, rl, rh, cm, cl, ch, um, ul, uh);
  }
  std::printf("per-round ratios to %s, medians [min .. max] (msgs/s, server CPU/msg, user CPU/msg):\n", impls[0].c_str());
  for (std::size_t i = 1; i < impls.size(); ++i) {
    std::vector<double> rate, cpu, user;
    for (int r = 0; r < o.repeat; ++r) {
      const Result& base = results[0][static_cast<std::size_t>(r)];
      const Result& mine = results[i][static_cast<std::size_t>(r)];
      rate.push_back(mine.msgs_per_s / base.msgs_per_s);
      cpu.push_back(mine.server_us_per_msg / base.server_us_per_msg);
      user.push_back(mine.server_user_ns_per_msg / base.server_user_ns_per_msg);
    }
    auto [rm, rl, rh] = median_spread(rate);
    auto [cm, cl, ch] = median_spread(cpu);
    auto [um, ul, uh] = median_spread(user);
    std::printf("  %-14s %.3f [%.3f .. %.3f]  %.3f [%.3f .. %.3f]  %.3f [%.3f .. %.3f]\n", impls[i].c_str(), rm, rl, rh,
                cm, cl, ch, um, ul, uh);
  }
}

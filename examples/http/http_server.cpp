#include "http_server.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string_view>

namespace concur::examples {

namespace {

constexpr std::size_t kMaxHeaderBytes = 16 * 1024;
constexpr std::size_t kMaxBodyBytes = 1024 * 1024;

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

const char* reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 413: return "Payload Too Large";
    default: return "Internal Server Error";
  }
}

/// Buffered reading of a stream: header blocks and fixed-size bodies.
class Reader {
 public:
  explicit Reader(TcpStream& s) : stream_(s) {}

  /// The next block ending in "\r\n\r\n" (without it); "" at a clean end of stream.
  Task<std::string> read_head() {
    for (;;) {
      if (auto end = buffer_.find("\r\n\r\n"); end != std::string::npos) {
        std::string head = buffer_.substr(0, end);
        buffer_.erase(0, end + 4);
        co_return head;
      }
      if (buffer_.size() > kMaxHeaderBytes) throw std::length_error("header too large");
      if (!co_await fill()) {
        if (!buffer_.empty()) throw std::runtime_error("connection closed inside a header");
        co_return std::string();
      }
    }
  }

  Task<std::string> read_exactly(std::size_t n) {
    while (buffer_.size() < n)
      if (!co_await fill()) throw std::runtime_error("connection closed inside a body");
    std::string out = buffer_.substr(0, n);
    buffer_.erase(0, n);
    co_return out;
  }

 private:
  Task<bool> fill() {
    std::byte chunk[8192];
    std::size_t n = co_await stream_.read_some(chunk);
    buffer_.append(reinterpret_cast<const char*>(chunk), n);
    co_return n > 0;
  }
  TcpStream& stream_;
  std::string buffer_;
};

std::size_t content_length(const std::vector<std::pair<std::string, std::string>>& headers) {
  for (const auto& [name, value] : headers) {
    if (name != "content-length") continue;
    std::size_t n = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || ptr != value.data() + value.size()) throw std::invalid_argument("bad Content-Length");
    return n;
  }
  return 0;
}

/// Parses the request line and headers; false when malformed.
bool parse_head(std::string_view head, HttpRequest& req) {
  auto line_end = head.find("\r\n");
  std::string_view line = head.substr(0, line_end);
  auto sp1 = line.find(' ');
  auto sp2 = line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 == sp1) return false;
  req.method = std::string(line.substr(0, sp1));
  req.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
  req.version = std::string(line.substr(sp2 + 1));
  if (req.version != "HTTP/1.1" && req.version != "HTTP/1.0") return false;
  while (line_end != std::string_view::npos) {
    std::size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    std::string_view header = head.substr(start, line_end == std::string_view::npos ? std::string_view::npos : line_end - start);
    auto colon = header.find(':');
    if (colon == std::string_view::npos) return false;
    req.headers.emplace_back(lower(trim(header.substr(0, colon))), std::string(trim(header.substr(colon + 1))));
  }
  return true;
}

std::string format_response(const HttpResponse& r, bool keep_alive) {
  std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " + reason(r.status) + "\r\n";
  out += "Content-Type: " + r.content_type + "\r\n";
  out += "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
  out += keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
  out += r.body;
  return out;
}

std::size_t count_primes_below(std::size_t n) {
  std::size_t count = 0;
  for (std::size_t i = 2; i < n; ++i) {
    bool prime = true;
    for (std::size_t d = 2; d * d <= i; ++d)
      if (i % d == 0) {
        prime = false;
        break;
      }
    count += prime;
  }
  return count;
}

/// The whole file, read with blocking stdio; nullopt when it cannot be opened.
std::optional<std::string> read_whole_file(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return std::nullopt;
  std::string contents;
  char chunk[4096];
  while (std::size_t n = std::fread(chunk, 1, sizeof chunk, file)) contents.append(chunk, n);
  std::fclose(file);
  return contents;
}

HttpResponse file_response(const std::optional<std::string>& contents) {
  if (!contents) return HttpResponse{404, "text/plain", "no such file\n"};
  return HttpResponse{200, "application/octet-stream", *contents};
}

}  // namespace

// The bad handler: read_whole_file blocks the reactor thread in fopen/fread.
Task<HttpResponse> serve_file_blocking(std::string path) { co_return file_response(read_whole_file(path)); }

// The fix: the same blocking read, on the offload pool.
Task<HttpResponse> serve_file_offloaded(std::string path) {
  co_return file_response(co_await offload([path] { return read_whole_file(path); }));
}

std::string HttpRequest::path() const { return target.substr(0, target.find('?')); }

std::string HttpRequest::query(const std::string& name) const {
  auto q = target.find('?');
  if (q == std::string::npos) return {};
  std::string_view rest = std::string_view(target).substr(q + 1);
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    auto eq = pair.find('=');
    if (pair.substr(0, eq) == name) return eq == std::string_view::npos ? std::string() : std::string(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return {};
}

bool HttpRequest::keep_alive() const {
  for (const auto& [name, value] : headers)
    if (name == "connection") return lower(value) != "close";
  return version == "HTTP/1.1";
}

HttpRouter& HttpRouter::route(std::string path, HttpHandler handler) {
  routes_[std::move(path)] = std::move(handler);
  return *this;
}

Task<HttpResponse> HttpRouter::dispatch(const HttpRequest& request) const {
  auto it = routes_.find(request.path());
  if (it == routes_.end()) co_return HttpResponse{404, "text/plain", "no route for " + request.path() + "\n"};
  co_return co_await it->second(request);
}

Task<void> serve_http_connection(TcpStream stream, const HttpRouter& router) {
  Reader reader(stream);
  for (;;) {
    HttpRequest request;
    HttpResponse response;
    bool keep_alive = false;
    std::string head = co_await reader.read_head();
    if (head.empty()) break;  // the client closed between requests
    if (!parse_head(head, request)) {
      response = {400, "text/plain", "malformed request\n"};
    } else if (std::size_t length = content_length(request.headers); length > kMaxBodyBytes) {
      response = {413, "text/plain", "body too large\n"};
    } else {
      request.body = co_await reader.read_exactly(length);
      keep_alive = request.keep_alive();
      response = co_await router.dispatch(request);
    }
    std::string bytes = format_response(response, keep_alive);
    co_await stream.write_all(std::string_view(bytes));
    if (!keep_alive) break;
  }
}

Task<void> serve_http(TcpListener& listener, const HttpRouter& router) {
  TaskGroup connections;
  try {
    for (;;) connections.spawn(serve_http_connection(co_await listener.accept(), router), "http-connection");
  } catch (const Cancelled&) {
  }
  connections.cancel();
  co_await connections.join();
}

HttpRouter demo_router(std::chrono::milliseconds slow_upstream, std::string static_file) {
  HttpRouter router;
  router.route("/fast", [](const HttpRequest&) -> Task<HttpResponse> { co_return HttpResponse{200, "text/plain", "fast\n"}; });
  router.route("/slow", [slow_upstream](const HttpRequest&) -> Task<HttpResponse> {
    co_await sleep_for(slow_upstream);  // stands for a call to a slow upstream service
    co_return HttpResponse{200, "text/plain", "slow\n"};
  });
  router.route("/cpu", [](const HttpRequest& req) -> Task<HttpResponse> {
    std::size_t n = 10'000;
    std::string arg = req.query("n");
    std::from_chars(arg.data(), arg.data() + arg.size(), n);
    std::size_t primes = co_await offload([n] { return count_primes_below(n); });
    co_return HttpResponse{200, "text/plain", std::to_string(primes) + "\n"};
  });
  if (!static_file.empty()) {
    router.route("/file", [static_file](const HttpRequest&) { return serve_file_offloaded(static_file); });
    router.route("/file-blocking", [static_file](const HttpRequest&) { return serve_file_blocking(static_file); });
  }
  return router;
}

Task<HttpResponse> http_get(TcpStream& stream, std::string target) {
  std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  co_await stream.write_all(std::string_view(request));
  Reader reader(stream);  // keep-alive client: one response at a time, nothing buffered beyond it
  std::string head = co_await reader.read_head();
  if (head.rfind("HTTP/1.1 ", 0) != 0) throw std::runtime_error("bad response: " + head.substr(0, 40));
  HttpRequest parsed;  // reuse the header parser on the status line's headers
  auto first_line_end = head.find("\r\n");
  HttpResponse response;
  response.status = std::atoi(head.c_str() + 9);
  std::string fake_head = "X / HTTP/1.1" + (first_line_end == std::string::npos ? std::string() : head.substr(first_line_end));
  if (!parse_head(fake_head, parsed)) throw std::runtime_error("bad response headers");
  response.body = co_await reader.read_exactly(content_length(parsed.headers));
  co_return response;
}

}  // namespace concur::examples

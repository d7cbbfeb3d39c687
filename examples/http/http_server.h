// A small HTTP/1.1 keep-alive server on the concur reactor.
//
// Every connection is a task; a handler that waits (a slow upstream) parks only its
// own task, and CPU-heavy handlers use offload() so the reactor thread keeps serving.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "concur/reactor.h"

namespace concur::examples {

struct HttpRequest {
  std::string method;
  std::string target;  // path and query, e.g. "/cpu?n=1000"
  std::string version;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;

  /// The value of query parameter `name`, or "" when absent.
  std::string query(const std::string& name) const;
  std::string path() const;
  bool keep_alive() const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain";
  std::string body;
};

/// Handlers are coroutines; they may sleep, await I/O or offload work.
using HttpHandler = std::function<Task<HttpResponse>(const HttpRequest&)>;

/// Maps exact paths to handlers; unknown paths answer 404. Must outlive the server.
class HttpRouter {
 public:
  HttpRouter& route(std::string path, HttpHandler handler);
  Task<HttpResponse> dispatch(const HttpRequest& request) const;

 private:
  std::map<std::string, HttpHandler, std::less<>> routes_;
};

/// Serves one connection: requests in order, keep-alive until the client closes or
/// sends "Connection: close"; malformed requests get 400 and the connection closes.
Task<void> serve_http_connection(TcpStream stream, const HttpRouter& router);

/// Accepts until cancelled; each connection is served by its own task.
Task<void> serve_http(TcpListener& listener, const HttpRouter& router);

/// GET of a file's contents, THE WRONG WAY: the file is read with stdio (fopen/fread)
/// inside the task, on the reactor thread. While the disk, an NFS mount or a FIFO is
/// slow, every connection on the reactor waits. concur's static check
/// concur-blocking-in-task flags this handler; at run time MakesNoBlockingCalls()
/// and DoesNotBlockTheLoop() fail on it (tests/runtime/http_example_loop_test.cpp).
Task<HttpResponse> serve_file_blocking(std::string path);

/// The same, fixed: the read runs on the offload pool (co_await offload(...)) and
/// the reactor keeps serving meanwhile.
Task<HttpResponse> serve_file_offloaded(std::string path);

/// The demo routes: /fast (answers at once), /slow (waits `slow_upstream`, as a call to a
/// slow upstream would), /cpu?n=N (counts the primes below N on the offload pool), and
/// with a `static_file`, /file (serve_file_offloaded) and /file-blocking
/// (serve_file_blocking, the bad example).
HttpRouter demo_router(std::chrono::milliseconds slow_upstream, std::string static_file = {});

/// A minimal keep-alive client for tests and the self-test: sends GET `target` on
/// `stream` and returns the status and body. Throws std::runtime_error on a bad reply.
Task<HttpResponse> http_get(TcpStream& stream, std::string target);

}  // namespace concur::examples

// The HTTP example's file handlers under the loop matchers. The file is a FIFO
// whose writer sends the contents only after 100 ms, standing for a slow disk:
// serve_file_blocking (fread on the reactor thread) fails MakesNoBlockingCalls and
// DoesNotBlockTheLoop, and no other connection is served meanwhile;
// serve_file_offloaded passes both while the loop keeps serving.
#include <concur/reactor.h>
#include <concur/testing.h>
#include <fcntl.h>
#include <gtest/gtest-spi.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>
#include <thread>

#include "http/http_server.h"

using namespace std::chrono_literals;
namespace examples = concur::examples;

namespace {

using namespace concur::testing;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;

constexpr auto kSlowDisk = 100ms;
const std::string kContents = "the report\n";

/// A FIFO in a fresh directory; each serve() lets one reader read kContents after kSlowDisk.
class SlowFile {
 public:
  SlowFile() {
    char dir_template[] = "/tmp/concur-http-XXXXXX";
    dir_ = ::mkdtemp(dir_template);
    path_ = dir_ + "/report.txt";
    ::mkfifo(path_.c_str(), 0600);
  }
  ~SlowFile() {
    if (writer_.joinable()) writer_.join();
    ::unlink(path_.c_str());
    ::rmdir(dir_.c_str());
  }
  const std::string& path() const { return path_; }

  /// Starts the writer: it waits (at most 5 s) for a reader to open the FIFO, then
  /// sends the contents after kSlowDisk.
  void serve() {
    if (writer_.joinable()) writer_.join();
    writer_ = std::thread([path = path_] {
      int fd = -1;
      for (int tries = 0; tries < 5000 && fd < 0; ++tries) {
        fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);  // ENXIO until a reader opens it
        if (fd < 0) std::this_thread::sleep_for(1ms);
      }
      if (fd < 0) return;
      std::this_thread::sleep_for(kSlowDisk);
      (void)::write(fd, kContents.data(), kContents.size());
      ::close(fd);
    });
  }

 private:
  std::string dir_, path_;
  std::thread writer_;
};

struct Served {
  std::string body;
  int fast_while_reading = 0;  // /fast requests answered while the file request was pending
};

/// One GET of `target` on a fresh server, with a second connection asking /fast meanwhile.
Served serve_one(const examples::HttpRouter& router, SlowFile& file, const char* target) {
  Served served;
  file.serve();
  concur::Reactor reactor;
  reactor.run(concur::with_timeout(10s, [&]() -> concur::Task<void> {
    auto listener = concur::TcpListener::bind("127.0.0.1", 0);
    concur::TaskGroup server;
    server.spawn(examples::serve_http(listener, router), "http-server");
    concur::TcpStream reader = co_await concur::TcpStream::connect("127.0.0.1", listener.local_port());
    concur::TcpStream other = co_await concur::TcpStream::connect("127.0.0.1", listener.local_port());
    bool done = false;
    auto read_file = [&]() -> concur::Task<void> {
      served.body = (co_await examples::http_get(reader, target)).body;
      done = true;
    };
    concur::TaskGroup pending;
    pending.spawn(read_file(), "file-client");
    while (!done) {
      co_await examples::http_get(other, "/fast");
      ++served.fast_while_reading;
    }
    co_await pending.join();
    server.cancel();
    co_await server.join();
  }()));
  return served;
}

/// The message of the one failure `assertion` reports ("" if it reports none).
template <class Assertion>
std::string failure_of(Assertion assertion) {
  ::testing::TestPartResultArray failures;
  {
    ::testing::ScopedFakeTestPartResultReporter reporter(
        ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &failures);
    assertion();
  }
  return failures.size() == 1 ? failures.GetTestPartResult(0).message() : std::string();
}

class HttpFileHandlers : public ::testing::Test {
 protected:
  SlowFile file_;
  examples::HttpRouter router_ = examples::demo_router(10ms, file_.path());
};

TEST_F(HttpFileHandlers, TheBlockingHandlerMakesABlockingCall) {
  Served served;
  const std::string failure = failure_of([&] {
    EXPECT_THAT(Block([&] { served = serve_one(router_, file_, "/file-blocking"); }), MakesNoBlockingCalls());
  });
  EXPECT_EQ(served.body, kContents);
  EXPECT_THAT(failure, ContainsRegex("task \"http-connection\" \\(#[0-9]+\\) called fread\\(\\) at "
                                     "http_server\\.cpp:[0-9]+ \\(2 times\\); use co_await offload\\(\\.\\.\\.\\)"));
  RecordProperty("failure", failure);
}

TEST_F(HttpFileHandlers, TheBlockingHandlerBlocksTheLoopAndNothingElseIsServed) {
  Served served;
  const std::string failure = failure_of([&] {
    EXPECT_THAT(Block([&] { served = serve_one(router_, file_, "/file-blocking"); }), DoesNotBlockTheLoop(50ms));
  });
  EXPECT_EQ(served.body, kContents);
  EXPECT_LT(served.fast_while_reading, 5) << "the loop kept serving during a blocking read?";
  EXPECT_THAT(failure, ContainsRegex("task \"http-connection\" \\(#[0-9]+\\) ran [0-9]+ ms without suspending, "
                                     "in fread\\(\\) at http_server\\.cpp:[0-9]+ \\(limit 50 ms\\)"));
  RecordProperty("failure", failure);
}

TEST_F(HttpFileHandlers, TheOffloadedHandlerPassesBothAndTheLoopKeepsServing) {
  Served served;
  EXPECT_THAT(Block([&] { served = serve_one(router_, file_, "/file"); }), MakesNoBlockingCalls());
  EXPECT_EQ(served.body, kContents);
  EXPECT_THAT(Block([&] { served = serve_one(router_, file_, "/file"); }), DoesNotBlockTheLoop(50ms));
  EXPECT_EQ(served.body, kContents);
  EXPECT_GT(served.fast_while_reading, 10) << "the loop stopped while the file was read";
}

}  // namespace

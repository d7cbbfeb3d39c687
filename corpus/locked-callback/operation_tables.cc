// concur-locked-callback: a class that keeps a pointer to a table of function
// pointers and calls through it under its lock runs what the tables stored in
// that pointer hold: the project's own tables, set in a constructor's member
// initializer or by assignment, decide; a public constructor that takes a
// table takes anyone's.
#include <cstddef>
#include <mutex>
#include <string>

namespace op_tables {

struct Sink;

struct SinkOps {
  void (*write)(Sink* sink, const std::string& text);
  void (*flush)(Sink* sink);
};

struct Sink {
  std::string buffer;
  std::size_t flushed = 0;
};

namespace {
void buffer_write(Sink* sink, const std::string& text) { sink->buffer += text; }
void buffer_flush(Sink* sink) { sink->flushed = sink->buffer.size(); }
void drop_write(Sink*, const std::string&) {}
void drop_flush(Sink*) {}
const SinkOps kBufferOps = {&buffer_write, &buffer_flush};
const SinkOps kDropOps = {&drop_write, &drop_flush};
}  // namespace

class Logger {
 public:
  Logger() : ops_(&kBufferOps) {}
  void mute() {
    std::lock_guard<std::mutex> lock(mu_);
    ops_ = &kDropOps;
  }
  // negative: write and flush are the buffer's or the dropping table's.
  void log(const std::string& line) {
    std::lock_guard<std::mutex> lock(mu_);
    ops_->write(&sink_, line);
    ops_->flush(&sink_);
  }

 private:
  std::mutex mu_;
  const SinkOps* ops_;
  Sink sink_;
};

struct FormatOps {
  std::string (*format)(const std::string& text, void* context);
};

class Formatter {
 public:
  // Public: any caller's table.
  explicit Formatter(const FormatOps* ops) : ops_(ops) {}
  // positive: format may be a caller's function, run under mu_.
  std::string format(const std::string& text) {
    std::lock_guard<std::mutex> lock(mu_);
    return ops_->format(text, this);  // expect: concur-locked-callback
  }

 private:
  std::mutex mu_;
  const FormatOps* ops_;
};

}  // namespace op_tables

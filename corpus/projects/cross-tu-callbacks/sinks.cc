#include "logger.h"

#include <cstdio>
#include <utility>

namespace logging {

// negative: writes to stdout, runs nothing foreign.
class StdoutSink : public LogSink {
 public:
  void write(const std::string& line) override { std::fputs(line.c_str(), stdout); }
};

// negative here: the foreign code runs in Logger::log's loop, reported there.
class CallbackSink : public LogSink {
 public:
  explicit CallbackSink(std::function<void(const std::string&)> callback) : callback_(std::move(callback)) {}
  void write(const std::string& line) override { callback_(line); }

 private:
  std::function<void(const std::string&)> callback_;
};

// negative: harmless formatters.
class UpperFormatter : public Formatter {
 public:
  std::string format(const std::string& line) override {
    std::string out = line;
    for (char& c : out) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    return out;
  }
};
class PlainFormatter : public Formatter {
 public:
  std::string format(const std::string& line) override { return line; }
};

void Configure(Logger& logger, Pipeline& pipeline, std::function<void(const std::string&)> hook) {
  logger.add(std::make_unique<StdoutSink>());
  logger.add(std::make_unique<CallbackSink>(std::move(hook)));
  pipeline.set(std::make_unique<UpperFormatter>());
  pipeline.set(std::make_unique<PlainFormatter>());
}

}  // namespace logging

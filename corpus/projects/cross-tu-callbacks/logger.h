// Virtual calls resolved over the project's class hierarchy: a sink whose
// every implementation in the project is harmless is not a callback; one
// whose implementation runs a user-supplied callable is.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace logging {

class LogSink {
 public:
  virtual ~LogSink() = default;
  virtual void write(const std::string& line) = 0;
};

class Logger {
 public:
  void log(const std::string& line);
  void add(std::unique_ptr<LogSink> sink);

 private:
  std::mutex mu_;
  std::vector<std::unique_ptr<LogSink>> sinks_;
};

class Formatter {
 public:
  virtual ~Formatter() = default;
  virtual std::string format(const std::string& line) = 0;
};

class Pipeline {
 public:
  std::string run(const std::string& line);
  void set(std::unique_ptr<Formatter> formatter);

 private:
  std::mutex mu_;
  std::unique_ptr<Formatter> formatter_;
};

}  // namespace logging

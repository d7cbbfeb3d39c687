#include "logger.h"

namespace logging {

// positive: one LogSink of the project (CallbackSink, sinks.cc) runs a user's std::function.
void Logger::log(const std::string& line) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& sink : sinks_) sink->write(line);  // expect: concur-locked-callback
}

void Logger::add(std::unique_ptr<LogSink> sink) {
  std::lock_guard<std::mutex> lock(mu_);
  sinks_.push_back(std::move(sink));
}

// negative: every Formatter of the project (sinks.cc) is harmless.
std::string Pipeline::run(const std::string& line) {
  std::lock_guard<std::mutex> lock(mu_);
  return formatter_ ? formatter_->format(line) : line;
}

void Pipeline::set(std::unique_ptr<Formatter> formatter) {
  std::lock_guard<std::mutex> lock(mu_);
  formatter_ = std::move(formatter);
}

}  // namespace logging

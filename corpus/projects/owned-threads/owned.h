// Objects that own a thread: they start it when they are built (or when
// asked), and join it when they are destroyed (or when asked).
#pragma once

#include <string>
#include <thread>
#include <vector>

#include "background.h"

namespace owned {

extern std::vector<std::string> g_captured;
extern std::vector<std::string> g_notes;

// The writer starts its thread in its constructor; the sink owns a writer
// and waits for it in its destructor (sinks.cc).
class CaptureWriter : public BackgroundTask {
 public:
  CaptureWriter() { begin(); }

 private:
  void body() override;
};

class CaptureSink {
 public:
  explicit CaptureSink(int lines);
  ~CaptureSink();

 private:
  int lines_;
  CaptureWriter writer_;
};

size_t capture_lines();
size_t capture_and_note();

// A std::thread member started by the constructor's initializer and joined,
// when it holds a thread, by the destructor (flusher.cc).
class Flusher {
 public:
  explicit Flusher(std::string path);
  ~Flusher();

 private:
  std::string path_;
  std::thread worker_;
};

size_t flush_all();

// Started and stopped by explicit calls on a local object (poller.cc).
class Poller {
 public:
  void start();
  void stop();

 private:
  void run();
  std::thread thread_;
};

size_t poll_once();

// A thread its owner lets go of: the destructor detaches it (ticker.cc).
class Ticker {
 public:
  Ticker();
  ~Ticker();

 private:
  std::thread thread_;
};

size_t tick_briefly();

// A monitor whose constructor and destructor the compiler writes: they
// build and destroy its heartbeat, which owns a thread (crews.cc).
class Heartbeat {
 public:
  Heartbeat();
  ~Heartbeat();

 private:
  std::thread thread_;
};

class Monitor {
 public:
  int checks() const { return checks_; }

 private:
  Heartbeat heartbeat_;
  int checks_ = 0;
};

size_t monitor_briefly();
size_t run_shift();
size_t run_rounds();
size_t pump_once();
size_t drain_once();
size_t measure_sizes();
size_t measure_depths();
size_t measure_widths();

// Threads of objects held by a local std::unique_ptr (heap_crews.cc).
void load_in_block();
void store_with_new();
void store_before_crew();
void load_while_crew_runs();
void trip_and_keep();
void patrol_and_leak();

// Tasks handed to a pool by a function that does not own it (pool_handoffs.cc).
void forget_peers();
void close_sessions();

// Objects that start several threads into a vector of handles (worker_vectors.cc).
void serve_requests();
void scan_shards();
void tally_rows();
void read_hits();
size_t finish_solo();

// Objects a factory makes and returns in a std::unique_ptr (factory_crews.cc).
void run_factory_jobs();
void keep_factory_batches();
void run_factory_waves();
void release_factory_rounds();

}  // namespace owned

// Owners the compiler writes part of: a monitor whose constructor and
// destructor are the compiler's own (they build and destroy its heartbeat),
// and a class template that starts the callable it is given.
#include "owned.h"

#include <utility>

namespace owned {

std::vector<int> g_beats;
std::vector<int> g_shifts;

static void beat() {
  // negative: monitor_briefly reads the beats after the monitor (and its heartbeat) is gone.
  g_beats.push_back(1);
}

Heartbeat::Heartbeat() : thread_(beat) {}

Heartbeat::~Heartbeat() { thread_.join(); }

// A crew runs one job on its own thread for as long as it exists.
template <class Job>
class Crew {
 public:
  explicit Crew(Job job) : thread_(std::move(job)) {}
  ~Crew() { thread_.join(); }

 private:
  std::thread thread_;
};

size_t monitor_briefly() {
  g_beats.clear();
  {
    Monitor monitor;
    monitor.checks();
  }
  return g_beats.size();
}

size_t run_shift() {
  g_shifts.clear();
  {
    Crew crew([] {
      // negative: the crew is joined before run_shift reads the shifts.
      g_shifts.push_back(8);
    });
  }
  return g_shifts.size();
}

// Helpers that run the callable they are given on a thread and join it.
template <class Job>
static void run_joined(Job job) {
  std::thread thread(job);
  thread.join();
}

static void run_joined_function(void (*job)()) {
  std::thread thread(job);
  thread.join();
}

std::vector<int> g_rounds;

static void add_round() {
  // negative: run_joined_function joins the thread that runs this before returning.
  g_rounds.push_back(2);
}

size_t run_rounds() {
  g_rounds.clear();
  run_joined([] {
    // negative: run_joined joins the thread that runs this lambda before returning.
    g_rounds.push_back(1);
  });
  run_joined_function(&add_round);
  return g_rounds.size();
}

}  // namespace owned

// Started and stopped by explicit calls on a local object.
#include "owned.h"

namespace owned {

std::vector<int> g_polls;

void Poller::start() { thread_ = std::thread(&Poller::run, this); }

void Poller::stop() { thread_.join(); }

void Poller::run() {
  // negative: poll_once reads the results after stop() joined the thread.
  g_polls.push_back(1);
}

size_t poll_once() {
  g_polls.clear();
  Poller poller;
  poller.start();
  poller.stop();
  return g_polls.size();
}

}  // namespace owned

#include <cstdio>
#include <map>
#include <mutex>
#include <string>

#include "thread.h"

namespace {

std::mutex* g_bump_lock = nullptr;
std::mutex* g_preload_lock = nullptr;
std::map<std::string, int> g_hits;
std::mutex g_hits_mu;

void Bump() {
  if (!g_bump_lock) g_bump_lock = new std::mutex;  // expect: concur-racy-lazy-init
  std::lock_guard<std::mutex> hold(*g_bump_lock);
}

int Hits(const std::string& name) {
  std::lock_guard<std::mutex> hold(g_hits_mu);
  return g_hits[name];
}

class Worker : public tobj::Runnable {
 public:
  explicit Worker(std::string name) : name_(std::move(name)) {}
  // positive (both findings): w1's and w2's threads run this at once.
  void run() override {
    Bump();
    g_hits[name_] += 1;  // expect: concur-shared-global-cache
    std::printf("%d\n", Hits(name_));
  }

 private:
  std::string name_;
};

// A warm-up Runnable touches nothing shared: `target.run ()` in Thread::start
// is followed into every override of run (concur does not tell which object
// each Thread is handed), so what Preload::run changed would count as
// running alongside the workers too.
class Preload : public tobj::Runnable {
 public:
  void run() override { std::printf("warm\n"); }
};

// negative: the workers read under the lock every change takes.
int HitsOf(const std::string& name) {
  std::lock_guard<std::mutex> hold(g_hits_mu);
  auto it = g_hits.find(name);
  return it == g_hits.end() ? 0 : it->second;
}

// negative: main sets it up before any thread starts.
void SetUpPreloadLock() {
  if (!g_preload_lock) g_preload_lock = new std::mutex;
  std::lock_guard<std::mutex> hold(*g_preload_lock);
}

}  // namespace

int main() {
  SetUpPreloadLock();
  Preload preload;
  tobj::Thread warm;
  warm.start(preload);
  warm.join();

  Worker w1("a"), w2("b");
  tobj::Thread t1, t2;
  t1.start(w1);
  t2.start(w2);
  t1.join();
  t2.join();
  return Hits("a") + HitsOf("b") > 0 ? 0 : 1;
}

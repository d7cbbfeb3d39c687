// Delivery options kept in variables of an anonymous namespace: only this file can change
// them. A field no code here writes keeps its initializer (`quiet` below never runs the
// listener); one some function writes (`g_live.notify`) may be either value, so the call is
// reported.
#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace {

struct DeliveryOptions {
  bool notify = true;
  int retries = 0;
};

DeliveryOptions g_quiet{.notify = false};
DeliveryOptions g_loud;
DeliveryOptions g_live{.notify = false};

}  // namespace

void SetRetries(int n) {
  g_quiet.retries = n;
  g_loud.retries = n;
}

void SetLive(bool on) { g_live.notify = on; }

class Outbox {
public:
  explicit Outbox(std::function<void(const std::string&)> listener) : listener_(std::move(listener)) {}

  // negative: g_quiet.notify is false, and nothing in this file writes it.
  void PushQuiet(const std::string& m) {
    std::lock_guard<std::mutex> guard(mu_);
    queue_.push_back(m);
    Deliver(m, g_quiet);
  }

  // positive: g_loud.notify keeps its default, true.
  void PushLoud(const std::string& m) {
    std::lock_guard<std::mutex> guard(mu_);
    queue_.push_back(m);
    Deliver(m, g_loud);  // expect: concur-locked-callback
  }

  // positive: SetLive may have turned g_live.notify on.
  void PushLive(const std::string& m) {
    std::lock_guard<std::mutex> guard(mu_);
    queue_.push_back(m);
    Deliver(m, g_live);  // expect: concur-locked-callback
  }

  // negative: a pointer to g_quiet, const, changes nothing.
  void PushQuietByPointer(const std::string& m) {
    std::lock_guard<std::mutex> guard(mu_);
    queue_.push_back(m);
    DeliverVia(m, &g_quiet);
  }

private:
  void Deliver(const std::string& m, const DeliveryOptions& o) {
    if (o.notify && listener_) listener_(m);
  }
  void DeliverVia(const std::string& m, const DeliveryOptions* o) {
    if (o->notify && listener_) listener_(m);
  }

  std::mutex mu_;
  std::vector<std::string> queue_;
  std::function<void(const std::string&)> listener_;
};

// Delivery options a C++ library defines in delivery_defaults.cc and declares here.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

struct DeliveryOptions {
  bool notify = true;
  int retries = 0;
};

extern const DeliveryOptions kQuietDelivery;  // notify = false
extern const DeliveryOptions kLoudDelivery;   // notify = true

class Outbox {
public:
  explicit Outbox(std::function<void(const std::string&)> listener) : listener_(std::move(listener)) {}
  void PushQuiet(const std::string& m);
  void PushLoud(const std::string& m);

private:
  void Deliver(const std::string& m, const DeliveryOptions& o) {
    if (o.notify && listener_) listener_(m);
  }

  std::mutex mu_;
  std::vector<std::string> queue_;
  std::function<void(const std::string&)> listener_;
};

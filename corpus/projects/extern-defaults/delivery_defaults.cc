#include "delivery.h"

const DeliveryOptions kQuietDelivery{.notify = false, .retries = 1};
const DeliveryOptions kLoudDelivery{.notify = true};

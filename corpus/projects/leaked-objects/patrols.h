// Objects that start a thread when built, made where nothing tracks them.
#pragma once

namespace patrols {

void reset_then_leak_patrol();
void reset_laps_of_shared_patrol();

}  // namespace patrols

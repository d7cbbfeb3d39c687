// A program whose first job leaves a thread running.
#include "patrols.h"

int main() {
  patrols::reset_then_leak_patrol();
  patrols::reset_laps_of_shared_patrol();
  return 0;
}

#include "counters_testing.h"

namespace counters {

// negative: test support (no test calls it yet): test code is serial unless it starts threads.
const std::string& NewSampleName() {
  static auto* names = new std::vector<std::string>();
  names->push_back("sample" + std::to_string(names->size()));
  return names->back();
}

}  // namespace counters

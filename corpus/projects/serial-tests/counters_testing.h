// Test support for the counters tests (abseil's *_testing.h convention):
// test code, serial like the tests that use it.
#pragma once

#include <string>
#include <vector>

namespace counters {

// A new name for each call, kept for the whole test run.
const std::string& NewSampleName();

}  // namespace counters

// A small library and its gtest tests. Test code that starts no thread is
// serial; a test that starts threads makes what they run concurrent.
#pragma once

#include <map>
#include <string>

namespace counters {

void Count(const std::string& name);
void CountFromWorker(const std::string& name);
int Get(const std::string& name);

}  // namespace counters

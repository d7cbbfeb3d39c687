#include "tool.h"

#include <cstdio>

namespace tool {

bool g_verbose = true;

int Run(const std::string& command) {
  if (g_verbose) std::printf("running %s\n", command.c_str());
  return Intern(command);
}

// negative: save/switch/restore of a global flag in a program with one thread.
void RunQuietly(const std::string& command) {
  const bool saved = g_verbose;
  g_verbose = false;
  Run(command);
  g_verbose = saved;
}

}  // namespace tool

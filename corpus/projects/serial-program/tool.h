// A command-line tool that never starts a thread: its global caches and
// flags are touched by one thread only. No finding without evidence of
// concurrency.
#pragma once

#include <map>
#include <string>

namespace tool {

extern std::map<std::string, int> g_symbols;
extern bool g_verbose;

int Intern(const std::string& name);
void RunQuietly(const std::string& command);
int Run(const std::string& command);

}  // namespace tool

// A program whose start-up helper starts the workers and then goes on: what
// it does after the start runs alongside them, though main calls it before
// main itself starts anything.
#pragma once

#include <map>
#include <string>
#include <thread>
#include <vector>

namespace app {

extern std::map<std::string, int> g_routes;
extern std::vector<std::string> g_events;
extern std::map<int, int> g_limits;

void LoadConfig();
void StartServer(std::vector<std::thread>& workers);
void Worker(int id);
void RecordStarted();
void ApplyLimits();

}  // namespace app

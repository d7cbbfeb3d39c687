#include "service.h"

namespace svc {

std::vector<std::string> g_recent_files;

// negative: a GUI callback: nothing in the project calls it, the framework
// calls it on the main thread, and no thread touches g_recent_files.
void OnMenuClick(const std::string& file) { g_recent_files.push_back(file); }

}  // namespace svc

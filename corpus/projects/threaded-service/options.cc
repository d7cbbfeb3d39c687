#include "service.h"

namespace svc {

std::map<std::string, std::string> g_options;

// negative: main calls it before it starts a thread.
void ParseOptions(int argc, char** argv) {
  for (int i = 1; i + 1 < argc; i += 2) g_options[argv[i]] = argv[i + 1];
}

}  // namespace svc

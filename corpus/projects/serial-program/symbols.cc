#include "tool.h"

namespace tool {

std::map<std::string, int> g_symbols;

// negative: check-then-act on a global cache, but only one thread exists.
int Intern(const std::string& name) {
  auto it = g_symbols.find(name);
  if (it != g_symbols.end()) return it->second;
  const int id = static_cast<int>(g_symbols.size());
  g_symbols.emplace(name, id);
  return id;
}

}  // namespace tool

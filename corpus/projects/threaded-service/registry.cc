#include "service.h"

namespace svc {

// negative: the accessor itself only returns the singleton.
Registry& registry() {
  static Registry* r = new Registry;
  return *r;
}

// negative: the accessor itself only returns the map it leaked.
std::map<std::string, std::string>& hosts() {
  static auto* known = new std::map<std::string, std::string>;
  return *known;
}

// negative: called from static initializers only (plugins.cc), before main.
void RegisterPlugin(const std::string& name, int id) { registry().entries[name] = id; }

}  // namespace svc

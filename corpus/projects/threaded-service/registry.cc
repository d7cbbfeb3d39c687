#include "service.h"

namespace svc {

// negative: the accessor itself only returns the singleton.
Registry& registry() {
  static Registry* r = new Registry;
  return *r;
}

// negative: called from static initializers only (plugins.cc), before main.
void RegisterPlugin(const std::string& name, int id) { registry().entries[name] = id; }

}  // namespace svc

#include "service.h"

namespace svc {
namespace {

struct PluginRegistrar {
  // negative: static initialization runs before main, before any thread.
  PluginRegistrar(const char* name, int id) { RegisterPlugin(name, id); }
};

PluginRegistrar g_gzip("gzip", 1);
PluginRegistrar g_zstd("zstd", 2);

}  // namespace
}  // namespace svc

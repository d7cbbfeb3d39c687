#include "daemon.h"

void config_start(void);
void config_stop(void);
void stats_reset(void);

int main(int argc, char **argv) {
  workers_start(argc);
  sweeper_start();
  maintainer_start();
  config_start();
  registry_load(argv[0]);
  registry_lookup(argv[0]);
  for (int i = 0; i < 3; i++) {
    limits_reload(1L << (20 + i));
    stats_reset();
  }
  config_stop();
  workers_stop();
  sweeper_stop();
  maintainer_stop();
  registry_unload();
  return 0;
}

#include <stdlib.h>

#include "cache.h"

int main(int argc, char **argv) {
  log_start();
  /* positive: the logger already runs and sets the verbosity under its lock. */
  log_verbosity = argc > 1 ? atoi(argv[1]) : 0; /* expect: concur-shared-global-cache */
  admin_start();
  table_init(10);
  routes_init(8);
  limits_init(64L << 20);
  pool_prefill();
  workers_start(4);
  limits_adjust(1024);
  workers_join();
  return 0;
}

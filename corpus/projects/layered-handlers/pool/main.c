#include "log.h"
#include "pool.h"

#include <stdio.h>

static void print_with_pool_size(int level, const char *line) {
  printf("[%d] %s (%d pooled)\n", level, line, pool_size());
}

int main(void) {
  log_set_handler(print_with_pool_size);
  for (int id = 1; id <= 3; ++id) pool_add(id);
  pool_drop(2);
  stats_record(7);
  pool_flush();
  return 0;
}

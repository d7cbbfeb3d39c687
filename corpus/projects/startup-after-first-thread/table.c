#include <stdlib.h>

#include "cache.h"

pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
unsigned table_power;
long memory_limit;
static void **table;

/* negative: main calls it after the logger started and before any worker:
   the logger never touches the table. */
void table_init(unsigned power) {
  table_power = power;
  table = calloc(1u << power, sizeof *table);
}

/* A worker grows the table under its lock. */
void table_grow(void) {
  pthread_mutex_lock(&table_lock);
  table_power++;
  table = realloc(table, (1u << table_power) * sizeof *table);
  pthread_mutex_unlock(&table_lock);
}

/* negative: the same, a helper of start-up. */
void limits_init(long limit) { memory_limit = limit; }

/* positive: main also calls it once the workers run, and they adjust the
   limit under the table lock. */
void limits_adjust(long delta) {
  memory_limit += delta; /* expect: concur-shared-global-cache */
}

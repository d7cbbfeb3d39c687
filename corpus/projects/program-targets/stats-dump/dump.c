/* The dump program's report, beside its main in the same target. */
#include <pthread.h>

#include "report.h"

static pthread_mutex_t dump_lock = PTHREAD_MUTEX_INITIALIZER;
static long dumps;

/* negative: linked into stats-dump only, whose main passes its own file
   writer. */
void dump_report(add_line_fn add, void *out) {
  pthread_mutex_lock(&dump_lock);
  dumps++;
  add("dumps", dumps, out);
  pthread_mutex_unlock(&dump_lock);
}

/* The slab allocator's report: an external function of a file without main,
   which a library build would export as it is. */
#include <pthread.h>

#include "stats.h"

static pthread_mutex_t slabs_lock = PTHREAD_MUTEX_INITIALIZER;
static long slabs_used;

/* positive: any code linked with this file can pass its own writer, and it
   runs under slabs_lock (a writer that asks for the slab report again
   deadlocks). */
void slab_report(add_line_fn add, void *reply) {
  pthread_mutex_lock(&slabs_lock);
  add("slabs_used", slabs_used, reply); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&slabs_lock);
}

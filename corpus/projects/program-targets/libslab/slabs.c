/* The slab allocator, a library target: any program that links it can pass
   its own writer. */
#include <pthread.h>

#include "report.h"

static pthread_mutex_t slabs_lock = PTHREAD_MUTEX_INITIALIZER;
static long slabs_used;

/* positive: the writer comes from whoever links the library, and runs under
   slabs_lock (a writer that asks for the slab report again deadlocks). */
void slabs_report(add_line_fn add, void *out) {
  pthread_mutex_lock(&slabs_lock);
  add("slabs_used", slabs_used, out); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&slabs_lock);
}

/* negative: the same report from a copy taken under the lock; the writer
   runs after the unlock. */
void slabs_report_unlocked(add_line_fn add, void *out) {
  pthread_mutex_lock(&slabs_lock);
  long used = slabs_used;
  pthread_mutex_unlock(&slabs_lock);
  add("slabs_used", used, out);
}

void (*slabs_on_reset)(void);

/* positive: the library's hook, which any program that links libslab may set
   to its own function; it runs under slabs_lock. */
void slabs_reset(void) {
  pthread_mutex_lock(&slabs_lock);
  slabs_used = 0;
  if (slabs_on_reset) slabs_on_reset(); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&slabs_lock);
}

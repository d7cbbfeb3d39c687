/* concur-shared-global-cache: libuv's mutexes and reader-writer locks
 * (uv_mutex_lock, uv_rwlock_rdlock, ...) are locks in the default vocabulary,
 * as pthread's and GLib's are. The declarations below stand in for <uv.h>
 * (same names and signatures) so the corpus builds without libuv installed. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <string.h>

typedef pthread_mutex_t uv_mutex_t;
typedef pthread_rwlock_t uv_rwlock_t;
void uv_mutex_lock(uv_mutex_t* handle);
void uv_mutex_unlock(uv_mutex_t* handle);
void uv_rwlock_rdlock(uv_rwlock_t* rwlock);
void uv_rwlock_rdunlock(uv_rwlock_t* rwlock);
void uv_rwlock_wrlock(uv_rwlock_t* rwlock);
void uv_rwlock_wrunlock(uv_rwlock_t* rwlock);

static uv_mutex_t lines_lock;
static char lines[64][32];
static int line_count;

/* negative: appended under uv_mutex_lock. */
void lines_append(const char* line) {
  uv_mutex_lock(&lines_lock);
  strncpy(lines[line_count++ % 64], line, 31);
  uv_mutex_unlock(&lines_lock);
}

/* positive: the same counter reset without the lock the appender holds. */
void lines_reset(void) {
  line_count = 0; /* expect: concur-shared-global-cache */
}

static uv_rwlock_t names_lock;
static int name_total;

/* negative: written under the writer lock. */
void names_add(int n) {
  uv_rwlock_wrlock(&names_lock);
  name_total += n;
  uv_rwlock_wrunlock(&names_lock);
}

/* positive: written under only the reader lock. */
void names_bump(void) {
  uv_rwlock_rdlock(&names_lock);
  name_total++; /* expect: concur-shared-global-cache */
  uv_rwlock_rdunlock(&names_lock);
}

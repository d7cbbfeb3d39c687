/* An admin thread that starts the route refresher when an operator asks: a
   thread it starts in turn runs alongside whatever main does after it. */
#include <pthread.h>
#include <sched.h>

void quota_from_admin(void);

static pthread_mutex_t route_lock = PTHREAD_MUTEX_INITIALIZER;
static int route_count;
static pthread_t admin_thread, refresher_thread;

static void *refresh_routes(void *arg) {
  pthread_mutex_lock(&route_lock);
  route_count = 0;
  pthread_mutex_unlock(&route_lock);
  return arg;
}

static void *admin_loop(void *arg) {
  for (int i = 0; i < 3; i++) sched_yield();
  quota_from_admin();
  pthread_create(&refresher_thread, NULL, refresh_routes, NULL);
  pthread_join(refresher_thread, NULL);
  return arg;
}

void admin_start(void) { pthread_create(&admin_thread, NULL, admin_loop, NULL); }

/* positive: main calls it after the admin thread started, which may start
   the refresher at any time. */
void routes_init(int n) {
  route_count = n; /* expect: concur-shared-global-cache */
}

/* concur-locked-callback through a runner: a function that is handed a
   callable and calls it (dbus's protected_change_watch, given
   _dbus_watch_list_add_watch, which calls the application's watch function).
   A runner that unlocks the caller's lock around the call runs the callable
   without it; one that keeps the lock runs it under the lock. */
#include <pthread.h>
#include <stddef.h>

struct watch_list {
  int (*add_function)(void *watch, void *data);
  void *data;
};

void watch_list_set_functions(struct watch_list *list, int (*add_function)(void *watch, void *data), void *data) {
  list->add_function = add_function;
  list->data = data;
}

int watch_list_add_watch(struct watch_list *list, void *watch) {
  return list->add_function ? list->add_function(watch, list->data) : 1;
}

struct server {
  pthread_mutex_t mutex;
  struct watch_list *watches;
  int listening;
};

/* Called with the server lock held; unlocks it around the list function. */
static int protected_change_watch(struct server *server, void *watch,
                                  int (*change_function)(struct watch_list *list, void *watch)) {
  struct watch_list *watches = server->watches;
  int result;
  if (watches == NULL) return 0;
  server->watches = NULL;
  pthread_mutex_unlock(&server->mutex);
  result = change_function(watches, watch);
  pthread_mutex_lock(&server->mutex);
  server->watches = watches;
  return result;
}

/* Called with the server lock held; keeps it while the list function runs. */
static int locked_change_watch(struct server *server, void *watch,
                               int (*change_function)(struct watch_list *list, void *watch)) {
  return server->watches ? change_function(server->watches, watch) : 0;
}

int server_add_watch(struct server *server, void *watch) {
  return protected_change_watch(server, watch, watch_list_add_watch);
}

int server_add_watch_locked(struct server *server, void *watch) {
  /* positive: every caller holds the server lock, which this runner keeps while the application's watch function runs. */
  return locked_change_watch(server, watch, watch_list_add_watch); /* expect: concur-locked-callback */
}

void server_listen(struct server *server, void *watch) {
  pthread_mutex_lock(&server->mutex);
  server->listening = 1;
  /* negative: the runner unlocks the server lock before the application's watch function runs. */
  server_add_watch(server, watch);
  pthread_mutex_unlock(&server->mutex);
}

void server_listen_locked(struct server *server, void *watch) {
  pthread_mutex_lock(&server->mutex);
  server->listening = 1;
  /* positive: the keeping runner runs the application's watch function under this lock (also reported above, where it is handed the list function). */
  server_add_watch_locked(server, watch); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&server->mutex);
}

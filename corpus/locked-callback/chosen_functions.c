/* concur-locked-callback through a call of a function chosen by a condition:
   glib's g_signal_connect_data calls
   `(swapped ? g_cclosure_new_swap : g_cclosure_new) (c_handler, data, destroy_data)`.
   That is a call of one of the two functions, not of an unknown pointer. */
#include <pthread.h>

typedef void (*handler_fn)(void);

static void *closure_new(handler_fn handler, void *data) {
  (void)handler;
  return data;
}
static void *closure_new_swap(handler_fn handler, void *data) {
  (void)handler;
  return data;
}
/* Runs the handler at once. */
static void *closure_new_eager(handler_fn handler, void *data) {
  handler();
  return data;
}

static pthread_mutex_t connect_lock = PTHREAD_MUTEX_INITIALIZER;

void *connect_handler(handler_fn handler, void *data, int swapped) {
  pthread_mutex_lock(&connect_lock);
  /* negative: either closure constructor only stores the handler. */
  void *closure = (swapped ? closure_new_swap : closure_new)(handler, data);
  pthread_mutex_unlock(&connect_lock);
  return closure;
}

void *connect_handler_now(handler_fn handler, void *data, int eager) {
  pthread_mutex_lock(&connect_lock);
  /* positive: closure_new_eager runs the application's handler under the lock. */
  void *closure = (eager ? &closure_new_eager : &closure_new)(handler, data); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&connect_lock);
  return closure;
}

static void quiet_log(const char *line) { (void)line; }
static void count_log(const char *line) { (void)line; }
static void (*log_hook)(const char *) = count_log;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

/* negative: the hook is only ever set to one of the library's own two functions. */
void log_set_quiet(int quiet) { log_hook = quiet ? quiet_log : count_log; }

/* negative: log_hook holds quiet_log or count_log, both of this file. */
void log_line(const char *line) {
  pthread_mutex_lock(&log_lock);
  log_hook(line);
  pthread_mutex_unlock(&log_lock);
}

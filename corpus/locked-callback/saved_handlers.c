/* concur-locked-callback: a handler saved and restored. A setter that
 * returns the handler it replaces (`old = set_handler (h); ... set_handler
 * (old);`, as glib's g_set_print_handler) puts back only what was set
 * before: the pointer holds the handlers the project sets, not any code. */
#include <pthread.h>
#include <stddef.h>

typedef void (*sh_print_fn)(const char *line);

static pthread_mutex_t g_jobs_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t g_lines_lock = PTHREAD_MUTEX_INITIALIZER;
static sh_print_fn g_print_handler;
static long g_jobs, g_lines;

static void sh_print_quiet(const char *line) { (void)line; }
static void sh_print_counted(const char *line) {
  (void)line;
  pthread_mutex_lock(&g_lines_lock);
  ++g_lines;
  pthread_mutex_unlock(&g_lines_lock);
}

/* Replaces the handler and returns the one it replaced. */
static sh_print_fn sh_set_print_handler(sh_print_fn handler) {
  sh_print_fn old;
  old = g_print_handler;
  g_print_handler = handler;
  return old;
}

static void sh_print(const char *line) {
  sh_print_fn handler = g_print_handler;
  if (handler) handler(line);
}

/* Puts a saved handler back, for callers that pass the one they saved. */
static void sh_restore_print_handler(sh_print_fn saved) { sh_set_print_handler(saved); }

/* negative: the handler is sh_print_quiet, sh_print_counted or what was saved from them; none takes g_jobs_lock. */
void sh_run_job(void) {
  pthread_mutex_lock(&g_jobs_lock);
  ++g_jobs;
  sh_print("job\n");
  pthread_mutex_unlock(&g_jobs_lock);
}

void sh_run_quietly(void) {
  sh_print_fn saved = sh_set_print_handler(sh_print_quiet);
  sh_run_job();
  sh_set_print_handler(saved);
}

void sh_run_counted(void) {
  const sh_print_fn before = sh_set_print_handler(sh_print_counted);
  sh_run_job();
  sh_restore_print_handler(before);
}

/* positive: the handler may be sh_print_counted, which takes g_lines_lock, held here. */
void sh_flush_lines(void) {
  pthread_mutex_lock(&g_lines_lock);
  g_lines = 0;
  sh_print("flushed\n"); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&g_lines_lock);
}

/* A second hook whose saved value goes through a local copy before it comes back. */
static sh_print_fn g_error_handler = sh_print_quiet;

static sh_print_fn sh_swap_error_handler(sh_print_fn handler) {
  sh_print_fn previous = g_error_handler;
  g_error_handler = handler;
  sh_print_fn result = previous;
  return result;
}

/* negative: the error handler is sh_print_quiet or sh_print_counted, saved and put back through locals. */
void sh_report_error(const char *line) {
  pthread_mutex_lock(&g_jobs_lock);
  g_error_handler(line);
  pthread_mutex_unlock(&g_jobs_lock);
}

void sh_with_counted_errors(void) {
  sh_print_fn saved = sh_swap_error_handler(sh_print_counted);
  sh_report_error("counted\n");
  sh_print_fn copy = saved;
  sh_swap_error_handler(copy);
}

/* The C shape: signal() installs the handler directly, and the hook is a struct's member. */
#include <pthread.h>
#include <signal.h>

struct reporter {
  pthread_mutex_t lock;
  void (*write_line)(const char *line);
  void (*on_flush)(void);
};

static struct reporter crash_reporter = {PTHREAD_MUTEX_INITIALIZER, 0, 0};

void reporter_set_writer(struct reporter *r, void (*write_line)(const char *)) { r->write_line = write_line; }
void reporter_set_flush_hook(struct reporter *r, void (*on_flush)(void)) { r->on_flush = on_flush; }

/* negative: the SIGABRT handler reaches this; the writer must be async-signal-safe. */
static void reporter_emit(struct reporter *r, const char *line) {
  pthread_mutex_lock(&r->lock);
  r->write_line(line);
  pthread_mutex_unlock(&r->lock);
}

/* positive: nothing a signal handler runs calls reporter_flush. */
void reporter_flush(struct reporter *r) {
  pthread_mutex_lock(&r->lock);
  r->on_flush(); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&r->lock);
}

static void on_abort(int signo) {
  (void)signo;
  reporter_emit(&crash_reporter, "aborted");
}

void reporter_install(void) { signal(SIGABRT, on_abort); }

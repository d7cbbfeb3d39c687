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

/* The SIGABRT handler writes through this without a lock, so the writer must be
   async-signal-safe, and takes no lock. */
static void reporter_write(struct reporter *r, const char *line) { r->write_line(line); }

/* negative: the same writer, called with the reporter's lock held, cannot take that lock again. */
void reporter_log(struct reporter *r, const char *line) {
  pthread_mutex_lock(&r->lock);
  reporter_write(r, line);
  pthread_mutex_unlock(&r->lock);
}

/* positive: nothing a signal handler runs calls reporter_flush. */
void reporter_flush(struct reporter *r) {
  pthread_mutex_lock(&r->lock);
  r->on_flush(); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&r->lock);
}

struct client {
  pthread_mutex_t callback_lock;
  void (*on_disconnect)(struct client *c);
};
static struct client the_client = {PTHREAD_MUTEX_INITIALIZER, 0};

void client_set_on_disconnect(struct client *c, void (*f)(struct client *)) { c->on_disconnect = f; }

/* positive: a SIGINT handler reaches this, but through a path that takes a lock, which no
   async-signal-safe code does: the program does not keep this path signal-safe, so nothing
   follows about the hook (mosquitto's clients call mosquitto_disconnect from SIGINT). */
void client_disconnect(struct client *c) {
  pthread_mutex_lock(&c->callback_lock);
  if (c->on_disconnect) c->on_disconnect(c); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&c->callback_lock);
}

static void on_interrupt(int signo) {
  (void)signo;
  client_disconnect(&the_client);
}

static void on_abort(int signo) {
  (void)signo;
  reporter_write(&crash_reporter, "aborted");
}

/* A hook variable the SIGTERM handler calls itself: whatever it holds must be
   async-signal-safe, wherever else it is called. */
static void (*g_wake_hook)(void);
static void (*g_quit_hook)(void);
static volatile sig_atomic_t g_quitting;
static pthread_mutex_t g_loop_lock = PTHREAD_MUTEX_INITIALIZER;

void loop_set_wake_hook(void (*hook)(void)) { g_wake_hook = hook; }
void loop_set_quit_hook(void (*hook)(void)) { g_quit_hook = hook; }

/* The SIGHUP handler reaches its hook through a helper. */
static void (*g_reload_hook)(int generation);
void loop_set_reload_hook(void (*hook)(int generation)) { g_reload_hook = hook; }
static void notify_reload(int generation) {
  if (g_reload_hook) (*g_reload_hook)(generation);
}
static void on_hangup(int signo) { notify_reload(signo); }

static void on_terminate(int signo) {
  g_quitting = signo;
  if (g_wake_hook) g_wake_hook();
}

/* negative: g_reload_hook runs in the SIGHUP handler's helper too. */
void loop_reload(int generation) {
  pthread_mutex_lock(&g_loop_lock);
  (*g_reload_hook)(generation);
  pthread_mutex_unlock(&g_loop_lock);
}

/* negative: the handler calls the same g_wake_hook, so it takes no lock. */
void loop_wake(void) {
  pthread_mutex_lock(&g_loop_lock);
  if (g_wake_hook) g_wake_hook();
  pthread_mutex_unlock(&g_loop_lock);
}

/* positive: no handler calls g_quit_hook, a hook of the same shape. */
void loop_quit(void) {
  pthread_mutex_lock(&g_loop_lock);
  if (g_quit_hook) g_quit_hook(); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&g_loop_lock);
}

void reporter_install(void) {
  signal(SIGABRT, on_abort);
  signal(SIGINT, on_interrupt);
  signal(SIGTERM, on_terminate);
  signal(SIGHUP, on_hangup);
}

/* A helper the SIGUSR1 handler runs with a flags word it reads at run time, and that is called
   elsewhere with a constant: that call runs the same code (a part of it), so the writer it calls
   is as async-signal-safe there. */
#define SPOOL_WRITE 0x1u
struct spool {
  pthread_mutex_t lock;
  void (*write_record)(const char *record);
  const char *pending;
};
static struct spool the_spool = {PTHREAD_MUTEX_INITIALIZER, 0, 0};
static volatile sig_atomic_t g_spool_flags;

void spool_set_writer(struct spool *s, void (*write_record)(const char *)) { s->write_record = write_record; }

static void spool_drain(struct spool *s, unsigned flags) {
  if ((flags & SPOOL_WRITE) && s->pending) s->write_record(s->pending);
  s->pending = 0;
}

static void on_user_signal(int signo) {
  (void)signo;
  spool_drain(&the_spool, (unsigned)g_spool_flags);
}

/* negative: spool_drain's writer also runs in the SIGUSR1 handler, so it takes no lock. */
void spool_flush(struct spool *s) {
  pthread_mutex_lock(&s->lock);
  spool_drain(s, SPOOL_WRITE);
  pthread_mutex_unlock(&s->lock);
}

void spool_install(void) { signal(SIGUSR1, on_user_signal); }

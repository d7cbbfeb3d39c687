/* A library function that registers a callable (atexit, pthread_atfork,
   signal: a registration stores it to run later) does not run it under the
   caller's lock, also behind a wrapper of the project; one that runs what it
   is given now (pthread_once, twalk) does. */
#define _XOPEN_SOURCE 700
#include <pthread.h>
#include <signal.h>
#include <search.h>
#include <stdlib.h>

static pthread_mutex_t journal_lock = PTHREAD_MUTEX_INITIALIZER;
static int journal_entries;
static pthread_once_t journal_once = PTHREAD_ONCE_INIT;

static void flush_journal(void) {
  pthread_mutex_lock(&journal_lock);
  journal_entries = 0;
  pthread_mutex_unlock(&journal_lock);
}

static void on_hangup(int signo) {
  (void)signo;
  flush_journal();
}

static void before_fork(void) { pthread_mutex_lock(&journal_lock); }
static void after_fork(void) { pthread_mutex_unlock(&journal_lock); }

/* A wrapper of the project: whoever calls it registers, it runs nothing. */
static int at_shutdown(void (*hook)(void)) { return atexit(hook); }

/* negative: atexit stores flush_journal; it runs at exit, after the unlock. */
void journal_open(void) {
  pthread_mutex_lock(&journal_lock);
  journal_entries = 1;
  atexit(flush_journal);
  pthread_mutex_unlock(&journal_lock);
}

/* negative: the same registration through the project's wrapper. */
void journal_open_wrapped(void) {
  pthread_mutex_lock(&journal_lock);
  journal_entries = 1;
  at_shutdown(flush_journal);
  pthread_mutex_unlock(&journal_lock);
}

/* negative: fork handlers and a signal handler, registered under the lock. */
void journal_install_handlers(void) {
  pthread_mutex_lock(&journal_lock);
  pthread_atfork(before_fork, after_fork, after_fork);
  signal(SIGHUP, on_hangup);
  pthread_mutex_unlock(&journal_lock);
}

/* positive: pthread_once runs flush_journal now, on the first call, and it
   takes journal_lock again: the first caller deadlocks. */
void journal_reset_once(void) {
  pthread_mutex_lock(&journal_lock);
  pthread_once(&journal_once, flush_journal); /* expect: concur-self-deadlock */
  pthread_mutex_unlock(&journal_lock);
}

static void (*journal_visit_hook)(const void *node, VISIT order, int depth);
static void *journal_tree;

void journal_set_visit_hook(void (*hook)(const void *, VISIT, int)) { journal_visit_hook = hook; }

/* positive: twalk runs the hook a user set, now, under journal_lock. */
void journal_walk(void) {
  pthread_mutex_lock(&journal_lock);
  twalk(journal_tree, journal_visit_hook); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&journal_lock);
}

static void (*journal_stop_hook)(void);

void journal_set_stop_hook(void (*hook)(void)) { journal_stop_hook = hook; }

/* negative: the user's hook registered to run at exit, not now. */
void journal_stop_at_exit(void) {
  pthread_mutex_lock(&journal_lock);
  atexit(journal_stop_hook);
  pthread_mutex_unlock(&journal_lock);
}

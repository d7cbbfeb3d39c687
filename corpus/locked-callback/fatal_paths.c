/* Foreign code that runs only on the way to abort(): a fatal log's hook, an out-of-memory
 * handler, a crash report. Every path from the call ends the process, so a deadlock there changes
 * only how the process dies. The same calls on a path that goes on are reported. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

typedef void (*fp_hook_fn)(const char *msg);
static fp_hook_fn fp_fatal_hook;
static fp_hook_fn fp_warning_hook;
void fp_set_fatal_hook(fp_hook_fn hook) { fp_fatal_hook = hook; }
void fp_set_warning_hook(fp_hook_fn hook) { fp_warning_hook = hook; }

static pthread_mutex_t fp_lock = PTHREAD_MUTEX_INITIALIZER;
static int fp_count;

/* Ends the process without saying so in its declaration: every path calls abort(). */
static void fp_die(const char *msg) {
  if (fp_fatal_hook) fp_fatal_hook(msg);
  fprintf(stderr, "fatal: %s\n", msg);
  abort();
}

/* Logs, then spins: glib's g_error is g_log (...) followed by for (;;) ;. */
static void fp_log(const char *msg) {
  if (fp_warning_hook) fp_warning_hook(msg);
}
#define FP_ERROR(msg) \
  do {                \
    fp_log(msg);      \
    for (;;)          \
      ;               \
  } while (0)

/* negative: the hook runs only on the way to abort() (a check that fails). */
void fp_add_checked(int n) {
  pthread_mutex_lock(&fp_lock);
  if (n < 0) {
    if (fp_fatal_hook) fp_fatal_hook("negative count");
    abort();
  }
  fp_count += n;
  pthread_mutex_unlock(&fp_lock);
}

/* negative: a helper that never returns, not declared noreturn, called on the error branch. */
void fp_add_or_die(int n) {
  pthread_mutex_lock(&fp_lock);
  if (n < 0) fp_die("negative count");
  fp_count += n;
  pthread_mutex_unlock(&fp_lock);
}

/* negative: the logging call is followed by an idle infinite loop (FP_ERROR). */
void fp_add_or_hang(int n) {
  pthread_mutex_lock(&fp_lock);
  if (n < 0) FP_ERROR("negative count");
  fp_count += n;
  pthread_mutex_unlock(&fp_lock);
}

static void *fp_alloc(size_t size) {
  void *p = malloc(size);
  if (!p) FP_ERROR("out of memory");
  return p;
}

/* negative: the allocator reaches the hook only on its out-of-memory path. */
void *fp_add_node(int n) {
  pthread_mutex_lock(&fp_lock);
  void *node = fp_alloc(16);
  fp_count += n;
  pthread_mutex_unlock(&fp_lock);
  return node;
}

/* positive: a warning goes on after the hook, so the hook runs while the program keeps going. */
void fp_add_warned(int n) {
  pthread_mutex_lock(&fp_lock);
  if (n < 0) fp_log("negative count"); /* expect: concur-locked-callback */
  fp_count += n;
  pthread_mutex_unlock(&fp_lock);
}

/* positive: abort() on one branch only; the hook runs before a branch that may return. */
void fp_add_maybe_fatal(int n, int strict) {
  pthread_mutex_lock(&fp_lock);
  if (n < 0) {
    fp_fatal_hook("negative count"); /* expect: concur-locked-callback */
    if (strict) abort();
  }
  fp_count += n;
  pthread_mutex_unlock(&fp_lock);
}

/* positive: a worker's infinite loop does work; it never returns, but it never ends the process. */
void *fp_worker(void *arg) {
  (void)arg;
  for (;;) {
    pthread_mutex_lock(&fp_lock);
    fp_warning_hook("tick"); /* expect: concur-locked-callback */
    pthread_mutex_unlock(&fp_lock);
  }
}

/* positive: an orderly shutdown (exit(0)) is not a crash: a hook that deadlocks here hangs the
 * program at exit. */
void fp_shutdown(void) {
  pthread_mutex_lock(&fp_lock);
  fp_warning_hook("shutting down"); /* expect: concur-locked-callback */
  exit(0);
}

/* negative: exit(1) after a failed allocation is a failure exit, like abort(). */
void fp_add_or_exit(int n) {
  pthread_mutex_lock(&fp_lock);
  void *p = malloc(16);
  if (!p) {
    fp_warning_hook("out of memory");
    exit(1);
  }
  fp_count += n;
  free(p);
  pthread_mutex_unlock(&fp_lock);
}

/* Defined below its callers: whether it ends the process does not depend on the order. */
static void fp_die_later(const char *msg);

/* negative: the helper defined further down always ends in abort(). */
void fp_add_or_die_later(int n) {
  pthread_mutex_lock(&fp_lock);
  if (n < 0) fp_die_later("negative count");
  fp_count += n;
  pthread_mutex_unlock(&fp_lock);
}

static void fp_die_later(const char *msg) {
  fp_log(msg);
  fp_die(msg);
}

/* A failed precondition, GLib's way: the reporter logs and returns, and the code tells static
 * analyzers that the path is abnormal (analyzer_noreturn, defined only under __clang_analyzer__,
 * which concur defines as clang-tidy does). */
#if defined(__clang_analyzer__)
#define FP_ANALYZER_NORETURN __attribute__((analyzer_noreturn))
#else
#define FP_ANALYZER_NORETURN
#endif
void fp_precondition_failed(const char *expr) FP_ANALYZER_NORETURN;
void fp_precondition_failed(const char *expr) { fp_log(expr); }
#define FP_RETURN_IF_FAIL(expr)         \
  do {                                  \
    if (!(expr)) {                      \
      fp_precondition_failed(#expr);    \
      return;                           \
    }                                   \
  } while (0)

/* negative: the hook runs only when the caller broke the function's contract. */
void fp_add_checked_soft(int n) {
  pthread_mutex_lock(&fp_lock);
  FP_RETURN_IF_FAIL(n >= 0);
  fp_count += n;
  pthread_mutex_unlock(&fp_lock);
}

/* concur-locked-callback: a pointer that walks a static array of tables
   (`for (p = k_filters; p->name; p++) p->apply (...)`, `p = &k_filters[i]`,
   `p = k_filters + i`) calls what the array's entries hold, as
   `k_filters[i].apply (...)` does. Entries that are the project's own
   functions run no foreign code; an entry that calls a hook users set does. */
#include <pthread.h>
#include <stddef.h>

typedef void (*log_hook)(const char *line);

struct filter {
  const char *name;
  int (*apply)(const char *in);
};

static pthread_mutex_t filters_lock = PTHREAD_MUTEX_INITIALIZER;
static log_hook user_hook;
static long applied;

void filters_set_hook(log_hook hook) {
  pthread_mutex_lock(&filters_lock);
  user_hook = hook;
  pthread_mutex_unlock(&filters_lock);
}

static int upper_count(const char *in) { return in[0] >= 'A' && in[0] <= 'Z'; }
static int digit_count(const char *in) { return in[0] >= '0' && in[0] <= '9'; }
static int logged(const char *in) {
  if (user_hook) user_hook(in);
  return 0;
}

static const struct filter k_plain[] = {{"upper", upper_count}, {"digit", digit_count}, {NULL, NULL}};
static const struct filter k_logging[] = {{"upper", upper_count}, {"log", logged}, {NULL, NULL}};

void filters_run_plain(const char *text) {
  const struct filter *f;
  pthread_mutex_lock(&filters_lock);
  /* negative: every entry of k_plain is one of the project's own counting functions. */
  for (f = k_plain; f->name; f++) applied += f->apply(text);
  pthread_mutex_unlock(&filters_lock);
}

void filters_run_one(const char *text, size_t i) {
  const struct filter *f = &k_plain[i];
  pthread_mutex_lock(&filters_lock);
  /* negative: an element's address, still an entry of k_plain. */
  applied += f->apply(text);
  pthread_mutex_unlock(&filters_lock);
}

void filters_run_logging(const char *text) {
  const struct filter *f;
  pthread_mutex_lock(&filters_lock);
  /* positive: k_logging's "log" entry calls the hook users set, under the lock. */
  for (f = k_logging; f->name; f++) applied += f->apply(text); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&filters_lock);
}

void filters_run_from(const char *text, size_t first) {
  const struct filter *f;
  pthread_mutex_lock(&filters_lock);
  /* positive: the same walk from an offset into k_logging. */
  for (f = k_logging + first; f->name; f++) applied += f->apply(text); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&filters_lock);
}

/* The same with an array of plain function pointers, walked by a pointer to
   its elements: `for (step = k_steps; *step; step++) (*step) ();`. */
static void reset_count(void) { applied = 0; }
static void notify_user(void) {
  if (user_hook) user_hook("done");
}
static void (*const k_quiet_steps[])(void) = {reset_count, NULL};
static void (*const k_loud_steps[])(void) = {reset_count, notify_user, NULL};

void filters_reset_quietly(void) {
  void (*const *step)(void);
  pthread_mutex_lock(&filters_lock);
  /* negative: k_quiet_steps holds only reset_count. */
  for (step = k_quiet_steps; *step; step++) (*step)();
  pthread_mutex_unlock(&filters_lock);
}

void filters_reset_loudly(void) {
  void (*const *step)(void);
  pthread_mutex_lock(&filters_lock);
  /* positive: notify_user calls the hook users set, under the lock. */
  for (step = k_loud_steps; *step; step++) (*step)(); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&filters_lock);
}

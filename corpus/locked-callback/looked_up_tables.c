/* concur-locked-callback: a lookup that returns one of the tables a static
 * array lists (`for (p = k_builtin; *p; p++) if (...) return *p;`, a walk of
 * an array of tables that returns the element it stops at, or
 * `return &k_tables[i];`) gives its caller a table whose function pointers
 * hold only what those tables hold, also once a field keeps it
 * (`d->ops = find_builtin (name);`). A helper that calls through the table it
 * is handed is judged at each caller by what that caller hands it: a looked-up
 * table of the project's own functions runs nothing foreign, a table from a
 * public function's caller, or from a registry filled at run time, does. */
#include <pthread.h>
#include <stddef.h>
#include <string.h>

typedef void (*format_hook)(const char *line);

struct format_ops {
  const char *name;
  int (*open)(void **state);
  void (*close)(void *state);
};

static pthread_mutex_t formats_lock = PTHREAD_MUTEX_INITIALIZER;
static format_hook user_hook;
static void *open_state;
static const struct format_ops *registered[8];
static int registered_count;

void formats_set_hook(format_hook hook) { user_hook = hook; }

static int text_open(void **state) { return state != NULL; }
static int json_open(void **state) { return *state == NULL; }
static int hooked_open(void **state) {
  if (user_hook) user_hook("open");
  return state != NULL;
}
static void plain_close(void *state) { (void)state; }

static const struct format_ops text_ops = {"text", text_open, plain_close};
static const struct format_ops json_ops = {"json", json_open, plain_close};
static const struct format_ops hooked_ops = {"hooked", hooked_open, plain_close};

static const struct format_ops *const k_builtin[] = {&text_ops, &json_ops, NULL};
static const struct format_ops *const k_all[] = {&text_ops, &hooked_ops, NULL};
static const struct format_ops k_inline[] = {
    {"csv", text_open, plain_close},
    {"tsv", json_open, plain_close},
    {NULL, NULL, NULL},
};

static const struct format_ops *find_builtin(const char *name) {
  for (const struct format_ops *const *p = k_builtin; *p; p++)
    if (strcmp((*p)->name, name) == 0) return *p;
  return NULL;
}

static const struct format_ops *find_any(const char *name) {
  const struct format_ops *const *p;
  for (p = k_all; *p; p++)
    if (strcmp((*p)->name, name) == 0) return *p;
  return NULL;
}

static const struct format_ops *find_inline(const char *name) {
  const struct format_ops *ops;
  for (ops = k_inline; ops->name; ops++)
    if (strcmp(ops->name, name) == 0) return ops;
  return NULL;
}

static const struct format_ops *inline_at(size_t i) { return &k_inline[i]; }

static const struct format_ops *registered_at(int i) { return registered[i]; }

/* A table in static storage whose open users may replace, by name. */
static struct format_ops custom_ops = {"custom", text_open, plain_close};

void formats_set_custom_open(int (*open)(void **state)) { custom_ops.open = open; }

static const struct format_ops *custom_format(void) { return &custom_ops; }

/* Objects that keep the table a lookup gave them. */
struct reader {
  const struct format_ops *ops;
};
struct writer {
  const struct format_ops *ops;
};

/* Objects that keep an element of an array of table pointers a lookup returned. */
struct decoder {
  const struct format_ops *ops;
};
struct encoder {
  const struct format_ops *ops;
};

void decoder_init(struct decoder *d, const char *name) { d->ops = find_builtin(name); }

void encoder_init(struct encoder *e, const char *name) {
  const struct format_ops *ops = find_any(name);
  e->ops = ops;
}

void reader_init(struct reader *r, const char *name) {
  const struct format_ops *ops = find_inline(name);
  r->ops = ops;
}

void writer_init(struct writer *w) {
  const struct format_ops *ops;
  ops = custom_format();
  w->ops = ops;
}

/* Calls through the table it is handed; its callers hold formats_lock. */
static int open_locked(const struct format_ops *ops) { return ops->open(&open_state); }

void formats_register(const struct format_ops *ops) {
  pthread_mutex_lock(&formats_lock);
  if (registered_count < 8) registered[registered_count++] = ops;
  pthread_mutex_unlock(&formats_lock);
}

int formats_open_builtin(const char *name) {
  const struct format_ops *ops = find_builtin(name);
  int rc = -1;
  if (!ops) return rc;
  pthread_mutex_lock(&formats_lock);
  /* negative: every table k_builtin lists opens with the project's own functions. */
  rc = open_locked(ops);
  pthread_mutex_unlock(&formats_lock);
  return rc;
}

int formats_open_inline(const char *name) {
  const struct format_ops *ops = find_inline(name);
  int rc = -1;
  pthread_mutex_lock(&formats_lock);
  /* negative: an element of k_inline, a walk over an array of tables. */
  if (ops) rc = open_locked(ops);
  pthread_mutex_unlock(&formats_lock);
  return rc;
}

void formats_close_at(size_t i) {
  pthread_mutex_lock(&formats_lock);
  /* negative: `return &k_inline[i];` gives one of k_inline's tables. */
  inline_at(i)->close(open_state);
  pthread_mutex_unlock(&formats_lock);
}

int formats_open_any(const char *name) {
  const struct format_ops *ops = find_any(name);
  int rc = -1;
  if (!ops) return rc;
  pthread_mutex_lock(&formats_lock);
  /* positive: k_all lists hooked_ops, whose open calls the hook users set. */
  rc = open_locked(ops); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&formats_lock);
  return rc;
}

int formats_open_external(const struct format_ops *ops) {
  int rc;
  pthread_mutex_lock(&formats_lock);
  /* positive: the table comes from this public function's caller. */
  rc = open_locked(ops); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&formats_lock);
  return rc;
}

int formats_open_registered(int i) {
  int rc;
  pthread_mutex_lock(&formats_lock);
  /* positive: registered[] holds what formats_register's callers pass. */
  rc = open_locked(registered_at(i)); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&formats_lock);
  return rc;
}

void formats_close_builtin(const char *name) {
  pthread_mutex_lock(&formats_lock);
  /* negative: the looked-up table's close is plain_close, called directly on the result. */
  find_builtin(name)->close(open_state);
  pthread_mutex_unlock(&formats_lock);
}

int formats_open_any_now(const char *name) {
  int rc;
  pthread_mutex_lock(&formats_lock);
  /* positive: called directly on the result, which may be hooked_ops. */
  rc = find_any(name)->open(&open_state); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&formats_lock);
  return rc;
}

int formats_open_custom(void) {
  int rc;
  pthread_mutex_lock(&formats_lock);
  /* positive: custom_ops.open is what formats_set_custom_open's caller passes. */
  rc = custom_format()->open(&open_state); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&formats_lock);
  return rc;
}

void formats_close_custom(void) {
  pthread_mutex_lock(&formats_lock);
  /* negative: nothing replaces custom_ops.close; it stays plain_close. */
  custom_format()->close(open_state);
  pthread_mutex_unlock(&formats_lock);
}

int reader_open(struct reader *r) {
  int rc;
  pthread_mutex_lock(&formats_lock);
  /* negative: r->ops is only ever what find_inline returned, one of k_inline's tables. */
  rc = r->ops->open(&open_state);
  pthread_mutex_unlock(&formats_lock);
  return rc;
}

int decoder_open(struct decoder *d) {
  int rc;
  pthread_mutex_lock(&formats_lock);
  /* negative: d->ops is only ever what find_builtin returned, one of the tables k_builtin lists. */
  rc = d->ops->open(&open_state);
  pthread_mutex_unlock(&formats_lock);
  return rc;
}

int encoder_open(struct encoder *e) {
  int rc;
  pthread_mutex_lock(&formats_lock);
  /* positive: e->ops is what find_any returned: k_all lists hooked_ops, whose open calls the users' hook. */
  rc = e->ops->open(&open_state); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&formats_lock);
  return rc;
}

int writer_open(struct writer *w) {
  int rc;
  pthread_mutex_lock(&formats_lock);
  /* positive: w->ops is custom_ops, whose open users may replace. */
  rc = w->ops->open(&open_state); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&formats_lock);
  return rc;
}

int formats_open_builtin_kept(const char *name) {
  int rc = -1;
  pthread_mutex_lock(&formats_lock);
  const struct format_ops *ops = find_builtin(name);
  /* negative: a local only the lookup sets holds one of k_builtin's tables. */
  if (ops) rc = ops->open(&open_state);
  pthread_mutex_unlock(&formats_lock);
  return rc;
}

void formats_close_custom_kept(void) {
  const struct format_ops *ops = NULL;
  pthread_mutex_lock(&formats_lock);
  ops = custom_format();
  /* negative: the local holds custom_ops, whose close nothing replaces. */
  ops->close(open_state);
  pthread_mutex_unlock(&formats_lock);
}

int formats_open_any_kept(const char *name) {
  int rc = -1;
  pthread_mutex_lock(&formats_lock);
  const struct format_ops *ops = find_any(name);
  /* positive: the local may hold hooked_ops, whose open calls the users' hook. */
  if (ops) rc = ops->open(&open_state); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&formats_lock);
  return rc;
}

/* A lookup whose tables a public function changes through the lookup itself. */
struct tune_ops {
  const char *name;
  void (*flush)(void *state);
  void (*reset)(void *state);
};

static void plain_flush(void *state) { (void)state; }
static struct tune_ops gzip_tune = {"gzip", plain_flush, plain_flush};
static struct tune_ops *const k_tunes[] = {&gzip_tune, NULL};

static struct tune_ops *find_tune(const char *name) {
  for (struct tune_ops *const *p = k_tunes; *p; p++)
    if (strcmp((*p)->name, name) == 0) return *p;
  return NULL;
}

int tunes_override_flush(const char *name, void (*flush)(void *state)) {
  struct tune_ops *t = find_tune(name);
  if (!t) return -1;
  t->flush = flush;
  return 0;
}

void tunes_flush(const char *name) {
  pthread_mutex_lock(&formats_lock);
  struct tune_ops *t = find_tune(name);
  /* positive: tunes_override_flush puts the caller's function into the looked-up table. */
  if (t) t->flush(open_state); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&formats_lock);
}

void tunes_reset(const char *name) {
  pthread_mutex_lock(&formats_lock);
  struct tune_ops *t = find_tune(name);
  /* negative: nothing replaces reset; it stays plain_flush. */
  if (t) t->reset(open_state);
  pthread_mutex_unlock(&formats_lock);
}

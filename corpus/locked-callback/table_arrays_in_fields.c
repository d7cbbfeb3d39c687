/* A field that points into a static array of tables of the project's own
   functions (`l->entry_map = default_entries`, an event's entry picked as
   `&l->entry_map[event]`) calls one of those functions, and so does a field
   set to an element of a static array of pointers to such tables
   (`c->mod = modules[type]`); a field a public setter can point at the
   caller's own tables calls anything. */
#include <pthread.h>

typedef struct entry_details entry_details;
typedef void (*entry_log_fn)(int *out, const entry_details *d);
struct entry_details {
  int reqlen;
  entry_log_fn log_cb;
  const char *format;
};

enum { EVENT_TEXT, EVENT_EVICTION, EVENT_COUNT };

static void log_text(int *out, const entry_details *d) { *out = d->reqlen; }
static void log_eviction(int *out, const entry_details *d) { *out = d->reqlen * 2; }

static const entry_details default_entries[] = {
    [EVENT_TEXT] = {64, log_text, "text"},
    [EVENT_EVICTION] = {32, log_eviction, "eviction"},
};

typedef struct {
  pthread_mutex_t mutex;
  const entry_details *entry_map;
  int written;
} event_logger;

static event_logger g_logger = {PTHREAD_MUTEX_INITIALIZER, NULL, 0};

event_logger *logger_create(void) {
  g_logger.entry_map = default_entries;
  return &g_logger;
}

/* negative: the entry is one of default_entries', whose functions are the project's. */
int logger_log(event_logger *l, int event) {
  const entry_details *d = &l->entry_map[event];
  pthread_mutex_lock(&l->mutex);
  d->log_cb(&l->written, d);
  pthread_mutex_unlock(&l->mutex);
  return l->written;
}

typedef struct {
  pthread_mutex_t mutex;
  const entry_details *formats;
  int written;
} custom_logger;

/* A library's users may hand in an array of their own. */
void custom_logger_set_formats(custom_logger *l, const entry_details *formats) { l->formats = formats; }

/* positive: the entry may be one of the caller's own. */
int custom_logger_log(custom_logger *l, int event) {
  const entry_details *d = &l->formats[event];
  pthread_mutex_lock(&l->mutex);
  d->log_cb(&l->written, d); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&l->mutex);
  return l->written;
}

/* negative: the same direct on the array. */
int logger_log_default(event_logger *l, int event) {
  pthread_mutex_lock(&l->mutex);
  default_entries[event].log_cb(&l->written, &default_entries[event]);
  pthread_mutex_unlock(&l->mutex);
  return l->written;
}

/* A crawler that runs one of several modules, picked from a static array of
   pointers to the project's own module tables. */
typedef struct crawler crawler;
typedef struct {
  void (*init)(crawler *c);
  void (*eval)(crawler *c, int item);
} crawler_module;

struct crawler {
  pthread_mutex_t lock;
  const crawler_module *mod;
  int seen;
};

static void expire_init(crawler *c) { c->seen = 0; }
static void expire_eval(crawler *c, int item) { c->seen += item > 0; }
static void dump_init(crawler *c) { c->seen = -1; }
static void dump_eval(crawler *c, int item) { c->seen = item; }

static const crawler_module expire_module = {expire_init, expire_eval};
static const crawler_module dump_module = {dump_init, dump_eval};
static const crawler_module *const modules[] = {&expire_module, &expire_module, &dump_module};

/* negative: the module is one of the array's, whose functions are the project's. */
void crawler_start(crawler *c, int type) {
  pthread_mutex_lock(&c->lock);
  c->mod = modules[type];
  c->mod->init(c);
  pthread_mutex_unlock(&c->lock);
}

typedef struct {
  pthread_mutex_t lock;
  const crawler_module *mod;
} plugin_crawler;

static const crawler_module *plugin_modules[4];

/* A library's users register modules of their own. */
void crawler_register(int slot, const crawler_module *module) { plugin_modules[slot] = module; }

/* positive: a registered module may be the caller's. */
void plugin_crawler_start(plugin_crawler *p, int type, crawler *c) {
  pthread_mutex_lock(&p->lock);
  p->mod = plugin_modules[type];
  p->mod->init(c); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&p->lock);
}

/* A field that points into a static array of tables of the project's own
   functions (`l->entry_map = default_entries`, an event's entry picked as
   `&l->entry_map[event]`) calls one of those functions; a field a public
   setter can point at the caller's own array calls anything. */
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

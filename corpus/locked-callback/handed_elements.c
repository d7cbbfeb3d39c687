/* A C registry whose internal walker holds the registry lock while it runs
 * the visitor it is given, handing it each entry's callback: a visitor that
 * calls the callback it is handed runs the application's code under the
 * lock. Reported at the call that passes the visitor. */
#include <pthread.h>
#include <stddef.h>

typedef void (*he_event_fn) (void *arg);
typedef void (*he_visit_fn) (he_event_fn fn, void *arg, void *data);

struct he_entry
{
  he_event_fn fn;
  void *arg;
};

struct he_registry
{
  pthread_mutex_t lock;
  struct he_entry entries[16];
  int count;
};

/* Public: the application's callbacks go in here. */
int
he_register (struct he_registry *r, he_event_fn fn, void *arg)
{
  pthread_mutex_lock (&r->lock);
  if (r->count == 16)
    {
      pthread_mutex_unlock (&r->lock);
      return -1;
    }
  r->entries[r->count].fn = fn;
  r->entries[r->count].arg = arg;
  r->count++;
  pthread_mutex_unlock (&r->lock);
  return 0;
}

static void
walk_locked (struct he_registry *r, he_visit_fn visit, void *data)
{
  int i;
  pthread_mutex_lock (&r->lock);
  for (i = 0; i < r->count; i++)
    visit (r->entries[i].fn, r->entries[i].arg, data);
  pthread_mutex_unlock (&r->lock);
}

static void
fire_one (he_event_fn fn, void *arg, void *data)
{
  (void) data;
  fn (arg);
}

static void
count_one (he_event_fn fn, void *arg, void *data)
{
  (void) fn;
  (void) arg;
  ++*(int *) data;
}

void
he_fire_all (struct he_registry *r)
{
  /* positive: walk_locked hands fire_one each registered callback under r->lock. */
  walk_locked (r, fire_one, NULL); /* expect: concur-locked-callback */
}

int
he_count (struct he_registry *r)
{
  int n = 0;
  /* negative: count_one never calls the callback it is handed. */
  walk_locked (r, count_one, &n);
  return n;
}

/* A table of the library's own callbacks only: nothing outside fills it. */
static pthread_mutex_t own_lock = PTHREAD_MUTEX_INITIALIZER;
static int own_ticks;
static void own_tick (void *arg) { (void) arg; ++own_ticks; }
static void own_reset (void *arg) { (void) arg; own_ticks = 0; }
static he_event_fn own_table[2] = { own_tick, own_reset };

static void
walk_own (he_visit_fn visit)
{
  int i;
  pthread_mutex_lock (&own_lock);
  for (i = 0; i < 2; i++)
    visit (own_table[i], NULL, NULL);
  pthread_mutex_unlock (&own_lock);
}

void
he_run_own (void)
{
  /* negative: walk_own hands fire_one only the library's own counters, which take no lock. */
  walk_own (fire_one);
}

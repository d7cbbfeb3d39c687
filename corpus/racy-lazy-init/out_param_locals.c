/* A lock made in a helper's local and handed back through an out-parameter
 * (`m = malloc (...); pthread_mutex_init (m, ...); *where = m;`) is created into
 * whatever the caller passes the address of, as if the helper had written
 * `*where = malloc (...)`. The fact is "the object stored through the
 * parameter was made in this function", however many locals it passes through.
 * A mutex the helper set up as recursive stays recursive in the caller's
 * holder: re-entering it is not a self-deadlock. */
#define _XOPEN_SOURCE 700 /* pthread_mutexattr_settype under -std=c17 */
#include <pthread.h>
#include <stdlib.h>

static int mutex_new_at (pthread_mutex_t **where)
{
  pthread_mutex_t *m = malloc (sizeof *m);
  if (m == NULL)
    return -1;
  pthread_mutex_init (m, NULL);
  *where = m;
  return 0;
}

static int rmutex_new_at (pthread_mutex_t **where)
{
  pthread_mutexattr_t attr;
  pthread_mutex_t *made = malloc (sizeof *made);
  if (made == NULL)
    return -1;
  pthread_mutexattr_init (&attr);
  pthread_mutexattr_settype (&attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init (made, &attr);
  pthread_mutexattr_destroy (&attr);
  *where = made;
  return 0;
}

struct family {
  pthread_mutex_t *children_lock;
  int children;
};

static pthread_mutex_t *g_registry_lock;
static pthread_mutex_t *g_index_lock;
static int g_registered;
static pthread_once_t g_index_once = PTHREAD_ONCE_INIT;

/* positive: the first caller creates the family's lock; two first callers make two. */
int family_add_child (struct family *f)
{
  if (f->children_lock == NULL)
    mutex_new_at (&f->children_lock); // expect: concur-racy-lazy-init
  pthread_mutex_lock (f->children_lock);
  int n = ++f->children;
  pthread_mutex_unlock (f->children_lock);
  return n;
}

/* positive: a recursive lock created lazily races the same way. */
int registry_add (void)
{
  if (!g_registry_lock)
    rmutex_new_at (&g_registry_lock); // expect: concur-racy-lazy-init
  pthread_mutex_lock (g_registry_lock);
  int n = ++g_registered;
  pthread_mutex_unlock (g_registry_lock);
  return n;
}

/* negative: created when the family is made, before anyone shares it. */
struct family *family_new (void)
{
  struct family *f = calloc (1, sizeof *f);
  if (f == NULL || mutex_new_at (&f->children_lock) != 0) {
    free (f);
    return NULL;
  }
  return f;
}

static void index_lock_init (void)
{
  mutex_new_at (&g_index_lock);
}

/* negative: once-only creation. */
int index_touch (void)
{
  pthread_once (&g_index_once, index_lock_init);
  pthread_mutex_lock (g_index_lock);
  int n = g_registered;
  pthread_mutex_unlock (g_index_lock);
  return n;
}

/* negative: the recursive registry lock is re-entered by a helper: no self-deadlock. */
static int registry_count (void)
{
  pthread_mutex_lock (g_registry_lock);
  int n = g_registered;
  pthread_mutex_unlock (g_registry_lock);
  return n;
}

int registry_add_checked (int limit)
{
  pthread_mutex_lock (g_registry_lock);
  int ok = registry_count () < limit;
  if (ok)
    ++g_registered;
  pthread_mutex_unlock (g_registry_lock);
  return ok;
}

/* A helper that makes the lock in a local and stores it into a global itself. */
static pthread_mutex_t *g_conf_lock;
static pthread_mutex_t *g_audit_lock;
static pthread_mutex_t g_audit_guard = PTHREAD_MUTEX_INITIALIZER;
static int g_conf_value;

static void conf_lock_init (void)
{
  pthread_mutex_t *m = malloc (sizeof *m);
  if (!m)
    abort ();
  pthread_mutex_init (m, NULL);
  g_conf_lock = m;
}

/* positive: two first callers both run conf_lock_init. */
int conf_set (int value)
{
  if (g_conf_lock == NULL) conf_lock_init (); // expect: concur-racy-lazy-init
  pthread_mutex_lock (g_conf_lock);
  g_conf_value = value;
  pthread_mutex_unlock (g_conf_lock);
  return 0;
}

static void audit_lock_init (void)
{
  pthread_mutex_t *made = malloc (sizeof *made);
  if (!made)
    abort ();
  pthread_mutex_init (made, NULL);
  g_audit_lock = made;
}

/* negative: the test and the creation run under one lock every caller takes. */
void audit_note (void)
{
  pthread_mutex_lock (&g_audit_guard);
  if (!g_audit_lock)
    audit_lock_init ();
  pthread_mutex_unlock (&g_audit_guard);
  pthread_mutex_lock (g_audit_lock);
  g_conf_value++;
  pthread_mutex_unlock (g_audit_lock);
}

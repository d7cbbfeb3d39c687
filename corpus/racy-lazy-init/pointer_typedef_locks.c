/* concur-racy-lazy-init over a C lock type whose functions take it through a
 * pointer typedef (`typedef struct _CS { ... } CS, *LPCS;`, as Win32-style
 * emulation layers spell it): `CS *`, `struct _CS *` and `LPCS` name one
 * type, so the lock functions make `t->cs` a lock however each is written. */
#define _XOPEN_SOURCE 700
#include <pthread.h>
#include <stdlib.h>

typedef struct _CS {
  pthread_mutex_t mutex;
} CS, *LPCS;

void cs_setup(LPCS cs) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&cs->mutex, &attr);
  pthread_mutexattr_destroy(&attr);
}
void cs_enter(LPCS cs) { pthread_mutex_lock(&cs->mutex); }
void cs_leave(struct _CS *cs) { pthread_mutex_unlock(&cs->mutex); }

struct handle_table {
  CS *cs;
  struct _CS *names_cs;
  int count;
};

/* positive: the table's lock, made on first put with no lock held, then entered. */
int table_put(struct handle_table *t) {
  if (!t->cs) {
    t->cs = malloc(sizeof *t->cs); /* expect: concur-racy-lazy-init */
    cs_setup(t->cs);
  }
  cs_enter(t->cs);
  int slot = t->count++;
  cs_leave(t->cs);
  return slot;
}

static pthread_mutex_t g_tables_mu = PTHREAD_MUTEX_INITIALIZER;

/* negative: made while the global g_tables_mu is held. */
int table_name(struct handle_table *t) {
  pthread_mutex_lock(&g_tables_mu);
  if (!t->names_cs) {
    t->names_cs = malloc(sizeof *t->names_cs);
    cs_setup(t->names_cs);
  }
  pthread_mutex_unlock(&g_tables_mu);
  cs_enter(t->names_cs);
  int n = t->count;
  cs_leave(t->names_cs);
  return n;
}

/* negative: a table made whole before anyone can see it. */
struct handle_table *table_new(void) {
  struct handle_table *t = calloc(1, sizeof *t);
  if (!t) return NULL;
  t->cs = malloc(sizeof *t->cs);
  cs_setup(t->cs);
  return t;
}

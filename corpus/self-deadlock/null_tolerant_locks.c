/* A lock type whose lock and unlock functions accept a null handle and do
 * nothing with it (SQLite's sqlite3_mutex_enter), with a plain and a
 * recursive factory. Where a caller holds the lock, the handle exists, so a
 * callee that takes it wherever it exists takes it again. */
#define _XOPEN_SOURCE 700 /* pthread_mutexattr_settype under -std=c17 */
#include <pthread.h>
#include <stdlib.h>

typedef struct zmutex {
  pthread_mutex_t m;
} zmutex;

static zmutex *zmutex_new(void) {
  zmutex *m = calloc(1, sizeof *m);
  if (!m) return NULL;
  pthread_mutex_init(&m->m, NULL);
  return m;
}

static zmutex *zmutex_new_recursive(void) {
  pthread_mutexattr_t attr;
  zmutex *m = calloc(1, sizeof *m);
  if (!m) return NULL;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&m->m, &attr);
  pthread_mutexattr_destroy(&attr);
  return m;
}

static void zmutex_enter(zmutex *m) {
  if (m == NULL) return;
  pthread_mutex_lock(&m->m);
}

static void zmutex_leave(zmutex *m) {
  if (!m) return;
  pthread_mutex_unlock(&m->m);
}

struct zstats {
  long reads;
};

typedef struct zdb {
  zmutex *mutex;        /* plain */
  zmutex *schema_mutex; /* recursive */
  struct zstats *stats;
  int changes;
} zdb;

zdb *zdb_open(void) {
  zdb *db = calloc(1, sizeof *db);
  if (!db) return NULL;
  db->mutex = zmutex_new();
  db->schema_mutex = zmutex_new_recursive();
  return db;
}

int zdb_changes(zdb *db) {
  zmutex_enter(db->mutex);
  int n = db->changes;
  zmutex_leave(db->mutex);
  return n;
}

int zdb_exec(zdb *db) {
  zmutex_enter(db->mutex);
  db->changes++;
  /* positive: zdb_changes takes db->mutex again; it exists, since it is held. */
  int due = zdb_changes(db) % 100 == 0; /* expect: concur-self-deadlock */
  zmutex_leave(db->mutex);
  return due;
}

static int count_if_open(zdb *db) {
  if (db->mutex == NULL) return 0;
  zmutex_enter(db->mutex);
  int n = db->changes;
  zmutex_leave(db->mutex);
  return n;
}

int zdb_step(zdb *db) {
  zmutex_enter(db->mutex);
  /* positive: the callee skips only a missing mutex, and this one is held. */
  int n = count_if_open(db); /* expect: concur-self-deadlock */
  zmutex_leave(db->mutex);
  return n;
}

static int count_if_tracked(zdb *db) {
  if (db->stats == NULL) return 0;
  zmutex_enter(db->mutex);
  int n = db->changes;
  zmutex_leave(db->mutex);
  return n;
}

int zdb_peek(zdb *db) {
  zmutex_enter(db->mutex);
  /* negative: without stats the callee takes nothing: not on every path. */
  int n = count_if_tracked(db);
  zmutex_leave(db->mutex);
  return n;
}

int zdb_schema_version(zdb *db) {
  zmutex_enter(db->schema_mutex);
  int v = db->changes;
  zmutex_leave(db->schema_mutex);
  return v;
}

int zdb_prepare(zdb *db) {
  zmutex_enter(db->schema_mutex);
  /* negative: every store into schema_mutex is the recursive factory's. */
  int v = zdb_schema_version(db);
  zmutex_leave(db->schema_mutex);
  return v;
}

int zdb_close(zdb *db) {
  zmutex_enter(db->mutex);
  int n = db->changes;
  zmutex_leave(db->mutex);
  /* negative: released before the call. */
  return n + zdb_changes(db);
}

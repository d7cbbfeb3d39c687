/* A global struct whose fields point to C containers (mosquitto's `db`,
 * a server's tables): what a field points to is a global container where a
 * C container function is handed it. */
#include <pthread.h>
#include <stddef.h>

/* glib's tables, as its headers declare them. */
typedef struct _GHashTable GHashTable;
typedef struct _GPtrArray GPtrArray;
int g_hash_table_insert (GHashTable *table, void *key, void *value);
int g_hash_table_contains (GHashTable *table, const void *key);
int g_hash_table_remove (GHashTable *table, const void *key);
void *g_hash_table_lookup (GHashTable *table, const void *key);
GHashTable *g_hash_table_new (void *hash, void *equal);
void g_ptr_array_add (GPtrArray *array, void *data);
void g_ptr_array_remove_index (GPtrArray *array, unsigned index);

struct tables
{
  GHashTable *by_name;
  GHashTable *by_port;
};

struct broker_db
{
  pthread_mutex_t lock;
  GHashTable *clients;
  GPtrArray *errors;
  struct tables tables;
  GHashTable *sessions;
};

static struct broker_db db = { PTHREAD_MUTEX_INITIALIZER, NULL, NULL, { NULL, NULL }, NULL };

static void *
client_thread (void *arg)
{
  /* positive: every client thread registers itself: two can both miss the id. */
  if (!g_hash_table_contains (db.clients, arg))
    g_hash_table_insert (db.clients, arg, arg); /* expect: concur-shared-global-cache */
  return NULL;
}

void
start_clients (void)
{
  pthread_t threads[2];
  for (int i = 0; i < 2; i++)
    pthread_create (&threads[i], NULL, client_thread, NULL);
}

void
note_error (void *e)
{
  /* positive: drain_errors takes the lock for the same array. */
  g_ptr_array_add (db.errors, e); /* expect: concur-shared-global-cache */
}

void
drain_errors (void)
{
  pthread_mutex_lock (&db.lock);
  g_ptr_array_remove_index (db.errors, 0);
  pthread_mutex_unlock (&db.lock);
}

static void
remember (GHashTable *into, void *key)
{
  g_hash_table_insert (into, key, key);
}

void
name_port (void *name)
{
  /* positive: a nested struct's table, handed to a helper that changes it. */
  remember (db.tables.by_name, name); /* expect: concur-shared-global-cache */
}

void
forget_name (void *name)
{
  pthread_mutex_lock (&db.lock);
  g_hash_table_remove (db.tables.by_name, name);
  pthread_mutex_unlock (&db.lock);
}

void
add_port (void *port)
{
  /* negative: the port table is changed under db.lock everywhere. */
  pthread_mutex_lock (&db.lock);
  remember (db.tables.by_port, port);
  pthread_mutex_unlock (&db.lock);
}

void *
find_session (const void *id)
{
  /* negative: only looked up; nothing changes the sessions here. */
  return g_hash_table_lookup (db.sessions, id);
}

static pthread_once_t sessions_once = PTHREAD_ONCE_INIT;

static void
make_sessions (void)
{
  /* negative: the pointer itself, set once under pthread_once. */
  db.sessions = g_hash_table_new (NULL, NULL);
}

void
open_sessions (void)
{
  pthread_once (&sessions_once, make_sessions);
}

struct local_db
{
  GHashTable *names;
};

void
fill_local (GHashTable *names, void *name)
{
  struct local_db mine = { names };
  /* negative: a field of a local struct, not static storage. */
  g_hash_table_insert (mine.names, name, name);
}

/* A table type of the project's own, not a C container of the vocabulary. */
typedef struct registry registry;
void registry_put (registry *r, void *key);

static struct
{
  registry *plugins;
} g_host;

void
register_plugin (void *key)
{
  /* negative: registry_put is no container function the vocabulary knows,
   * and the project does not show what it does. */
  registry_put (g_host.plugins, key);
}
